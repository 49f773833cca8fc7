package dev.mailflow.receive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.probe.ArrivalOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The receive function's Lambda entry point: records the arrival of probe mails that SES received,
 * from an SES receipt rule's Lambda action or from the S3 event of the object its S3 action stored.
 *
 * <p>Each invocation parses the event, hands its records to {@link ReceiveFunction}, and returns
 * and logs the counts of their outcomes as one line of JSON ({@link ReceiveSummary}).
 *
 * <p>The invocation fails in two cases only: the event cannot be read at all ({@link
 * UnreadableEventException}), or a record met a transient AWS error ({@link
 * TransientFailureException}), after the other records were handled, so that Lambda retries the
 * event. Everything else that can go wrong with a record is that record's outcome.
 *
 * <p>Lambda builds it once per container with the no-argument constructor, which reads {@link
 * ReceiveSettings} from the environment and builds every client and adapter then; a missing
 * variable or an unreadable signing secret fails the cold start with a message that names it. The
 * local run and tests hand it the {@link ReceiveFunction} they built.
 */
public final class ReceiveHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReceiveHandler.class);

  private final InboundEventParser parser = new InboundEventParser();
  private final ReceiveFunction function;
  private final EmbeddedMetrics metrics;
  // Kept here: the checkpoint context holds what is registered with it only weakly.
  private final ColdStartPriming priming;

  /**
   * Builds the function from the process environment, once per container.
   *
   * @throws IllegalStateException naming every missing or bad variable, which fails the container's
   *     start (an init error) rather than every invocation
   */
  public ReceiveHandler() {
    this(ReceiveSettings.fromEnvironment(System.getenv()), new AwsClients());
  }

  /** Builds the function, then primes it (see {@link ReceiveFunction#priming}). */
  private ReceiveHandler(ReceiveSettings settings, AwsClients clients) {
    this(
        ReceiveFunction.from(settings, clients, Clock.systemUTC()),
        new EmbeddedMetrics(settings.routeMetrics()),
        ReceiveFunction.priming(settings, clients).primeAndRegister());
  }

  /**
   * Runs {@code function} with per-route metrics: for tools that run it outside Lambda and read
   * every route's metrics.
   */
  public ReceiveHandler(ReceiveFunction function) {
    this(function, new EmbeddedMetrics(true));
  }

  /**
   * Runs {@code function}, writing its metrics to {@code metrics}: for tools that run it outside
   * Lambda as Lambda would, such as the local run.
   */
  public ReceiveHandler(ReceiveFunction function, EmbeddedMetrics metrics) {
    this(function, metrics, ColdStartPriming.none());
  }

  private ReceiveHandler(
      ReceiveFunction function, EmbeddedMetrics metrics, ColdStartPriming priming) {
    this.function = Objects.requireNonNull(function, "function");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.priming = priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    if (context != null) {
      MDC.put("awsRequestId", context.getAwsRequestId());
    }
    try {
      InboundEvent event;
      try {
        event = parser.parse(input);
      } catch (UnreadableEventException e) {
        LOG.error("Event refused, nothing recorded: {}", e.getMessage(), e);
        throw e;
      }
      ReceiveSummary summary = function.run(event);
      summary.emitMetrics(metrics);
      LOG.info("Receive summary {}", summary.toJson());
      summary.writeTo(output);
      Optional<RuntimeException> transientFailure = summary.firstTransientFailure();
      if (transientFailure.isPresent()) {
        throw new TransientFailureException(
            summary.count(ArrivalOutcome.TRANSIENT_FAILURE)
                + " of "
                + summary.records()
                + " records met a transient AWS error; failing so that Lambda retries the event,"
                + " which is safe: arrivals already recorded answer DUPLICATE. First: "
                + transientFailure.get().getMessage(),
            transientFailure.get());
      }
    } finally {
      MDC.remove("awsRequestId");
    }
  }
}
