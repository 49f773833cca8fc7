package dev.mailflow.send;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.lambda.FunctionSummary;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.sending.SendReport;
import dev.mailflow.domain.sending.SendResult;
import java.util.Objects;

/**
 * What one run of the send function did: the round's counts and what happened on each route, small
 * enough to read in the Lambda console's test result or a Step Functions trace, and the metrics of
 * the run.
 *
 * <pre>
 * {"accepted": 1, "sendFailures": 1, "unrecorded": 0, "notDue": 1,
 *  "routes": [
 *   {"route": "MX01-to-MX02", "outcome": "SENT", "probe": "q3Jx0bW8LkPz1mNe",
 *    "sentAt": "2026-03-02T10:00:00.123Z", "replyCode": 250,
 *    "reply": "2.0.0 Ok: queued as 4F2A1", "recorded": true},
 *   {"route": "MX02-to-MX01", "outcome": "SEND_FAILED", ..., "replyCode": 554, ...},
 *   {"route": "MX03-to-MX01", "outcome": "NOT_DUE", "note": "next probe due at ..."}]}
 * </pre>
 *
 * @param report the send round's report
 */
record SendSummary(SendReport report) implements FunctionSummary {
  static final String NOT_DUE = "NOT_DUE";

  SendSummary {
    Objects.requireNonNull(report, "report");
  }

  /**
   * Routes that sent nothing this round: not due yet, another run holds their send slot, or the
   * store could not be asked.
   */
  long notDue() {
    return report.results().stream().filter(result -> !result.attempted()).count();
  }

  @Override
  public ObjectNode json() {
    ObjectNode root = FunctionSummary.newJson();
    root.put("accepted", report.accepted());
    root.put("sendFailures", report.sendFailures());
    root.put("unrecorded", report.unrecorded());
    root.put("notDue", notDue());
    ArrayNode routes = root.putArray("routes");
    for (SendResult result : report.results()) {
      ObjectNode route = routes.addObject();
      route.put("route", result.routeId());
      Probe probe = result.probe();
      if (probe == null) {
        route.put("outcome", NOT_DUE);
        route.put("note", result.note());
        continue;
      }
      Submission submission = probe.submission();
      route.put(
          "outcome", (submission.accepted() ? ProbeState.SENT : ProbeState.SEND_FAILED).name());
      route.put("probe", probe.probeId());
      route.put("sentAt", probe.sentAt().toString());
      route.put("replyCode", submission.replyCode());
      route.put("reply", submission.reply());
      route.put("recorded", result.recorded());
    }
    return root;
  }

  /**
   * One line per route that sent a probe when metrics carry the route, then the round's totals;
   * without the route, the per-route lines would only repeat the totals.
   */
  @Override
  public void emitMetrics(EmbeddedMetrics metrics) {
    for (SendResult result : report.results()) {
      if (result.attempted() && metrics.routeDimension()) {
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
