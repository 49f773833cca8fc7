package dev.mailflow.send;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.sending.SendReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send function's Lambda entry point, invoked on a schedule (an EventBridge rule or EventBridge
 * Scheduler): every enabled route that is due gets a signed probe, submitted to its source server,
 * and the server's answer is recorded.
 *
 * <p>The event's time is the instant the schedule meant the run to start: the routes whose slot
 * began in the schedule period that ends then are due, so runs a little late or early share the
 * slots as the schedule does. An empty or unknown input is a run as of the function's own clock. A
 * due route is sent only once its send slot is claimed in the store, so a doubled or retried
 * invocation sends nothing twice.
 *
 * <p>The answer is a small JSON summary (see {@link SendSummary}). The invocation fails only when
 * there is nothing it can do: no configuration could ever be read, or the signing key cannot. A
 * server that refuses probes, or cannot be reached, is an outcome, recorded as SEND_FAILED.
 *
 * <p>Lambda builds it once per container with the no-argument constructor; the local run and tests
 * hand it the {@link SendFunction} they built.
 */
public final class SendHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SendHandler.class);

  private final SendFunction function;
  private final EmbeddedMetrics metrics;
  // Kept here: the checkpoint context holds what is registered with it only weakly.
  private final ColdStartPriming priming;

  /**
   * Builds the function from the process environment, once per container.
   *
   * @throws IllegalStateException naming every missing or bad variable, which fails the container's
   *     start (an init error) rather than every invocation
   */
  public SendHandler() {
    this(SendSettings.fromEnvironment(System.getenv()), new AwsClients());
  }

  /** Builds the function, then primes it (see {@link SendFunction#priming}). */
  private SendHandler(SendSettings settings, AwsClients clients) {
    this(
        SendFunction.from(settings, clients, Clock.systemUTC()),
        new EmbeddedMetrics(settings.routeMetrics()),
        SendFunction.priming(settings, clients).primeAndRegister());
  }

  /**
   * Runs {@code function} with per-route metrics: for tools that run it outside Lambda and read
   * every route's metrics.
   */
  public SendHandler(SendFunction function) {
    this(function, new EmbeddedMetrics(true));
  }

  /**
   * Runs {@code function}, writing its metrics to {@code metrics}: for tools that run it outside
   * Lambda as Lambda would, such as the local run.
   */
  public SendHandler(SendFunction function, EmbeddedMetrics metrics) {
    this(function, metrics, ColdStartPriming.none());
  }

  private SendHandler(SendFunction function, EmbeddedMetrics metrics, ColdStartPriming priming) {
    this.function = Objects.requireNonNull(function, "function");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.priming = priming;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    ScheduledEvent event = ScheduledEvent.read(input);
    if (!event.readable()) {
      LOG.warn("the invocation's input is not JSON; a scheduled run needs none, so it runs");
    }
    LOG.info(
        "scheduled run event={} time={} source={} request={}",
        event.id(),
        event.time(),
        event.source(),
        context == null ? "" : context.getAwsRequestId());
    if (!event.time().isEmpty() && event.scheduledAt().isEmpty()) {
      LOG.warn("the event's time '{}' is not an instant; the run sends as of now", event.time());
    }
    SendSummary summary = function.run(event.scheduledAt());
    SendReport report = summary.report();
    LOG.info(
        "send round done: accepted={} sendFailures={} unrecorded={} notDue={} routes={}",
        report.accepted(),
        report.sendFailures(),
        report.unrecorded(),
        summary.notDue(),
        report.results().size());
    summary.emitMetrics(metrics);
    summary.writeTo(output);
  }
}
