package dev.mailflow.domain.maintenance;

/**
 * A recurrence that cannot be a maintenance series: a rule that does not parse or never occurs, a
 * time zone that does not exist, a length that is not positive. The message says what is wrong in
 * words an operator can act on.
 */
public final class InvalidRecurrenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRecurrenceException(String message) {
    super(message);
  }

  public InvalidRecurrenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
