package dev.mailflow.local;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.MotoServerStartException;
import dev.mailflow.local.output.HtmlReport;
import dev.mailflow.local.output.OutcomeSummary;
import dev.mailflow.local.output.TerminalStyle;
import dev.mailflow.local.output.TerminalTimeline;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioException;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.RunListener;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.Simulation;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The local run's command: plays a scenario through the real send, receive and evaluate functions
 * against the moto server (started here) and in-process SMTP servers, prints the timeline, writes
 * the HTML report, and says whether the notices were the ones expected.
 *
 * <pre>
 * ./mvnw -B -q -pl local -am package -DskipTests &amp;&amp; java -jar local/target/mailflow-local.jar
 * </pre>
 *
 * <p>See {@link Options#USAGE} for the arguments.
 */
public final class LocalRun {
  static final int PASSED = 0;
  static final int NOT_AS_EXPECTED = 1;
  static final int USAGE_ERROR = 2;
  static final int SET_UP_FAILED = 3;

  private final PrintStream out;
  private final PrintStream err;

  LocalRun(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] arguments) {
    int status = new LocalRun(System.out, System.err).run(Arrays.asList(arguments));
    System.exit(status);
  }

  /** Runs the command and answers its exit status. */
  int run(List<String> arguments) {
    Options options;
    try {
      options = Options.parse(arguments);
    } catch (IllegalArgumentException e) {
      err.println("mailflow-local: " + e.getMessage());
      err.println(Options.USAGE);
      return USAGE_ERROR;
    }
    if (options.help()) {
      out.println(Options.USAGE);
      out.println();
      out.println("Scenarios in the library: " + String.join(", ", ScenarioLibrary.names()));
      return PASSED;
    }
    Scenario scenario;
    try {
      scenario = scenario(options.scenario());
    } catch (ScenarioException e) {
      err.println("mailflow-local: the scenario cannot be played:");
      for (String fault : e.faults()) {
        err.println("  " + fault);
      }
      return USAGE_ERROR;
    }
    Path report =
        options
            .report()
            .orElse(Path.of("target", "mailflow-local", scenario.name() + ".html"))
            .toAbsolutePath();
    Path outputs = report.getParent();
    try {
      Files.createDirectories(outputs);
    } catch (IOException e) {
      err.println("mailflow-local: cannot create " + outputs + ": " + e.getMessage());
      return SET_UP_FAILED;
    }
    Path functionLog = outputs.resolve(scenario.name() + ".functions.log");
    FunctionLog log;
    try {
      log = FunctionLog.open(functionLog);
    } catch (IOException e) {
      err.println("mailflow-local: cannot write " + functionLog + ": " + e.getMessage());
      return SET_UP_FAILED;
    }
    try {
      return play(scenario, options, report, functionLog);
    } catch (IOException e) {
      err.println("mailflow-local: cannot write " + report + ": " + e.getMessage());
      return SET_UP_FAILED;
    } finally {
      log.close();
    }
  }

  private int play(Scenario scenario, Options options, Path report, Path functionLog)
      throws IOException {
    TerminalStyle style = TerminalStyle.detect();
    OutcomeSummary summary = new OutcomeSummary(out, style);
    summary.header(scenario);
    MotoServer moto;
    long motoStarted = System.nanoTime();
    try {
      moto = MotoServer.shared(report.getParent().resolve("moto-server.log"));
    } catch (MotoServerStartException e) {
      err.println("mailflow-local: " + e.getMessage());
      return SET_UP_FAILED;
    }
    summary.emulator(moto.endpoint(), Duration.ofNanos(System.nanoTime() - motoStarted));

    List<RunListener> listeners = new ArrayList<>();
    if (!options.quiet()) {
      listeners.add(new TerminalTimeline(out, style, style.interactive()));
    }
    RunResult result =
        new Simulation(scenario, moto.environment(), listeners, List.of(), options.shardSize())
            .run();
    Files.writeString(report, new HtmlReport(result).html());
    summary.outcome(result, report, functionLog, wallTime());
    return result.expectations().passed() ? PASSED : NOT_AS_EXPECTED;
  }

  /** A scenario file, or failing that, a scenario of the library. */
  private static Scenario scenario(String fileOrName) {
    Path file = Path.of(fileOrName);
    if (Files.isRegularFile(file)) {
      return ScenarioReader.read(file);
    }
    Optional<String> bundled = ScenarioLibrary.text(fileOrName);
    if (bundled.isPresent()) {
      return ScenarioReader.read(bundled.get(), "local/scenarios/" + fileOrName + ".yaml");
    }
    throw new ScenarioException(
        List.of(
            fileOrName
                + ": no such file, and no scenario of that name in the library ("
                + String.join(", ", ScenarioLibrary.names())
                + ")"));
  }

  /** Since the JVM started: what the person at the terminal waited. */
  private static Duration wallTime() {
    return Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
  }
}
