package dev.mailflow.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Fails a share of the attempts of AWS calls the way AWS fails them, chosen at random from a seed,
 * so that a whole run (a scenario of the local run, a function's test) can be played against a bad
 * day on AWS and replayed exactly from its seed.
 *
 * <p>Each attempt of a call (an SDK retry is a new attempt) fails with the {@linkplain
 * Builder#probability probability} given, with one of the {@linkplain Fault kinds} chosen evenly:
 *
 * <pre>{@code
 * FaultInjector faults = FaultInjector.builder().seed(42).probability(0.10).build();
 * AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(faults));
 * ...
 * faults.injected(); // {THROTTLE=31, SERVER_ERROR_BEFORE=29, SERVER_ERROR_AFTER=35}
 * }</pre>
 *
 * <p>The failures are the service's own exception types ({@code DynamoDbException}, {@code
 * SnsException}, ...) with the status code and error code AWS answers with, so the SDK retries them
 * as it would retry AWS's, and code that catches a service's exception catches them. A run replays
 * from its seed as long as the calls come in the same order: the draws are made in the order the
 * attempts are made. Thread-safe.
 *
 * <p>{@linkplain Builder#perCall() Per call}, the draw is made once for a whole call instead, and a
 * call drawn to fail fails every one of its attempts with the same kind: the SDK's retries do not
 * help, and the caller itself meets the failure, as on a bad minute of a service rather than a bad
 * request. Counts are then of calls.
 */
public final class FaultInjector implements ExecutionInterceptor {

  /** How an attempt fails. */
  public enum Fault {
    /**
     * Refused before execution with a 400 throttling error ({@code
     * ProvisionedThroughputExceededException} from DynamoDB, {@code ThrottlingException} from the
     * others): nothing happened, the SDK backs off and retries.
     */
    THROTTLE,
    /** Refused before execution with a 500: nothing happened, the SDK retries. */
    SERVER_ERROR_BEFORE,
    /**
     * The call reached the service and did its work, and its answer is replaced by a 500: the
     * ambiguous failure, after which a retry meets the effect of the attempt it retries.
     */
    SERVER_ERROR_AFTER
  }

  private static final ExecutionAttribute<Fault> DRAWN =
      new ExecutionAttribute<>("FaultInjector.drawn");
  private static final ExecutionAttribute<Fault> DRAWN_FOR_CALL =
      new ExecutionAttribute<>("FaultInjector.drawnForCall");

  private final Random random;
  private final double probability;
  private final Fault[] kinds;
  private final Set<String> operations;
  private final int limit;
  private final boolean perCall;
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private final Map<String, AtomicInteger> byOperation = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile boolean enabled = true;

  private FaultInjector(Builder builder) {
    this.random = new Random(builder.seed);
    this.probability = builder.probability;
    this.kinds = builder.kinds.toArray(Fault[]::new);
    this.operations = Set.copyOf(builder.operations);
    this.limit = builder.limit;
    this.perCall = builder.perCall;
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
  }

  /** A new injector: by default seed 0, every attempt of every operation, every kind. */
  public static Builder builder() {
    return new Builder();
  }

  /** Stops or resumes injecting, for the parts of a test that set the stage rather than play it. */
  public void enabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** How many attempts failed of each kind so far, every kind named. */
  public Map<Fault, Integer> injected() {
    Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    injected.forEach((fault, count) -> counts.put(fault, count.get()));
    return Collections.unmodifiableMap(counts);
  }

  /** How many attempts failed so far, of every kind. */
  public int injectedTotal() {
    return injected.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** How many attempts failed, by {@code "Operation KIND"}, sorted: where the faults fell. */
  public Map<String, Integer> injectedByOperation() {
    Map<String, Integer> counts = new TreeMap<>();
    byOperation.forEach((key, count) -> counts.put(key, count.get()));
    return Collections.unmodifiableMap(counts);
  }

  /** How many attempts the injector saw (faulted or not) of the operations it may fail. */
  public int attempts() {
    return attempts.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    // Called once per call, before its first attempt.
    if (perCall) {
      attributes.putAttribute(DRAWN_FOR_CALL, draw(attributes));
    }
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    // Called once per attempt, after signing: the draw is for this attempt only, unless made for
    // the whole call.
    Fault fault = perCall ? attributes.getAttribute(DRAWN_FOR_CALL) : draw(attributes);
    attributes.putAttribute(DRAWN, fault);
    if (fault == Fault.THROTTLE || fault == Fault.SERVER_ERROR_BEFORE) {
      throw failure(fault, attributes);
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
    if (attributes.getAttribute(DRAWN) != Fault.SERVER_ERROR_AFTER) {
      return;
    }
    // The service did the work; its answer is dropped unread, as a 500 from a front end would.
    context.responseBody().ifPresent(FaultInjector::discard);
    throw failure(Fault.SERVER_ERROR_AFTER, attributes);
  }

  private Fault draw(ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!enabled || !(operations.isEmpty() || operations.contains(operation))) {
      return null;
    }
    attempts.incrementAndGet();
    Fault fault;
    synchronized (random) {
      if (random.nextDouble() >= probability || injectedTotal() >= limit) {
        return null;
      }
      fault = kinds[random.nextInt(kinds.length)];
      injected.get(fault).incrementAndGet();
    }
    byOperation
        .computeIfAbsent(operation + " " + fault, key -> new AtomicInteger())
        .incrementAndGet();
    return fault;
  }

  private static AwsServiceException failure(Fault fault, ExecutionAttributes attributes) {
    String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
    int status = fault == Fault.THROTTLE ? 400 : 500;
    String code =
        fault != Fault.THROTTLE
            ? "InternalServerError"
            : "DynamoDb".equals(service)
                ? "ProvisionedThroughputExceededException"
                : "ThrottlingException";
    String message =
        fault == Fault.SERVER_ERROR_AFTER
            ? "injected after the request was executed"
            : "injected before the request was executed";
    AwsServiceException.Builder builder = serviceExceptionBuilder(service);
    builder
        .statusCode(status)
        .message(message + " (" + code + ")")
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(code)
                .errorMessage(message)
                .serviceName(service)
                .sdkHttpResponse(
                    SdkHttpResponse.builder().statusCode(status).statusText(code).build())
                .build());
    return builder.build();
  }

  /**
   * The builder of the service's own exception ({@code software.amazon.awssdk.services.dynamodb
   * .model.DynamoDbException} for {@code DynamoDb}), found by the SDK's naming rule; the plain
   * {@link AwsServiceException} where the rule finds none.
   */
  private static AwsServiceException.Builder serviceExceptionBuilder(String service) {
    String type =
        "software.amazon.awssdk.services."
            + service.toLowerCase(java.util.Locale.ROOT)
            + ".model."
            + service
            + "Exception";
    try {
      return (AwsServiceException.Builder) Class.forName(type).getMethod("builder").invoke(null);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return AwsServiceException.builder();
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot build a " + type, e);
    }
  }

  private static void discard(InputStream body) {
    try (body) {
      body.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("the answer to drop could not be read", e);
    }
  }

  /** How an injector fails attempts. */
  public static final class Builder {
    private long seed;
    private double probability = 0.10;
    private Set<Fault> kinds = EnumSet.allOf(Fault.class);
    private Set<String> operations = Set.of();
    private int limit = Integer.MAX_VALUE;
    private boolean perCall;

    private Builder() {}

    /**
     * Draws once per call, not per attempt: a call drawn to fail fails every attempt, so no SDK
     * retry gets it through.
     */
    public Builder perCall() {
      this.perCall = true;
      return this;
    }

    /**
     * At most {@code faults} failures in all, then none: with probability 1, {@code limit(1)} fails
     * exactly the first attempt, so a test can see what one retry does.
     */
    public Builder limit(int faults) {
      this.limit = faults;
      return this;
    }

    /** The seed of the draws: the same seed and the same calls give the same faults. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The share of attempts to fail, from 0 to 1; 0.10 unless set. */
    public Builder probability(double probability) {
      if (!(probability >= 0 && probability <= 1)) {
        throw new IllegalArgumentException("a probability is from 0 to 1, not " + probability);
      }
      this.probability = probability;
      return this;
    }

    /** The kinds of failure to choose from, evenly; all three unless set. */
    public Builder kinds(Set<Fault> kinds) {
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("name at least one kind of fault");
      }
      this.kinds = EnumSet.copyOf(kinds);
      return this;
    }

    /**
     * The operations whose attempts may fail, by the API's names ({@code UpdateItem}, {@code
     * Publish}); every operation when empty, as unless set.
     */
    public Builder operations(Set<String> operations) {
      this.operations = Set.copyOf(operations);
      return this;
    }

    public FaultInjector build() {
      return new FaultInjector(this);
    }
  }
}
