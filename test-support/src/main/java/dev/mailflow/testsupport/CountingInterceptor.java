package dev.mailflow.testsupport;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS API calls an SDK client makes, by operation name, so that a test can hold an
 * adapter to its call budget ("one probe costs three writes", "an evaluation reads each route with
 * one query").
 *
 * <p>Attach it when building the clients, then assert on the counts:
 *
 * <pre>{@code
 * CountingInterceptor calls = new CountingInterceptor();
 * AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(calls));
 * ...
 * assertThat(calls.count("UpdateItem")).isEqualTo(2);
 * }</pre>
 *
 * <p>A call is counted once however many times the SDK retries it, because the budget is about what
 * the code asks for; operation names are the API's own ({@code UpdateItem}, {@code Query}, {@code
 * Publish}). Counts from every client it is attached to are added together; it is thread-safe.
 */
public final class CountingInterceptor implements ExecutionInterceptor {

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    counts.computeIfAbsent(operation, name -> new AtomicInteger()).incrementAndGet();
  }

  /** Calls of {@code operationName} since creation or the last {@link #reset()}. */
  public int count(String operationName) {
    AtomicInteger count = counts.get(operationName);
    return count == null ? 0 : count.get();
  }

  /** Calls of every operation since creation or the last {@link #reset()}. */
  public int total() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /**
   * Every operation called and how often, sorted by name: {@code assertThat(calls.counts())
   * .containsExactly(entry("Query", 1))} also proves that nothing else was called.
   */
  public Map<String, Integer> counts() {
    Map<String, Integer> snapshot = new TreeMap<>();
    counts.forEach((operation, count) -> snapshot.put(operation, count.get()));
    snapshot.values().removeIf(count -> count == 0);
    return Collections.unmodifiableMap(snapshot);
  }

  /** Forgets every call counted so far, for example the ones that set the test up. */
  public void reset() {
    counts.clear();
  }
}
