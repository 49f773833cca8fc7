package dev.mailflow.adapters.aws;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to standard error while it is open, where slf4j-simple writes the log in
 * tests, so a test can check that something was logged. What it captured is written to the real
 * standard error on close, so the test report still shows it.
 */
final class CapturedStandardError implements AutoCloseable {

  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  CapturedStandardError() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  String text() {
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
    original.print(text());
  }
}
