package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoticeWordingTest {
  private static final BacklogFlush FLUSH =
      new BacklogFlush(
          Instant.parse("2006-07-28T11:07:47Z"),
          Instant.parse("2006-07-28T11:07:48Z"),
          List.of("p1", "p2", "p3", "p4"),
          2,
          Duration.ofSeconds(2926));

  @Test
  void coveredByMaintenance_saysOneProbeOrSeveral() {
    assertThat(NoticeWording.coveredByMaintenance(1))
        .isEqualTo("1 probe was covered by a maintenance window and not alerted on.");
    assertThat(NoticeWording.coveredByMaintenance(2))
        .isEqualTo("2 probes were covered by a maintenance window and not alerted on.");
  }

  @Test
  void reason_addsTheFlushesAndWhatMaintenanceHidWithinTheLookback() {
    String reason =
        NoticeWording.reason(
            "3 probes in a row went wrong.", List.of(FLUSH), 1, Duration.ofHours(2));

    assertThat(reason)
        .isEqualTo(
            "3 probes in a row went wrong. 4 queued probes delivered at 2006-07-28 11:07:47Z; 2"
                + " were sent during maintenance (longest wait 48m 46s). 1 probe in the last 2h was"
                + " covered by maintenance and not alerted on.");
  }

  @Test
  void reason_withoutFlushesOrMaintenance_isTheCauseAlone() {
    assertThat(NoticeWording.reason("Cause.", List.of(), 0, Duration.ofHours(2)))
        .isEqualTo("Cause.");
  }

  @Test
  void flush_isWhatTheFlushDescribes() {
    assertThat(FLUSH.describe()).isEqualTo(NoticeWording.flush(FLUSH));
    assertThat(NoticeWording.flush(FLUSH))
        .isEqualTo(
            "4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance"
                + " (longest wait 48m 46s)");
  }

  @Test
  void headline_givesTheSeverityExceptWhenResolved() {
    assertThat(
            NoticeWording.headline(NoticeType.OPENED, Severity.CRITICAL, "MX02-to-MX01", "3 lost"))
        .isEqualTo("OPENED CRITICAL MX02-to-MX01: 3 lost");
    assertThat(
            NoticeWording.headline(
                NoticeType.RESOLVED,
                Severity.CRITICAL,
                "MX02-to-MX01",
                "mail flows again after 5m"))
        .isEqualTo("RESOLVED MX02-to-MX01: mail flows again after 5m");
  }

  @Test
  void clockOff_saysHowFarAndWhichWay_insteadOfADelayReadOffTheWrongClock() {
    assertThat(NoticeWording.clockOff(java.time.Duration.ofSeconds(598)))
        .isEqualTo("clock 9m 58s ahead");
    assertThat(NoticeWording.clockOff(java.time.Duration.ofMinutes(-3)))
        .isEqualTo("clock 3m behind");
    assertThat(NoticeWording.clockOff(null)).isEqualTo("clock off");
  }
}
