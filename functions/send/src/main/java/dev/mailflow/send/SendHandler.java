package dev.mailflow.send;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mailflow.adapters.aws.AwsClients;
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
 * <p>The schedule only wakes the function: the event's id and time are logged, nothing in it is
 * needed, and an empty or unknown input is a run like any other. Whether a route is due is decided
 * from its last recorded probe, and a due route is sent only once its send slot is claimed in the
 * store, so a doubled or retried invocation sends nothing twice.
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

  /**
   * Builds the function from the process environment, once per container.
   *
   * @throws IllegalStateException naming every missing or bad variable, which fails the container's
   *     start (an init error) rather than every invocation
   */
  public SendHandler() {
    this(SendSettings.fromEnvironment(System.getenv()));
  }

  private SendHandler(SendSettings settings) {
    this(
        SendFunction.from(settings, new AwsClients(), Clock.systemUTC()),
        new EmbeddedMetrics(settings.routeMetrics()));
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
    this.function = Objects.requireNonNull(function, "function");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
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
    SendSummary summary = function.run();
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
