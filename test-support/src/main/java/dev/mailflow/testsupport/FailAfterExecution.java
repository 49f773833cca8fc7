package dev.mailflow.testsupport;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Turns the answer to the first attempts of one AWS operation into a 500 after the service did the
 * work: the ambiguous failure the SDK retries by itself. The retry then meets the effect of the
 * attempt it retries, so a conditional write fails its own condition, which is what a test of
 * idempotent writes needs to see.
 *
 * <pre>{@code
 * FailAfterExecution faults = new FailAfterExecution();
 * AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(faults));
 * faults.failNextAttempts("UpdateItem", 1);
 * store.recordArrival(arrival); // DynamoDB recorded it, answered 500; the SDK's retry answers
 * }</pre>
 *
 * <p>It counts attempts, not calls: an SDK retry is a new attempt, so with one attempt to fail the
 * call itself succeeds or fails on its second attempt. Operation names are the API's own ({@code
 * UpdateItem}, {@code PutItem}); the error body is DynamoDB's. Thread-safe.
 */
public final class FailAfterExecution implements ExecutionInterceptor {

  /** DynamoDB's answer when it fails internally (the JSON protocol's error body). */
  private static final byte[] SERVER_ERROR =
      ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
              + "\"message\":\"injected after the request was executed\"}")
          .getBytes(StandardCharsets.UTF_8);

  private static final ExecutionAttribute<Boolean> FAILED =
      new ExecutionAttribute<>("FailAfterExecution.failed");

  private volatile String operation = "";
  private final AtomicInteger attemptsToFail = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();

  /** The next {@code attempts} attempts of {@code operationName} are answered with a 500. */
  public void failNextAttempts(String operationName, int attempts) {
    operation = operationName;
    attemptsToFail.set(attempts);
  }

  /** How many answers were turned into a 500 since creation. */
  public int failedAttempts() {
    return failed.get();
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    // Called once per attempt, after the service answered: decide for this attempt only.
    boolean fail =
        operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
            && attemptsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    attributes.putAttribute(FAILED, fail);
    if (!fail) {
      return context.httpResponse();
    }
    failed.incrementAndGet();
    // The error type header names the error before the body does: replace both.
    return context.httpResponse().toBuilder()
        .statusCode(500)
        .statusText("injected")
        .putHeader("x-amzn-ErrorType", "InternalServerError")
        .removeHeader("x-amz-crc32")
        .build();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(FAILED))) {
      return Optional.of(new ByteArrayInputStream(SERVER_ERROR));
    }
    return context.responseBody();
  }
}
