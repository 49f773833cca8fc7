package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The story Mailflow comes from (shared/seed): on 28 July 2006, MX01 went into maintenance at about
 * 12:10 (UTC+02:00) for 30 minutes and was shut down at about 12:15. It stayed down after its
 * window and was started again at about 13:05. Probes from MX02 to MX01 sent at 12:19:01, 12:34,
 * 12:49 and 13:04 queued on MX02 and were all delivered at 13:07:47; the monitor of the day raised
 * one "delivery latency exceeded" alert listing all four. Probes from MX01 to MX02 could not be
 * submitted while MX01 was down.
 *
 * <p>The policy chosen for this test: a probe every 15 minutes (as in the story), slow from 5
 * minutes, critically slow from 8, lost after 10; two bad probes in a row to open an incident, one
 * good probe to close it; reminders hourly; 5 minutes of grace after a window. Evaluations run
 * every 5 minutes, from 12:00 to 13:30.
 */
class SeedStoryAcceptanceTest {
  private static final RoutePolicy POLICY =
      RoutePolicy.defaults()
          .withProbeInterval(Duration.ofMinutes(15))
          .withLatencies(Duration.ofMinutes(5), Duration.ofMinutes(8), Duration.ofMinutes(10))
          .withThresholds(2, 1)
          .withReminderInterval(Duration.ofHours(1))
          .withMaintenanceGrace(Duration.ofMinutes(5))
          .withLookback(Duration.ofHours(2));

  private static final Instant MX01_DOWN = local("12:15:00");
  private static final Instant MX01_UP = local("13:05:00");
  private static final Instant FLUSH = local("13:07:47");

  private final MaintenanceWindow mx01Maintenance =
      new MaintenanceWindow(
          "mx01-patching",
          MaintenanceScope.server("MX01"),
          local("12:10:00"),
          local("12:40:00"),
          "monthly patches",
          "ops@contoso.se");

  private Timeline mx02ToMx01;
  private Timeline mx01ToMx02;

  @BeforeEach
  void replayTheStory() {
    mx02ToMx01 = new Timeline(Timeline.route("MX02", "MX01", POLICY));
    mx02ToMx01.delivered(local("12:04:00"), Duration.ofSeconds(3));
    for (String sent : List.of("12:19:01", "12:34:00", "12:49:00", "13:04:00")) {
      // MX02 accepts each probe and queues it until MX01 is back.
      mx02ToMx01.deliveredAt(local(sent), FLUSH);
    }
    mx02ToMx01.delivered(local("13:19:00"), Duration.ofSeconds(3));

    mx01ToMx02 = new Timeline(Timeline.route("MX01", "MX02", POLICY));
    mx01ToMx02.delivered(local("12:04:30"), Duration.ofSeconds(4));
    for (String sent : List.of("12:19:30", "12:34:30", "12:49:30", "13:04:30")) {
      Instant at = local(sent);
      assertThat(at).isBetween(MX01_DOWN, MX01_UP);
      mx01ToMx02.sendFailed(at, 0, "connect to mx01.contoso.se:587 failed: Connection refused");
    }
    mx01ToMx02.delivered(local("13:19:30"), Duration.ofSeconds(4));

    for (Timeline route : List.of(mx02ToMx01, mx01ToMx02)) {
      route.window(
          mx01Maintenance.id(),
          mx01Maintenance.scope(),
          mx01Maintenance.start(),
          mx01Maintenance.end());
      route.evaluateEvery(Duration.ofMinutes(5), local("12:00:00"), local("13:30:00"));
    }
  }

  @Test
  void nothingIsAlertedDuringTheWindowOrItsGrace() {
    for (Timeline route : List.of(mx02ToMx01, mx01ToMx02)) {
      assertThat(route.notices())
          .allSatisfy(notice -> assertThat(notice.at()).isAfter(local("12:45:00")));
      assertThat(route.evaluationAt(local("12:25:00")).condition())
          .isEqualTo(RouteCondition.IN_MAINTENANCE);
    }
  }

