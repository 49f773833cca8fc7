package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.ProbeState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 4: a probe delivered after it was declared lost is LATE and never resolves anything. */
class LateProbeTest {
  private final Timeline route =
      new Timeline(
          Timeline.route(
              "MX02",
              "MX01",
              STANDARD.withProbeInterval(Duration.ofMinutes(10)).withThresholds(1, 1)));

  @Test
  void evaluate_whenLostProbeArrivesAfterItsTimeout_doesNotResolveTheIncident() {
    route.deliveredAt(at(0), at(17));
    route.deliveredAt(at(10), at(29));

    Evaluation lost = route.evaluateAt(at(16));
    Evaluation late = route.evaluateAt(at(18));

    assertThat(lost.notices()).extracting(Notice::type).containsExactly(NoticeType.OPENED);
    assertThat(late.probes().get(0).state()).isEqualTo(ProbeState.LATE);
    assertThat(late.probes().get(0).verdict()).isEqualTo(Verdict.LATE);
    assertThat(late.notices()).isEmpty();
    assertThat(late.nextState().hasOpenIncident()).isTrue();
    assertThat(late.condition()).isEqualTo(RouteCondition.FAILING);
  }

  @Test
  void evaluate_whenNewerProbesArriveInTime_theLossIsToldOnceAndTheLateOneStaysBad() {
    route.deliveredAt(at(0), at(17));
    route.delivered(at(10), Duration.ofSeconds(30));
    route.delivered(at(20), Duration.ofSeconds(30));

    // One loss opens with this policy; the newer probe that arrived fine does not hide it.
    assertThat(route.evaluateAt(at(16)).notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.RESOLVED);
    Evaluation afterTwenty = route.evaluateAt(at(21));
    assertThat(afterTwenty.notices()).isEmpty();
    assertThat(afterTwenty.probes())
        .extracting(AssessedProbe::verdict)
        .containsExactly(Verdict.LATE, Verdict.GOOD, Verdict.GOOD);
    assertThat(afterTwenty.nextState().hasOpenIncident()).isFalse();
  }

  @Test
  void evaluate_whenAProbeSentAfterTheIncidentOpenedArrivesLate_itDoesNotCloseIt() {
    route.lost(at(0));
    route.lost(at(10));
    route.deliveredAt(at(20), at(36));
    route.lost(at(30));

    assertThat(route.evaluateAt(at(16)).notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.OPENED);
    Evaluation afterLateArrival = route.evaluateAt(at(37));

    assertThat(afterLateArrival.probes().get(2).verdict()).isEqualTo(Verdict.LATE);
    assertThat(afterLateArrival.notices()).isEmpty();
    assertThat(afterLateArrival.nextState().hasOpenIncident()).isTrue();
  }
}
