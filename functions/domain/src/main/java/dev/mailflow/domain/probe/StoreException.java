package dev.mailflow.domain.probe;

/**
 * A store could not do what was asked: the service is down, throttling, or refused the request.
 *
 * <p>{@link #isTransient()} says whether trying the same call again later may succeed, which is
 * what a caller needs to decide between retrying a batch and reporting a record as failed.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean transientFailure;

  public StoreException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /** True when the same call may succeed if tried again later. */
  public boolean isTransient() {
    return transientFailure;
  }
}
