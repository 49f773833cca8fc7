package dev.mailflow.cli;

/**
 * Bad input found while a command runs: a time, scope or duration that does not read, a window or
 * route that does not exist. The command ends with exit code {@link Mailflow#USAGE} and the message
 * as its one line on standard error.
 */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
