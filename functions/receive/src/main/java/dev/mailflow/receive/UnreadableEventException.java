package dev.mailflow.receive;

/**
 * The event that invoked the receive function is not an event it can read at all: not JSON, or
 * without a {@code Records} array. The message says which.
 *
 * <p>Nothing in such an event can be recorded, so the invocation fails with this reason. Lambda
 * retries a failed asynchronous invocation at most twice and then hands the event to the function's
 * on-failure destination, if any: the same bad event is never retried forever.
 */
class UnreadableEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnreadableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
