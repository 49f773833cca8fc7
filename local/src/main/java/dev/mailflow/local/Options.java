package dev.mailflow.local;

import dev.mailflow.evaluate.EvaluateSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The local run's command line.
 *
 * @param scenario a scenario file, or the name of one in the library; the seed story by default
 * @param report where to write the HTML report; beside the other outputs by default
 * @param quiet print the outcome only, not the timeline
 * @param shardSize judge the routes in shards of this many, as a stack of more routes than {@code
 *     MAILFLOW_SHARD_SIZE} does; empty: every round in one invocation
 * @param help print the usage and stop
 */
record Options(
    String scenario, Optional<Path> report, boolean quiet, OptionalInt shardSize, boolean help) {

  /** The most the evaluate function takes as {@code MAILFLOW_SHARD_SIZE}. */
  static final int MAX_SHARD_SIZE = EvaluateSettings.MAX_SHARD_SIZE;

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar local/target/mailflow-local.jar [--scenario FILE|NAME] [--report FILE]"
              + " [--quiet] [--shard-size N]",
          "",
          "Runs Mailflow's send, receive and evaluate functions on this machine against the moto",
          "server and in-process SMTP servers, on a simulated clock, and checks the notices a",
          "subscriber receives against those the scenario expects.",
          "",
          "  --scenario FILE|NAME  a scenario file, or the name of one in the library",
          "                        (default: " + ScenarioLibrary.DEFAULT + ")",
          "  --report FILE         where to write the HTML report",
          "                        (default: target/mailflow-local/<scenario>.html)",
          "  --quiet               print the outcome only, not the timeline",
          "  --shard-size N        judge the routes in shards of N (1 to "
              + MAX_SHARD_SIZE
              + "), each its own",
          "                        invocation through a shard queue, as a stack of more routes",
          "                        than its ShardSize does (default: one invocation a round)",
          "  --help                print this and stop",
          "",
          "Exit status: 0 when the notices are exactly those expected, 1 when not, 2 for a",
          "mistake in the command line or the scenario, 3 when the pipeline could not be set up.");

  /**
   * Reads the arguments.
   *
   * @throws IllegalArgumentException saying what is wrong with them
   */
  static Options parse(List<String> arguments) {
    String scenario = ScenarioLibrary.DEFAULT;
    Optional<Path> report = Optional.empty();
    boolean quiet = false;
    OptionalInt shardSize = OptionalInt.empty();
    boolean help = false;
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      switch (argument) {
        case "--scenario":
          scenario = value(arguments, ++i, argument);
          break;
        case "--report":
          report = Optional.of(Path.of(value(arguments, ++i, argument)));
          break;
        case "--quiet":
          quiet = true;
          break;
        case "--shard-size":
          shardSize = OptionalInt.of(shardSize(value(arguments, ++i, argument)));
          break;
        case "--help":
        case "-h":
          help = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + argument + "'");
      }
    }
    return new Options(scenario, report, quiet, shardSize, help);
  }

  private static int shardSize(String text) {
    try {
      int size = Integer.parseInt(text);
      if (size >= 1 && size <= MAX_SHARD_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        "--shard-size must be a number of routes from 1 to "
            + MAX_SHARD_SIZE
            + ", not '"
            + text
            + "'");
  }

  private static String value(List<String> arguments, int index, String option) {
    if (index >= arguments.size() || arguments.get(index).startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return arguments.get(index);
  }
}
