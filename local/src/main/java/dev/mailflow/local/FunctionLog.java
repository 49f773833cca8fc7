package dev.mailflow.local;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the functions' own output goes in a local run: a file beside the report, as Lambda sends a
 * function's standard output to CloudWatch Logs. The terminal shows the timeline; the file keeps
 * every log line and metric the functions write.
 *
 * <p>The functions write their metrics (Embedded Metric Format) to standard output, so standard
 * output is pointed at the file while it is open, and set back on {@link #close()}; the local run
 * writes to the terminal through the stream it held before. The function jars bring their JSON
 * logger as an SLF4J provider; the local run chooses the simple provider by name instead ({@code
 * slf4j.provider}, which also spares SLF4J its search) and has it write to standard output too, so
 * log lines and metrics stand in one file in the order they were written. This must happen before
 * any logger is made.
 */
final class FunctionLog implements AutoCloseable {
  private final PrintStream previous;
  private final PrintStream file;

  private FunctionLog(PrintStream previous, PrintStream file) {
    this.previous = previous;
    this.file = file;
  }

  /**
   * Sends the functions' output to {@code path} until closed.
   *
   * @throws IOException when the file cannot be written
   */
  static FunctionLog open(Path path) throws IOException {
    System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    System.setProperty("slf4j.internal.verbosity", "WARN");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.out");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    // The emulator says when it stops, after the run: not news for the terminal.
    System.setProperty("org.slf4j.simpleLogger.log.dev.mailflow.emulator", "warn");
    PrintStream file =
        new PrintStream(new FileOutputStream(path.toFile()), true, StandardCharsets.UTF_8);
    PrintStream previous = System.out;
    System.setOut(file);
    return new FunctionLog(previous, file);
  }

  @Override
  public void close() {
    System.setOut(previous);
    file.close();
  }
}
