package dev.mailflow.domain.evaluation;

/** A notice could not be handed to the alert channel; it stays pending and is tried again. */
public class AlertPublishException extends Exception {
  private static final long serialVersionUID = 1L;

  public AlertPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
