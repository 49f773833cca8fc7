package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.configuration.ConfigurationNotice.About;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.fakes.InMemoryNoticeLedger;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.fakes.InMemoryRouteStateStore;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class EvaluationRoundTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final Route route = Timeline.route("MX02", "MX01", Policies.STANDARD);
  private final Route other = Timeline.route("MX01", "MX02", Policies.STANDARD);
  private final MonitorConfiguration configuration =
      new MonitorConfiguration(List.of(server("MX01"), server("MX02")), List.of(route, other));

  private final InMemoryProbeStore probes = new InMemoryProbeStore();
  private final InMemoryRouteStateStore states = new InMemoryRouteStateStore();
  private final RecordingAlertPublisher publisher = new RecordingAlertPublisher();
  private final InMemoryNoticeLedger ledger = new InMemoryNoticeLedger();
  private final MutableClock clock = new MutableClock(T0);
  private final List<RejectedWindow> rejected = new ArrayList<>();

  private EvaluationRound round() {
    return new EvaluationRound(
        probes,
        states,
        () -> new WindowLoad(List.of(), rejected),
        publisher,
        ledger,
        new RouteEvaluator(),
        clock,
        LEASE);
  }

  @Test
  void run_whenARouteFails_publishesOneOpenedAndStoresTheIncident() {
    lostProbes(route, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));

    EvaluationReport report = round().run(configuration);
    round().run(configuration);

    assertThat(publisher.notices())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.type()).isEqualTo(NoticeType.OPENED);
              assertThat(notice.routeId()).isEqualTo(route.id());
            });
    assertThat(states.load(route.id()).orElseThrow().state().hasOpenIncident()).isTrue();
    assertThat(states.load(route.id()).orElseThrow().unsent()).isEmpty();
    assertThat(report.routes()).hasSize(2);
  }

  @Test
  void run_whenARecurringWindowCoversTheFailures_expandsItAndPublishesNothing() {
    RecurringWindow dailyAtEleven =
        new RecurringWindow(
            "daily-restart",
            MaintenanceScope.server("MX01"),
            Recurrence.of(
                "FREQ=DAILY",
                ZoneId.of("Europe/Stockholm"),
                LocalDateTime.parse("2026-02-01T11:00"),
                Duration.ofHours(1)),
            new TreeSet<>(),
            new TreeMap<>(),
            "nightly restart",
            "ops@contoso.se");
    lostProbes(route, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));

    EvaluationReport report =
        new EvaluationRound(
                probes,
                states,
                () -> new WindowLoad(List.of(), List.of(dailyAtEleven), List.of()),
                publisher,
                ledger,
                new RouteEvaluator(),
                clock,
                LEASE)
            .run(configuration);

    assertThat(publisher.notices()).isEmpty();
    assertThat(report.routes())
        .allSatisfy(
            outcome ->
                assertThat(outcome.evaluation().condition())
                    .isEqualTo(RouteCondition.IN_MAINTENANCE));
    assertThat(report.routes().get(0).evaluation().probes())
        .allSatisfy(
            probe -> assertThat(probe.maintenanceWindowId()).isEqualTo("daily-restart@2026-03-02"));
  }

  @Test
  void run_whenPublishingFails_reportsTheNoticePending_andTheNextRunPublishesIt() {
    lostProbes(route, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    EvaluationReport failing = round().run(configuration);
    clock.advance(Duration.ofMinutes(5));
    EvaluationReport next = round().run(configuration);

    assertThat(failing.pendingNotices()).isEqualTo(1);
    assertThat(next.pendingNotices()).isZero();
    assertThat(next.routes())
        .filteredOn(outcome -> outcome.routeId().equals(route.id()))
        .singleElement()
        .satisfies(outcome -> assertThat(outcome.published()).isEqualTo(1));
  }

  @Test
  void run_whenPublishingDiesOnOneRoute_reportsItAndJudgesTheOthers() {
    lostProbes(route, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    AlertPublisher dying =
        new AlertPublisher() {
          @Override
          public void publish(Notice notice) {
            throw new IllegalStateException("the run died here");
          }

          @Override
          public void publish(ConfigurationNotice notice) {}

          @Override
          public void publish(Bulletin bulletin) {}
        };

    EvaluationReport died =
        new EvaluationRound(
                probes,
                states,
                () -> new WindowLoad(List.of(), List.of()),
                dying,
                ledger,
                new RouteEvaluator(),
                clock,
                LEASE)
            .run(configuration);

    assertThat(died.failedRoutes()).isEqualTo(1);
    assertThat(died.routes())
        .filteredOn(outcome -> outcome.routeId().equals(other.id()))
        .singleElement()
        .satisfies(outcome -> assertThat(outcome.failed()).isFalse());
  }

  @Test
  void run_whenTwoRunsRace_onlyTheFirstToStorePublishes() {
    lostProbes(route, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    EvaluationRound slow = round();
    // The second run starts and finishes while the first is about to store its result.
    states.beforeEachSave(() -> round().run(configuration));

    EvaluationReport loser = slow.run(configuration);

    assertThat(publisher.notices()).hasSize(1);
    assertThat(loser.routes())
        .filteredOn(outcome -> outcome.routeId().equals(route.id()))
        .singleElement()
        .satisfies(outcome -> assertThat(outcome.raceLost()).isTrue());
  }

  @Test
  void run_whenOneRoutesProbesCannotBeRead_evaluatesTheOthers() {
    lostProbes(other, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    EvaluationRound round =
        new EvaluationRound(
            probes.failReadsOf(route.id(), new StoreException("throttled", true, null)),
            states,
            () -> new WindowLoad(List.of(), List.of()),
            publisher,
            ledger,
            new RouteEvaluator(),
            clock,
            LEASE);

    EvaluationReport report = round.run(configuration);

    assertThat(report.failedRoutes()).isEqualTo(1);
    assertThat(publisher.notices()).extracting(Notice::routeId).containsExactly(other.id());
  }

  @Test
  void run_reportsABadWindowItemOnce_andAgainOnlyAfterAFailedPublish() {
    rejected.add(new RejectedWindow("patch-mx01", "end 2026-01-01 is not a date", "fp1"));
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    round().run(configuration);
    round().run(configuration);
    round().run(configuration);

    assertThat(publisher.configurationNotices())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.subject()).isEqualTo("maintenance window item patch-mx01");
              assertThat(notice.reason()).startsWith("end 2026-01-01 is not a date");
              // Published at the second run, it names the item's version as the first try did.
              assertThat(notice.fault()).isEqualTo("fp1");
            });
  }

  @Test
  void run_reportsARefusedConfigurationDocumentOnce_andANewRefusedVersionAgain() {
    RejectedDocument first =
        new RejectedDocument("/mailflow/config", "line 3: defaults.lookback: too long", "doc-v2");
    RejectedDocument second =
        new RejectedDocument("/mailflow/config", "line 9: routes[0].target: unknown", "doc-v3");

    EvaluationReport reported = round().run(configuration, Optional.of(first), Deadline.none());
    EvaluationReport again = round().run(configuration, Optional.of(first), Deadline.none());
    round().run(configuration, Optional.of(second), Deadline.none());

    assertThat(reported.configurationNotices()).isEqualTo(1);
    assertThat(again.configurationNotices()).isZero();
    assertThat(publisher.configurationNotices())
        .extracting(ConfigurationNotice::subject, ConfigurationNotice::about)
        .containsExactly(
            tuple("configuration document /mailflow/config", About.CONFIGURATION_DOCUMENT),
            tuple("configuration document /mailflow/config", About.CONFIGURATION_DOCUMENT));
    assertThat(publisher.configurationNotices().get(0).reason())
        .isEqualTo(
            "line 3: defaults.lookback: too long. The last good configuration stays in force until"
                + " the document is fixed.");
    assertThat(reported.routes()).hasSize(configuration.routes().size());
  }

  @Test
  void run_whenTimeRunsOut_reportsTheRestNotReached_andTheNextRunStartsWithThem() {
    lostProbes(route, 0, 10);
    lostProbes(other, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    EvaluationRound round = round();
    int[] allowed = {1};

    EvaluationReport short1 = round.run(configuration, Optional.empty(), () -> allowed[0]-- > 0);
    EvaluationReport next = round.run(configuration, Optional.empty(), Deadline.none());
    EvaluationReport after = round.run(configuration, Optional.empty(), Deadline.none());

    assertThat(short1.routes())
        .extracting(RouteOutcome::routeId, RouteOutcome::notReached)
        .containsExactly(tuple(route.id(), false), tuple(other.id(), true));
    assertThat(short1.notReachedRoutes()).isEqualTo(1);
    assertThat(short1.failedRoutes()).isZero();
    assertThat(publisher.notices()).extracting(Notice::routeId).contains(other.id());
    assertThat(next.routes())
        .extracting(RouteOutcome::routeId)
        .containsExactly(other.id(), route.id());
    assertThat(next.notReachedRoutes()).isZero();
    assertThat(after.routes())
        .extracting(RouteOutcome::routeId)
        .containsExactly(route.id(), other.id());
  }

  @Test
  void run_withRoutesInFlight_stillChecksTheDeadlineBeforeEachRouteStarts() {
    lostProbes(route, 0, 10);
    lostProbes(other, 0, 10);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    int[] allowed = {1};
    EvaluationRound parallel =
        new EvaluationRound(
            probes,
            states,
            () -> new WindowLoad(List.of(), rejected),
            publisher,
            ledger,
            new RouteEvaluator(),
            clock,
            LEASE,
            Optional.empty(),
            4);

    EvaluationReport report = parallel.run(configuration, Optional.empty(), () -> allowed[0]-- > 0);

    assertThat(report.routes())
        .extracting(RouteOutcome::routeId, RouteOutcome::notReached)
        .containsExactly(tuple(route.id(), false), tuple(other.id(), true));
    assertThat(publisher.notices()).extracting(Notice::routeId).containsExactly(route.id());
  }

  @Test
  void run_whenNoTimeIsLeftAtAll_judgesNothing_andSaysSo() {
    EvaluationReport report = round().run(configuration, Optional.empty(), () -> false);

    assertThat(report.routes()).allMatch(RouteOutcome::notReached);
    assertThat(states.load(route.id())).isEmpty();
  }

  private void lostProbes(Route on, int fromMinute, int toMinute) {
    for (int minute = fromMinute; minute <= toMinute; minute += 5) {
      probes.recordSubmission(
          Probe.sent(on.id(), "p" + minute, T0.plus(Duration.ofMinutes(minute))));
    }
  }

  private static Server server(String id) {
    return Server.smtp(
        id,
        new SmtpEndpoint(id.toLowerCase() + ".example.com", 587, TransportSecurity.STARTTLS, null));
  }
}
