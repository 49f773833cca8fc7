package dev.mailflow.emulator;

/**
 * The moto server could not be started: not installed, or it did not come up in time.
 *
 * <p>The message says what to install and carries the server's own output, so a failed test run
 * explains itself without anyone opening the log file.
 */
public class MotoServerStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MotoServerStartException(String message) {
    super(message);
  }
}
