package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.StoreException;
import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an AWS SDK failure into the domain's {@link StoreException}, deciding whether trying again
 * later may help. Every DynamoDB store uses it, so they all draw the line in the same place.
 *
 * <p>The SDK has already retried what it retries by itself when one of these reaches us, so the
 * question is what the caller should do next: a throttled, timed-out or unreachable DynamoDB is
 * worth another Lambda attempt (transient); a missing table or a refused request is not, and
 * retrying it only delays the alarm.
 */
final class StoreFailure {

  private StoreFailure() {}

  /** A {@link StoreException} saying {@code what} failed, with the SDK's own message after it. */
  static StoreException of(String what, SdkException cause) {
    return new StoreException(what + ": " + cause.getMessage(), isTransient(cause), cause);
  }

  /** True for throttling, 5xx answers, clock skew, timeouts and I/O errors. */
  static boolean isTransient(SdkException failure) {
    if (failure.retryable()) {
      return true;
    }
    if (failure instanceof AwsServiceException service) {
      return service.isThrottlingException()
          || service.isClockSkewException()
          || service.statusCode() >= 500;
    }
    if (failure instanceof ApiCallTimeoutException
        || failure instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
