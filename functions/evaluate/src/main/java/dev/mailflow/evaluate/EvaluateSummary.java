package dev.mailflow.evaluate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.lambda.FunctionSummary;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.Evaluation;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.RouteOutcome;
import dev.mailflow.domain.evaluation.Verdict;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What one run of the evaluate function did: per route its condition, whether an incident is open
 * and what was published, and the metrics of the run.
 *
 * <pre>
 * {"elapsedMillis": 412, "rejectedWindowItems": 0, "configurationNotices": 0,
 *  "routes": [
 *   {"route": "MX01-to-MX02", "condition": "HEALTHY", "openIncident": false,
 *    "flushes": ["4 queued probes delivered at ..."], "published": 0, "pending": 0},
 *   {"route": "MX01-to-MX03", "condition": "WAITING", "waitingSeconds": 42,
 *    "openIncident": false, "published": 0, "pending": 0},
 *   {"route": "MX02-to-MX01", "published": 0, "pending": 0, "failure": "..."}]}
 * </pre>
 *
 * @param report the evaluation round's report
 * @param elapsedMillis how long the round took
 */
record EvaluateSummary(EvaluationReport report, long elapsedMillis) implements FunctionSummary {

  EvaluateSummary {
    Objects.requireNonNull(report, "report");
  }

  @Override
  public ObjectNode json() {
    ObjectNode summary = FunctionSummary.newJson();
    summary.put("elapsedMillis", elapsedMillis);
    summary.put("rejectedWindowItems", report.rejectedWindows());
    summary.put("configurationNotices", report.configurationNotices());
    ArrayNode routes = summary.putArray("routes");
    for (RouteOutcome outcome : report.routes()) {
      ObjectNode route = routes.addObject();
      route.put("route", outcome.routeId());
      if (outcome.evaluation() != null) {
        route.put("condition", outcome.evaluation().condition().name());
        if (outcome.evaluation().waitingFor() != null) {
          route.put("waitingSeconds", outcome.evaluation().waitingFor().toSeconds());
        }
        route.put("openIncident", outcome.evaluation().nextState().hasOpenIncident());
        if (!outcome.evaluation().newFlushes().isEmpty()) {
          // Listed even when no incident is open, when no notice tells it: a queue was held.
          ArrayNode flushes = route.putArray("flushes");
          outcome.evaluation().newFlushes().forEach(flush -> flushes.add(flush.describe()));
        }
      }
      route.put("published", outcome.published());
      route.put("pending", outcome.pending());
      if (outcome.raceLost()) {
        route.put("raceLost", true);
      }
      if (outcome.failed()) {
        route.put("failure", outcome.failure());
      }
      if (outcome.notReached()) {
        route.put("notReached", true);
      }
    }
    return summary;
  }

  /**
   * One line per route evaluated when metrics carry the route, then the run's totals; without the
   * route, every route's values are added up into the totals' line (so {@code OpenIncidents} counts
   * the routes with an open incident).
   */
  @Override
  public void emitMetrics(EmbeddedMetrics metrics) {
    long[] sum = new long[6];
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
      long[] values = {
        lost,
        failed,
        affected,
        evaluation.nextState().hasOpenIncident() ? 1 : 0,
        outcome.published(),
        evaluation.newFlushes().size()
      };
      if (metrics.routeDimension()) {
        routeLine(metrics.forRoute(outcome.routeId()), values, OptionalInt.of((int) values[3]))
            .emit();
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += values[i];
        }
      }
    }
    EmbeddedMetrics.Line totals = metrics.forFunction();
    if (!metrics.routeDimension()) {
      routeLine(totals, sum, report.openIncidents());
    }
    totals
        .milliseconds("EvaluationTime", elapsedMillis)
        .count(
            "RoutesEvaluated",
            report.routes().size() - report.failedRoutes() - report.notReachedRoutes())
        .count("RoutesFailed", report.failedRoutes())
        .count("RoutesNotReached", report.notReachedRoutes())
        .count("NoticesPending", report.pendingNotices())
        .count("RejectedWindowItems", report.rejectedWindows())
        .emit();
  }

  /**
   * The per-route values; {@code OpenIncidents}, a count at a moment rather than a sum over runs,
   * only where {@code openIncidents} knows it: an invocation that judged some shard of a round
   * leaves it to the invocation that ends the round, which counts every route's.
   */
  private static EmbeddedMetrics.Line routeLine(
      EmbeddedMetrics.Line line, long[] values, OptionalInt openIncidents) {
    line.count("LostProbes", values[0])
        .count("SendFailedProbes", values[1])
        .count("MaintenanceAffectedProbes", values[2]);
    openIncidents.ifPresent(open -> line.count("OpenIncidents", open));
    return line.count("NoticesPublished", values[4]).count("BacklogFlushes", values[5]);
  }
}
