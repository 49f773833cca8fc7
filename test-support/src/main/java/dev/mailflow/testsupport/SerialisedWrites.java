package dev.mailflow.testsupport;

import java.util.Set;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Makes the emulator's DynamoDB writes atomic, as DynamoDB's are, so that a test racing two
 * conditional writes at one item means something.
 *
 * <p>DynamoDB checks a write's condition and applies the write as one step per item: of two writes
 * racing with {@code attribute_not_exists}, exactly one succeeds. moto checks and applies in two
 * steps without a lock, so both can succeed, and a race test on it proves nothing. Attached to
 * every client of a test (the same instance), this interceptor lets one write at a time reach the
 * emulator: it holds a permit from just before an attempt is sent until its answer is back (or the
 * call failed). That order is stricter than DynamoDB's (per item, not per emulator), which only
 * removes interleavings DynamoDB does not allow.
 *
 * <pre>{@code
 * SerialisedWrites writes = new SerialisedWrites();
 * AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(writes));
 * }</pre>
 *
 * <p>Reads are not held back. Thread-safe; it works for clients within one JVM.
 */
public final class SerialisedWrites implements ExecutionInterceptor {

  /** The DynamoDB operations that change items, by the API's names. */
  static final Set<String> WRITES =
      Set.of(
          "PutItem",
          "UpdateItem",
          "DeleteItem",
          "BatchWriteItem",
          "TransactWriteItems",
          "ExecuteStatement",
          "BatchExecuteStatement",
          "ExecuteTransaction");

  private static final ExecutionAttribute<Boolean> HOLDING =
      new ExecutionAttribute<>("SerialisedWrites.holding");

  private final Semaphore permit = new Semaphore(1, true);

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (!isWrite(attributes) || Boolean.TRUE.equals(attributes.getAttribute(HOLDING))) {
      // A retry whose earlier attempt failed before its answer still holds the permit.
      return;
    }
    permit.acquireUninterruptibly();
    attributes.putAttribute(HOLDING, true);
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    release(attributes);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    release(attributes);
  }

  private void release(ExecutionAttributes attributes) {
    if (Boolean.TRUE.equals(attributes.getAttribute(HOLDING))) {
      attributes.putAttribute(HOLDING, false);
      permit.release();
    }
  }

  private static boolean isWrite(ExecutionAttributes attributes) {
    return "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
        && WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
