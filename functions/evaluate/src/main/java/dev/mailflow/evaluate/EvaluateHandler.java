package dev.mailflow.evaluate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.adapters.aws.DynamoDbNoticeLedger;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.DynamoDbRouteStateStore;
import dev.mailflow.adapters.aws.SnsAlertPublisher;
import dev.mailflow.adapters.aws.SsmParameterDocument;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.Evaluation;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteOutcome;
import dev.mailflow.domain.evaluation.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate function: on each scheduled run, judges every route, stores what changed and
 * publishes incident notices to SNS.
 *
 * <p>Everything is built once per container from {@link EvaluateSettings}; each run reads the
 * configuration (at most once a minute), the maintenance windows, and per route its state and one
 * query of probes. A run in which some route could not be evaluated still evaluates the others and
 * then fails, so that the function's error alarm shows it; running it again is safe, because every
 * transition is stored conditionally and every notice is published once.
 */
public final class EvaluateHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConfigurationSource configuration;
  private final EvaluationRound round;
  private final EmbeddedMetrics metrics;

  /** For Lambda: settings from the process environment, clients as the SDK configures them. */
  public EvaluateHandler() {
    this(System.getenv(), Clock.systemUTC(), new AwsClients());
  }

  /**
   * For tools that run the function outside Lambda, such as the local run: settings and AWS
   * endpoints from {@code environment}, time from {@code clock}.
   */
  public EvaluateHandler(Map<String, String> environment, Clock clock) {
    this(environment, clock, AwsClients.forEnvironment(environment));
  }

  private EvaluateHandler(Map<String, String> environment, Clock clock, AwsClients aws) {
    this(EvaluateSettings.fromEnvironment(environment), clock, aws);
  }

  private EvaluateHandler(EvaluateSettings settings, Clock clock, AwsClients aws) {
    this(
        ConfigurationSource.fromParameterOrFile(
            settings.configParameter(),
            settings.configFile(),
            parameter -> new SsmParameterDocument(aws.ssm(), parameter),
            clock,
            settings.defaultPolicy()),
        new EvaluationRound(
            new DynamoDbProbeStore(
                aws.dynamoDb(), settings.probesTable(), Duration.ofDays(30), clock),
            new DynamoDbRouteStateStore(aws.dynamoDb(), settings.stateTable()),
            new DynamoDbMaintenanceWindowSource(aws.dynamoDb(), settings.windowsTable(), clock),
            new SnsAlertPublisher(
                aws.sns(),
                settings.alertTopicArn(),
                settings.alertTimeZone().map(NoticeText::new).orElseGet(NoticeText::new)),
            new DynamoDbNoticeLedger(aws.dynamoDb(), settings.stateTable()),
            new RouteEvaluator(),
            clock,
            settings.publishingLease()),
        new EmbeddedMetrics());
  }

  /** For tests: the collaborators themselves. */
  EvaluateHandler(
      ConfigurationSource configuration, EvaluationRound round, EmbeddedMetrics metrics) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.round = Objects.requireNonNull(round, "round");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    // A scheduled event carries nothing the run needs; it is read only to be logged.
    if (LOG.isDebugEnabled()) {
      LOG.debug("scheduled event {}", new String(input.readAllBytes(), StandardCharsets.UTF_8));
    }
    long started = System.nanoTime();
    EvaluationReport report = round.run(configuration.current());
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
    emitMetrics(report, elapsedMillis);
    ObjectNode summary = summary(report, elapsedMillis);
    LOG.info("evaluation run: {}", summary);
    JSON.writeValue(output, summary);
    if (report.failedRoutes() > 0) {
      throw new RouteEvaluationException(
          report.failedRoutes()
              + " of "
              + report.routes().size()
              + " routes could not be evaluated; the others were. See the log for each.");
    }
  }

  private void emitMetrics(EvaluationReport report, long elapsedMillis) {
    for (RouteOutcome outcome : report.routes()) {
      Evaluation evaluation = outcome.evaluation();
      if (evaluation == null) {
        continue;
      }
      long lost = 0;
      long failed = 0;
      long affected = 0;
      for (AssessedProbe probe : evaluation.probes()) {
        if (probe.maintenanceAffected()) {
          affected++;
        } else if (probe.verdict() == Verdict.LOST || probe.verdict() == Verdict.LATE) {
          lost++;
        } else if (probe.verdict() == Verdict.SEND_FAILED) {
          failed++;
        }
      }
      metrics
          .forRoute(outcome.routeId())
          .count("LostProbes", lost)
          .count("SendFailedProbes", failed)
          .count("MaintenanceAffectedProbes", affected)
          .count("OpenIncidents", evaluation.nextState().hasOpenIncident() ? 1 : 0)
          .count("NoticesPublished", outcome.published())
          .emit();
    }
    metrics
        .forFunction()
        .milliseconds("EvaluationTime", elapsedMillis)
        .count("RoutesEvaluated", report.routes().size() - report.failedRoutes())
        .count("RoutesFailed", report.failedRoutes())
        .count("NoticesPending", report.pendingNotices())
        .count("RejectedWindowItems", report.rejectedWindows())
        .emit();
  }

  private static ObjectNode summary(EvaluationReport report, long elapsedMillis) {
    ObjectNode summary = JSON.createObjectNode();
    summary.put("elapsedMillis", elapsedMillis);
    summary.put("rejectedWindowItems", report.rejectedWindows());
    summary.put("configurationNotices", report.configurationNotices());
    ArrayNode routes = summary.putArray("routes");
    for (RouteOutcome outcome : report.routes()) {
      ObjectNode route = routes.addObject();
      route.put("route", outcome.routeId());
      if (outcome.evaluation() != null) {
        route.put("condition", outcome.evaluation().condition().name());
        route.put("openIncident", outcome.evaluation().nextState().hasOpenIncident());
      }
      route.put("published", outcome.published());
      route.put("pending", outcome.pending());
      if (outcome.raceLost()) {
        route.put("raceLost", true);
      }
      if (outcome.failed()) {
        route.put("failure", outcome.failure());
      }
    }
    return summary;
  }
}
