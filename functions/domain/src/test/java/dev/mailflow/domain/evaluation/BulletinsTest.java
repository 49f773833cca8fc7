package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.fakes.InMemoryNoticeLedger;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.fakes.InMemoryRouteStateStore;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Maintenance notices and the heartbeat: MX01 is patched from 10:30 to 11:00 (UTC) and does not
 * take mail meanwhile; the monitor evaluates every five minutes.
 */
class BulletinsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final Route inbound = Timeline.route("MX02", "MX01", Policies.STANDARD);
  private final Route outbound = Timeline.route("MX01", "MX02", Policies.STANDARD);
  private final Route other = Timeline.route("MX02", "MX03", Policies.STANDARD);
  private final MonitorConfiguration configuration =
      new MonitorConfiguration(
          List.of(server("MX01"), server("MX02"), server("MX03")),
          List.of(inbound, outbound, other));
  private final InMemoryRouteStateStore states = new InMemoryRouteStateStore();
  private final RecordingAlertPublisher publisher = new RecordingAlertPublisher();
  private final InMemoryNoticeLedger ledger = new InMemoryNoticeLedger();
  private final MutableClock clock = new MutableClock(T0);
  private final List<MaintenanceWindow> windows = new ArrayList<>();
  private Optional<LocalTime> heartbeatAt = Optional.empty();

  @Test
  void aWindow_isAnnouncedOnce_startedOnce_andEndsWithWhatHappenedDuringIt() {
    windows.add(window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(3600)));

    evaluateEveryFiveMinutesUntil(80, 30, 55);

    assertThat(publisher.bulletins())
        .extracting(Bulletin::type, Bulletin::event, Bulletin::at)
        .containsExactly(
            tuple(Bulletin.Type.MAINTENANCE, "ANNOUNCED", T0.plusSeconds(300)),
            tuple(Bulletin.Type.MAINTENANCE, "STARTED", T0.plusSeconds(1800)),
            tuple(Bulletin.Type.MAINTENANCE, "ENDED", T0.plusSeconds(4200)));
    Bulletin ended = publisher.bulletins().get(2);
    assertThat(ended.headline())
        .isEqualTo("MAINTENANCE ended: mx01-patching on server:MX01, 2 of 2 routes flowing");
    assertThat(ended.text())
        .contains("14 probes were excused during it")
        .contains("Mail flows again on MX02-to-MX01, MX01-to-MX02");
    assertThat(ended.facts()).containsEntry("excusedProbes", "14");
    assertThat(ended.servers()).containsExactly("MX01");
    assertThat(publisher.notices()).as("never an incident").isEmpty();
  }

  @Test
  void aRouteStillFailingAfterTheWindow_isNamedInItsEndNotice() {
    windows.add(window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(3600)));

    evaluateEveryFiveMinutesUntil(90, 30, 200);

    Bulletin ended =
        publisher.bulletins().stream().filter(b -> b.event().equals("ENDED")).findFirst().get();
    assertThat(ended.headline()).endsWith("2 of 2 routes still failing");
    assertThat(ended.at()).isEqualTo(T0.plusSeconds(85 * 60));
    assertThat(ended.text())
        .contains("Still failing after it: MX02-to-MX01 (FAILING), MX01-to-MX02 (FAILING)");
  }

  @Test
  void aWindowWhoseEndIsMoved_isAnnouncedAgain() {
    windows.add(window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(3600)));
    evaluateEveryFiveMinutesUntil(10, 1000, 1000);
    windows.set(0, window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(7200)));

    evaluateAt(15);

    assertThat(publisher.bulletins())
        .extracting(Bulletin::event, b -> b.facts().get("end"))
        .containsExactly(
            tuple("ANNOUNCED", "2026-03-02T11:00:00Z"), tuple("ANNOUNCED", "2026-03-02T12:00:00Z"));
  }

  @Test
  void aWindowLongerThanADay_remindsOnceADayWhileInForce() {
    windows.add(window("mx01-rebuild", T0, T0.plus(Duration.ofDays(3))));

    for (int hour = 1; hour <= 80; hour += 1) {
      clock.set(T0.plus(Duration.ofHours(hour)));
      round().run(configuration);
    }

    assertThat(publisher.bulletins())
        .extracting(Bulletin::event, b -> b.facts().get("daysInForce"))
        .containsExactly(
            tuple("ANNOUNCED", null),
            tuple("STARTED", null),
            tuple("REMINDER", "1"),
            tuple("REMINDER", "2"),
            tuple("ENDED", null));
  }

  @Test
  void theHeartbeat_goesOutOnceADayAtItsHour_andNotWhenOff() {
    heartbeatAt = Optional.of(LocalTime.of(10, 30));

    evaluateEveryFiveMinutesUntil(60, 1000, 1000);
    clock.set(T0.plus(Duration.ofDays(1)).plusSeconds(1800));
    round().run(configuration);

    assertThat(publisher.bulletins())
        .extracting(Bulletin::event, Bulletin::at)
        .containsExactly(
            tuple("DAILY", T0.plusSeconds(1800)),
            tuple("DAILY", T0.plus(Duration.ofDays(1)).plusSeconds(1800)));
    assertThat(publisher.bulletins().get(0).headline())
        .isEqualTo("HEARTBEAT 2026-03-02: 3 of 3 routes healthy, 0 incidents open");
  }

  @Test
  void aBulletinWhosePublishFailsOnce_isPublishedInTheSameRun_once() {
    windows.add(window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(3600)));
    probesUntil(10, 1000, 1000);
    clock.set(T0.plusSeconds(600));
    publisher.failNext(1);
    round().run(configuration);
    int afterFirstRun = publisher.bulletins().size();
    round().run(configuration);

    assertThat(afterFirstRun).isOne();
    assertThat(publisher.bulletins()).extracting(Bulletin::event).containsExactly("ANNOUNCED");
  }

  @Test
  void aBulletinThatCannotBePublished_isPublishedByALaterRun_once() {
    windows.add(window("mx01-patching", T0.plusSeconds(1800), T0.plusSeconds(3600)));
    probesUntil(10, 1000, 1000);
    clock.set(T0.plusSeconds(600));
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);
    round().run(configuration);
    round().run(configuration);
    round().run(configuration);

    assertThat(publisher.bulletins()).extracting(Bulletin::event).containsExactly("ANNOUNCED");
  }

  // --- the story

  private void evaluateEveryFiveMinutesUntil(int lastMinute, int downFrom, int downUntil) {
    for (int minute = 5; minute <= lastMinute; minute += 5) {
      probesUntil(minute, downFrom, downUntil);
      clock.set(T0.plus(Duration.ofMinutes(minute)));
      round().run(configuration);
    }
  }

  private void evaluateAt(int minute) {
    probesUntil(minute, 1000, 1000);
    clock.set(T0.plus(Duration.ofMinutes(minute)));
    round().run(configuration);
  }

  private InMemoryProbeStore probes = new InMemoryProbeStore();

  /** Probes every five minutes; MX01 takes and sends no mail from {@code downFrom}. */
  private void probesUntil(int nowMinute, int downFrom, int downUntil) {
    Instant now = T0.plus(Duration.ofMinutes(nowMinute));
    List<Probe> known = new ArrayList<>();
    for (Route route : configuration.routes()) {
      for (int minute = 0; minute < nowMinute; minute += 5) {
        Instant sent = T0.plus(Duration.ofMinutes(minute)).plusSeconds(30);
        boolean down = route.touches("MX01") && minute >= downFrom && minute < downUntil;
        Instant delivered = sent.plusSeconds(4);
        Delivery delivery =
            down || delivered.isAfter(now) ? null : new Delivery(delivered, List.of());
        known.add(
            new Probe(
                route.id(),
                route.id() + minute,
                sent,
                Submission.accepted(sent, 250, "2.0.0 Ok"),
                delivery));
      }
    }
    probes = InMemoryProbeStore.holding(known);
  }

  private EvaluationRound round() {
    return new EvaluationRound(
        probes,
        states,
        () -> new WindowLoad(windows, List.of()),
        publisher,
        ledger,
        new RouteEvaluator(),
        clock,
        Duration.ofMinutes(2),
        heartbeatAt,
        1);
  }

  private static MaintenanceWindow window(String id, Instant start, Instant end) {
    return new MaintenanceWindow(
        id, MaintenanceScope.server("MX01"), start, end, "patching", "ops@example.com");
  }

  private static Server server(String id) {
    return Server.smtp(
        id,
        new SmtpEndpoint(id.toLowerCase() + ".example.com", 587, TransportSecurity.STARTTLS, null));
  }
}
