package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Rule 8: submission failures are told apart from lost mail. */
class SendFailureTest {
  private final Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));

  @Test
  void evaluate_whenSubmissionsFail_saysSoWithTheServersReply() {
    route.sendFailed(at(0), 535, "5.7.8 Authentication credentials invalid");
    route.sendFailed(at(5), 535, "5.7.8 Authentication credentials invalid");

    Notice opened = route.evaluateAt(at(6)).notices().get(0);

    assertThat(opened.count(Verdict.SEND_FAILED)).isEqualTo(2);
    assertThat(opened.count(Verdict.LOST)).isZero();
    assertThat(opened.headline()).isEqualTo("OPENED CRITICAL MX02-to-MX01: 2 not submitted");
    assertThat(opened.reason())
        .contains("not submitted to MX02 (sent 2026-03-02 10:05:00Z: 535 5.7.8 Authentication");
  }

  @Test
  void evaluate_whenSomeAreLostAndSomeNotSubmitted_countsEachKind() {
    route.lost(at(0));
    route.sendFailed(at(5), 0, "connect timed out after 10s");
    route.lost(at(10));
    route.lostEvery(Policies.FIVE_MINUTES, at(15), at(30)); // still in flight at 26

    Notice opened = route.evaluateAt(at(26)).notices().get(0);

    assertThat(opened.headline())
        .isEqualTo("OPENED CRITICAL MX02-to-MX01: 2 lost, 1 not submitted");
    assertThat(opened.reason())
        .contains("not submitted to MX02 (sent 2026-03-02 10:05:00Z: connect");
    assertThat(opened.reason()).contains("lost (sent 2026-03-02 10:00:00Z, not arrived after 26m)");
  }

  @Test
  void evaluate_whenSubmissionFails_judgesAtOnceWithoutWaitingForTheLossTimeout() {
    route.sendFailed(at(0), 421, "4.3.2 Service not available");
    route.sendFailed(at(5), 421, "4.3.2 Service not available");

    assertThat(route.evaluateAt(at(5)).notices()).hasSize(1);
  }
}
