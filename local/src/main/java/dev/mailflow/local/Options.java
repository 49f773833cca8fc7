package dev.mailflow.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The local run's command line.
 *
 * @param scenario a scenario file, or the name of one in the library; the seed story by default
 * @param report where to write the HTML report; beside the other outputs by default
 * @param quiet print the outcome only, not the timeline
 * @param help print the usage and stop
 */
record Options(String scenario, Optional<Path> report, boolean quiet, boolean help) {

  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar local/target/mailflow-local.jar [--scenario FILE|NAME] [--report FILE]"
              + " [--quiet]",
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
        case "--help":
        case "-h":
          help = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + argument + "'");
      }
    }
    return new Options(scenario, report, quiet, help);
  }

  private static String value(List<String> arguments, int index, String option) {
    if (index >= arguments.size() || arguments.get(index).startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return arguments.get(index);
  }
}
