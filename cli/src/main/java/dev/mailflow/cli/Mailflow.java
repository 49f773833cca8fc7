package dev.mailflow.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code mailflow} command: the operator's tool for a Mailflow stack.
 *
 * <p>It sets maintenance windows and reads what the monitor sees, against a deployed stack (the
 * default AWS credential chain, {@code --profile}, {@code --region}, {@code --stack}) or the local
 * emulator ({@code --endpoint-url}). Every command prints for people by default and JSON with
 * {@code --json}, and ends with one of the documented exit codes (docs/cli.md):
 *
 * <ul>
 *   <li>{@link #OK} the command did what it was asked;
 *   <li>{@link #NOT_OK} it ran, and its answer is "not ok" (a route failing, for instance);
 *   <li>{@link #USAGE} bad input: an unknown command or option, a bad time or scope, an unknown
 *       window or route;
 *   <li>{@link #AWS_FAILURE} AWS could not be reached or refused a call.
 * </ul>
 *
 * <p>Errors are one line on standard error, never a stack trace. Tests run the command in-process
 * with {@link #commandLine(Map, Clock, ZoneId)}, a fixed clock and captured output.
 */
@Command(
    name = "mailflow",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Mailflow.Version.class,
    subcommands = {
      MaintenanceCommand.class,
      StatusCommand.class,
      IncidentsCommand.class,
      ProbesCommand.class,
      ExplainCommand.class
    },
    description =
        "The operator's tool for Mailflow: maintenance windows and what the monitor sees.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 the answer is \"not ok\", 2 bad input, 3 AWS unreachable or refused.",
      "See docs/cli.md."
    })
public final class Mailflow implements Runnable {

  /** The command did what it was asked. */
  public static final int OK = 0;

  /** The command ran, and its answer is "not ok". */
  public static final int NOT_OK = 1;

  /** Bad input: unknown command or option, bad time or scope, unknown window or route. */
  public static final int USAGE = 2;

  /** AWS could not be reached, or refused a call. */
  public static final int AWS_FAILURE = 3;

  /** Anything else is a bug in the tool, said in one line as well. */
  public static final int BUG = 70;

  @Spec private CommandSpec spec;

  private final Map<String, String> environment;
  private final Clock clock;
  private final ZoneId localZone;

  @CommandLine.Mixin private final GlobalOptions options = new GlobalOptions();

  private Connection connection;

  private Mailflow(Map<String, String> environment, Clock clock, ZoneId localZone) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.localZone = localZone;
  }

  public static void main(String[] args) {
    System.exit(
        commandLine(System.getenv(), Clock.systemUTC(), ZoneId.systemDefault()).execute(args));
  }

  /**
   * The command, ready to {@link CommandLine#execute}: {@code environment} stands for the process
   * environment (AWS and MAILFLOW variables), {@code clock} for now, {@code localZone} for the zone
   * a time without an offset is read in when {@code --zone} is not given.
   */
  public static CommandLine commandLine(
      Map<String, String> environment, Clock clock, ZoneId localZone) {
    Mailflow root = new Mailflow(environment, clock, localZone);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setParameterExceptionHandler(new Failures.BadInput());
    commandLine.setExecutionExceptionHandler(new Failures.Execution());
    commandLine.setExecutionStrategy(
        parsed -> {
          try {
            return new CommandLine.RunLast().execute(parsed);
          } finally {
            root.close();
          }
        });
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a command, such as: mailflow maintenance list");
  }

  /** The root of {@code spec}'s command tree: where the global options and the connection live. */
  static Mailflow of(CommandSpec spec) {
    return (Mailflow) spec.root().userObject();
  }

  GlobalOptions options() {
    return options;
  }

  /** The process environment, or the tests' stand-in for it. */
  Map<String, String> environment() {
    return environment;
  }

  /** Now, to the second: the times a command writes and prints carry no fractions. */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  Clock clock() {
    return clock;
  }

  /** The zone a time without an offset is read in: {@code --zone}, else the local zone. */
  ZoneId zone() {
    return options.zone().orElse(localZone);
  }

  /** The stack's clients and tables, built on first use. */
  Connection connection() {
    if (connection == null) {
      connection = Connection.open(options, environment, clock);
    }
    return connection;
  }

  private void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Mailflow.class.getPackage().getImplementationVersion();
      return new String[] {"mailflow " + (version == null ? "development" : version)};
    }
  }
}
