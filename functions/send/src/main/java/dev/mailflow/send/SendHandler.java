package dev.mailflow.send;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.sending.SendReport;
import dev.mailflow.domain.sending.SendResult;
import dev.mailflow.domain.sending.SendRound;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send function's Lambda entry point, invoked on a schedule (an EventBridge rule or EventBridge
 * Scheduler): every enabled route that is due gets a signed probe, submitted to its source server,
 * and the server's answer is recorded.
 *
 * <p>The schedule only wakes the function: the event's id and time are logged, nothing in it is
 * needed, and an empty or unknown input is a run like any other. Whether a route is due is decided
 * from its last recorded probe, so a doubled or retried invocation sends nothing twice.
 *
 * <p>The answer is a small JSON summary (see {@link SendReportJson}). The invocation fails only
 * when there is nothing it can do: no configuration could ever be read, or the signing key cannot.
 * A server that refuses probes, or cannot be reached, is an outcome, recorded as SEND_FAILED.
 *
 * <p>Lambda builds it once per container with the public constructor; tests hand the parts to the
 * package-private ones.
 */
public final class SendHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(SendHandler.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private final Supplier<MonitorConfiguration> configuration;
  private final SendRound round;
  private final EmbeddedMetrics metrics;

  /**
   * Builds the function from its environment, once per container.
   *
   * @throws IllegalStateException naming every missing or bad variable, which fails the container's
   *     start (an init error) rather than every invocation
   */
  public SendHandler() {
    this(SendFunction.fromEnvironment(System.getenv(), AwsClients::new, Clock.systemUTC()));
  }

  /**
   * For tools that run the function outside Lambda, such as the local run: settings and AWS
   * endpoints from {@code environment}, time from {@code clock}.
   */
  public SendHandler(Map<String, String> environment, Clock clock) {
    this(
        SendFunction.fromEnvironment(
            environment, () -> AwsClients.forEnvironment(environment), clock));
  }

  SendHandler(SendFunction function) {
    this(function.configuration()::current, function.round(), new EmbeddedMetrics());
  }

  SendHandler(Supplier<MonitorConfiguration> configuration, SendRound round) {
    this(configuration, round, new EmbeddedMetrics());
  }

  SendHandler(
      Supplier<MonitorConfiguration> configuration, SendRound round, EmbeddedMetrics metrics) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.round = Objects.requireNonNull(round, "round");
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
    MonitorConfiguration current;
    try {
      current = configuration.get();
    } catch (ConfigurationUnavailableException e) {
      LOG.error("no probes sent: {}", e.getMessage());
      throw e;
    }
    SendReport report = round.run(current);
    LOG.info(
        "send round done: accepted={} sendFailures={} unrecorded={} notDue={} routes={}",
        report.accepted(),
        report.sendFailures(),
        report.unrecorded(),
        SendReportJson.notDue(report),
        report.results().size());
    emitMetrics(report);
    JSON.writeValue(output, SendReportJson.of(report, JSON));
  }

  private void emitMetrics(SendReport report) {
    for (SendResult result : report.results()) {
      if (result.attempted()) {
        metrics
            .forRoute(result.routeId())
            .count("ProbesSent", result.accepted() ? 1 : 0)
            .count("SendFailures", result.accepted() ? 0 : 1)
            .emit();
      }
    }
    metrics
        .forFunction()
        .count("ProbesAccepted", report.accepted())
        .count("ProbeSendFailures", report.sendFailures())
        .count("ProbesUnrecorded", report.unrecorded())
        .emit();
  }
}
