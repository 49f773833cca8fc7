package dev.mailflow.send;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.sending.SendReport;
import dev.mailflow.domain.sending.SendResult;

/**
 * The send function's answer to its invocation: the round's counts and what happened on each route,
 * small enough to read in the Lambda console's test result or a Step Functions trace.
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
 */
final class SendReportJson {
  static final String NOT_DUE = "NOT_DUE";

  private SendReportJson() {}

  static ObjectNode of(SendReport report, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("accepted", report.accepted());
    root.put("sendFailures", report.sendFailures());
    root.put("unrecorded", report.unrecorded());
    root.put("notDue", notDue(report));
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

  /** Routes that sent nothing this round: not due yet, or their last probe could not be read. */
  static long notDue(SendReport report) {
    return report.results().stream().filter(result -> !result.attempted()).count();
  }
}