  @Test
  void eachRouteOpensOnceWithinOneEvaluationOfItsFirstFailureAfterTheWindow() {
    // MX01 -> MX02: the 12:49:30 probe cannot be submitted; the next evaluation is 12:50.
    assertThat(opened(mx01ToMx02))
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.at()).isEqualTo(local("12:50:00"));
              assertThat(notice.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(notice.count(Verdict.SEND_FAILED)).isEqualTo(1);
              assertThat(notice.count(Verdict.LOST)).isZero();
              assertThat(notice.headline()).contains("MX01-to-MX02").contains("not submitted");
              assertThat(notice.reason())
                  .contains("Still failing after maintenance window mx01-patching");
            });
    // MX02 -> MX01: the 12:49:00 probe passes its loss timeout at 12:59; the next evaluation is
    // 13:00. The probes queued during the window are not part of it.
    assertThat(opened(mx02ToMx01))
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.at()).isEqualTo(local("13:00:00"));
              assertThat(notice.count(Verdict.LOST)).isEqualTo(1);
              assertThat(notice.evidence())
                  .extracting(probe -> probe.probe().sentAt())
                  .containsExactly(local("12:49:00"));
              assertThat(notice.headline()).contains("1 lost after maintenance");
            });
  }

  @Test
  void noLatencyAlertForTheProbesSentDuringTheWindow() {
    for (Notice notice : mx02ToMx01.notices()) {
      assertThat(notice.evidence())
          .noneMatch(probe -> mx01Maintenance.contains(probe.probe().sentAt()));
    }
    Evaluation afterFlush = mx02ToMx01.evaluationAt(local("13:10:00"));
    assertThat(afterFlush.probes())
        .filteredOn(probe -> mx01Maintenance.contains(probe.probe().sentAt()))
        .hasSize(2)
        .allSatisfy(probe -> assertThat(probe.maintenanceAffected()).isTrue());
  }

  @Test
  void theFlushIsReportedOnceInTheResolvedNotice() {
    List<Notice> resolved = ofType(mx02ToMx01, NoticeType.RESOLVED);
    assertThat(resolved)
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.at()).isEqualTo(local("13:10:00"));
              assertThat(notice.incidentId()).isEqualTo(opened(mx02ToMx01).get(0).incidentId());
              assertThat(notice.flushes())
                  .singleElement()
                  .satisfies(
                      flush -> {
                        assertThat(flush.size()).isEqualTo(4);
                        assertThat(flush.firstDeliveredAt()).isEqualTo(FLUSH);
                        assertThat(flush.sentDuringMaintenance()).isEqualTo(2);
                        assertThat(flush.longestLatency()).isEqualTo(Duration.ofSeconds(2926));
                      });
              assertThat(notice.reason())
                  .contains(
                      "4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance");
            });
    assertThat(mx02ToMx01.notices()).flatExtracting(Notice::flushes).hasSize(1);
  }

  @Test
  void theWholeStoryIsFourNoticesAndNoMore() {
    assertThat(shape(mx02ToMx01)).containsExactly("OPENED 13:00", "RESOLVED 13:10");
    assertThat(shape(mx01ToMx02)).containsExactly("OPENED 12:50", "RESOLVED 13:20");
  }

  @Test
  void theMonitorOfTheDayWouldHaveAlertedOnAllFourQueuedProbes() {
    // The contrast that motivates the rules: without maintenance, every queued probe is late.
    Route route = Timeline.route("MX02", "MX01", POLICY);
    List<Probe> probes = new ArrayList<>();
    for (String sent : List.of("12:19:01", "12:34:00", "12:49:00", "13:04:00")) {
      Instant at = local(sent);
      probes.add(
          new Probe(
              route.id(),
              "p" + sent,
              at,
              Submission.accepted(at, 250, "queued"),
              new Delivery(FLUSH, List.of())));
    }
    Evaluation naive =
        new RouteEvaluator().evaluate(route, probes, List.of(), null, local("13:10:00"));
    assertThat(naive.probes())
        .extracting(AssessedProbe::latency)
        .containsExactly(
            Duration.ofSeconds(2926),
            Duration.ofSeconds(2027),
            Duration.ofSeconds(1127),
            Duration.ofSeconds(227));
    assertThat(naive.probes()).noneMatch(AssessedProbe::maintenanceAffected);
  }

  private static List<Notice> opened(Timeline route) {
    return ofType(route, NoticeType.OPENED);
  }

  private static List<Notice> ofType(Timeline route, NoticeType type) {
    return route.notices().stream().filter(notice -> notice.type() == type).toList();
  }

  private static List<String> shape(Timeline route) {
    return route.notices().stream()
        .map(n -> n.type() + " " + n.at().atOffset(java.time.ZoneOffset.ofHours(2)).toLocalTime())
        .toList();
  }

  private static Instant local(String time) {
    String padded = time.length() == 5 ? time + ":00" : time;
    return OffsetDateTime.parse("2006-07-28T" + padded + "+02:00").toInstant();
  }
}
