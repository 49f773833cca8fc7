package dev.mailflow.domain.evaluation;

import static dev.mailflow.domain.evaluation.Policies.FAST;
import static dev.mailflow.domain.evaluation.Policies.FIVE_MINUTES;
import static dev.mailflow.domain.evaluation.Policies.STANDARD;
import static dev.mailflow.domain.evaluation.Timeline.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rule 7: probes delivered together after waiting are one flush, reported once. */
class BacklogFlushTest {
  private final Timeline route = new Timeline(Timeline.route("MX02", "MX01", STANDARD));

  @Test
  void evaluate_whenQueuedProbesArriveTogether_reportsOneFlushInTheResolvedNotice() {
    route.delivered(at(0), FAST);
    for (int minute = 5; minute < 40; minute += 5) {
      route.deliveredAt(at(minute), at(38));
    }
    route.deliveredEvery(FIVE_MINUTES, at(40), at(70), FAST);
    route.evaluateEvery(FIVE_MINUTES, at(0), at(70));

    assertThat(route.noticeShape()).containsExactly("OPENED@30", "RESOLVED@50");
    Notice resolved = route.notices().get(1);
    assertThat(resolved.flushes())
        .singleElement()
        .satisfies(
            flush -> {
              assertThat(flush.size()).isEqualTo(7);
              assertThat(flush.firstDeliveredAt()).isEqualTo(at(38));
              assertThat(flush.sentDuringMaintenance()).isZero();
              assertThat(flush.longestLatency()).isEqualTo(Duration.ofMinutes(33));
            });
    assertThat(resolved.reason()).contains("7 queued probes delivered at 2026-03-02 10:38:00Z");
    assertThat(resolved.reason()).doesNotContain("sent during maintenance");
  }

  @Test
  void evaluate_whenFlushHappensOutsideAnyIncident_reportsItOnceAndAlertsNothing() {
    route.delivered(at(0), FAST);
    for (int minute = 5; minute < 40; minute += 5) {
      route.deliveredAt(at(minute), at(41));
    }
    route.deliveredEvery(FIVE_MINUTES, at(40), at(70), FAST);
    route.window("patch", MaintenanceScope.server("MX01"), at(3), at(39));

    route.evaluateEvery(FIVE_MINUTES, at(0), at(40));
    Evaluation first = route.evaluateAt(at(45));
    Evaluation second = route.evaluateAt(at(50));

    assertThat(route.notices()).isEmpty();
    assertThat(first.newFlushes())
        .singleElement()
        .satisfies(flush -> assertThat(flush.size()).isEqualTo(7))
        .satisfies(flush -> assertThat(flush.sentDuringMaintenance()).isEqualTo(7));
    assertThat(second.newFlushes()).isEmpty();
  }

  @Test
  void evaluate_whenDeliveriesAreCloseButNobodyWaited_findsNoFlush() {
    route.delivered(at(0), Duration.ofSeconds(40));
    route.delivered(at(0, 30), Duration.ofSeconds(15));

    assertThat(route.evaluateAt(at(2)).newFlushes()).isEmpty();
  }

  @Test
  void evaluate_whenDeliveriesOfWaitingProbesAreFarApart_findsNoFlush() {
    route.deliveredAt(at(0), at(12));
    route.deliveredAt(at(5), at(14));

    assertThat(route.evaluateAt(at(15)).newFlushes()).isEmpty();
  }

  @Test
  void evaluate_whenAnEvaluationSeesAFlushHalfWay_reportsItOnceWhole() {
    route.delivered(at(0), FAST);
    route.window("patch", MaintenanceScope.server("MX01"), at(3), at(39));
    for (int i = 0; i < 7; i++) {
      route.deliveredAt(at(5 + 5 * i), at(41, 8 * i)); // 41:00, 41:08, ... 41:48
    }
    route.deliveredEvery(FIVE_MINUTES, at(40), at(70), FAST);
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(41));

    Evaluation halfWay = route.evaluateAt(at(41, 30));
    Evaluation after = route.evaluateAt(at(42, 50));
    Evaluation later = route.evaluateAt(at(43, 50));

    assertThat(halfWay.newFlushes()).isEmpty();
    assertThat(after.newFlushes())
        .singleElement()
        .satisfies(flush -> assertThat(flush.size()).isEqualTo(7));
    assertThat(later.newFlushes()).isEmpty();
  }

  @Test
  void evaluate_whenAReminderFallsInTheMiddleOfAFlush_onlyOneNoticeCarriesIt() {
    route.delivered(at(0), FAST);
    for (int minute = 5; minute < 85; minute += 5) {
      int i = (minute - 5) / 5;
      route.deliveredAt(at(minute), at(85, 40).plusSeconds(3L * i)); // 11:25:40 to 11:26:25
    }
    route.deliveredEvery(FIVE_MINUTES, at(90), at(120), FAST);
    route.evaluateEvery(Duration.ofMinutes(1), at(0), at(110));

    assertThat(route.notices()).filteredOn(notice -> !notice.flushes().isEmpty()).hasSize(1);
  }

  @Test
  void evaluate_whenAQueueDrainsOneMailAtATime_itIsOneFlush() {
    route.delivered(at(0), FAST);
    route.window("patch", MaintenanceScope.server("MX01"), at(3), at(39));
    for (int i = 0; i < 4; i++) {
      route.deliveredAt(at(5 + 5 * i), at(41, 40 * i)); // 40 s apart: 41:00 to 43:00
    }
    route.deliveredEvery(FIVE_MINUTES, at(45), at(70), FAST);

    assertThat(route.evaluateAt(at(50)).newFlushes())
        .singleElement()
        .satisfies(flush -> assertThat(flush.size()).isEqualTo(4));
  }

  @Test
  void evaluate_whenOneLateMailLandsBesideASlightlySlowOne_findsNoFlush() {
    route.deliveredAt(at(0), at(20)); // waited 20 minutes
    route.deliveredAt(at(18, 30), at(20)); // waited 90 s: not queued

    assertThat(route.evaluateAt(at(21)).newFlushes()).isEmpty();
  }
}
