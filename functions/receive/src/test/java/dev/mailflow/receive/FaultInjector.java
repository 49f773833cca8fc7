package dev.mailflow.receive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Makes chosen AWS calls fail the way a bad network or a failing service does, every attempt of the
 * call, so that the SDK's own retries give up and the failure reaches the code under test.
 *
 * <p>Two kinds: the request never leaves (a connection reset before sending), or the service did
 * the work and its answer is lost (DynamoDB's 500 instead of the real answer): the nastiest case
 * for a retry, which must then find the work done and not do it twice.
 */
final class FaultInjector implements ExecutionInterceptor {

  /** DynamoDB's answer when it fails internally (the JSON protocol's error body). */
  private static final byte[] SERVER_ERROR =
      "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"injected\"}"
          .getBytes(StandardCharsets.UTF_8);

  private static final ExecutionAttribute<Fault> FAULT = new ExecutionAttribute<>("InjectedFault");

  enum Fault {
    RESET_BEFORE_SENDING,
    SERVER_ERROR_AFTER_DOING_IT
  }

  private volatile String operation = "";
  private volatile Fault fault;
  private final AtomicInteger callsToFail = new AtomicInteger();

  /** The next {@code calls} calls of {@code operationName} fail with {@code fault}. */
  void failNext(String operationName, int calls, Fault kind) {
    operation = operationName;
    fault = kind;
    callsToFail.set(calls);
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (operation.equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
        && callsToFail.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      attributes.putAttribute(FAULT, fault);
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(FAULT) == Fault.RESET_BEFORE_SENDING) {
      throw SdkClientException.builder()
          .message("injected: connection reset before sending")
          .cause(new IOException("Connection reset"))
          .build();
    }
  }

  @Override
  public SdkHttpResponse modifyHttpResponse(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(FAULT) == Fault.SERVER_ERROR_AFTER_DOING_IT) {
      // The error type header names the error before the body does: replace both.
      return context.httpResponse().toBuilder()
          .statusCode(500)
          .statusText("injected")
          .putHeader("x-amzn-ErrorType", "InternalServerError")
          .build();
    }
    return context.httpResponse();
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(FAULT) == Fault.SERVER_ERROR_AFTER_DOING_IT) {
      // Every attempt must fail alike: a retried conditional write would otherwise report the
      // real answer, "already done", from the service.
      return Optional.of(new ByteArrayInputStream(SERVER_ERROR));
    }
    return context.responseBody();
  }
}
