package dev.mailflow.receive;

/**
 * Some records of the event met an AWS error that may pass (throttling, a 5xx answer, a timeout),
 * after every other record was handled.
 *
 * <p>The receive function throws it to fail the invocation, so that Lambda's asynchronous retry
 * delivers the same event again. That is safe: recording an arrival is one conditional write, so
 * the records already recorded answer {@link dev.mailflow.domain.probe.ArrivalOutcome#DUPLICATE}
 * the second time and nothing is counted twice. The cause is the first such error.
 */
class TransientFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransientFailureException(String message, Throwable cause) {
    super(message, cause);
  }
}
