package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.fakes.InMemoryNoticeLedger;
import dev.mailflow.domain.fakes.InMemoryRouteStateStore;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.probe.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NoticeOutboxTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:26:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final String ROUTE = "MX02-to-MX01";

  private final InMemoryRouteStateStore states = new InMemoryRouteStateStore();
  private final RecordingAlertPublisher publisher = new RecordingAlertPublisher();
  private final InMemoryNoticeLedger ledger = new InMemoryNoticeLedger();
  private final MutableClock clock = new MutableClock(T0);
  private final NoticeOutbox outbox = new NoticeOutbox(states, ledger, publisher, LEASE);

  private final Incident incident =
      Incident.open(ROUTE, T0, Severity.CRITICAL, "3 probes in a row went wrong.");
  private final Notice opened = notice(NoticeType.OPENED, T0);

  @Test
  void post_storesTheStateWithItsNotices_thenPublishesThemAndEmptiesTheUnsentList() {
    NoticeOutbox.Posted posted = post(failing(), opened);

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 1, 0));
    assertThat(publisher.notices()).containsExactly(opened);
    StoredRouteState stored = stored();
    assertThat(stored.state().incident()).isEqualTo(incident);
    assertThat(stored.unsent()).isEmpty();
    assertThat(stored.publishingUntil()).isNull();
  }

  @Test
  void post_whenPublisherFails_keepsNoticeForNextRun() {
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    NoticeOutbox.Posted failed = post(failing(), opened);
    clock.advance(Duration.ofMinutes(5));
    NoticeOutbox.Posted retried = post(failing());

    assertThat(failed).isEqualTo(new NoticeOutbox.Posted(false, 0, 1));
    assertThat(retried).isEqualTo(new NoticeOutbox.Posted(false, 1, 0));
    assertThat(publisher.notices())
        .singleElement()
        .satisfies(notice -> assertThat(notice.incidentId()).isEqualTo(incident.id()))
        .satisfies(notice -> assertThat(notice.at()).isEqualTo(T0));
    assertThat(stored().unsent()).isEmpty();
  }

  @Test
  void post_whenAPublishFailsOnce_triesAgainInTheSameRun_andTheNoticeIsOnTime() {
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS - 1);

    NoticeOutbox.Posted posted = post(failing(), opened);

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 1, 0));
    assertThat(publisher.notices()).containsExactly(opened);
    assertThat(stored().unsent()).isEmpty();
    assertThat(ledger.confirmed("notice#" + opened.key(), clock.instant())).isTrue();
  }

  @Test
  void post_whenEveryTryOfARunFails_keepsTheNotices_inOrder_forTheNextRun() {
    Notice reminder = notice(NoticeType.REMINDER, T0.plusSeconds(1));
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    NoticeOutbox.Posted posted = post(failing(), opened, reminder);

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 0, 2));
    assertThat(publisher.notices()).isEmpty();
    assertThat(stored().unsent()).containsExactly(opened, reminder);
  }

  @Test
  void post_whenPublisherFails_freesTheNoticeAtOnceForTheNextRun() {
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    post(failing(), opened);

    assertThat(stored().unsent()).containsExactly(opened);
    assertThat(stored().unsentAreFree(clock.instant())).isTrue();
  }

  @Test
  void post_whenAnotherRunStoredFirst_publishesNothing() {
    Optional<StoredRouteState> before = states.load(ROUTE);
    states.beforeEachSave(() -> states.save(failing(), 0, List.of(), null));

    NoticeOutbox.Posted posted = outbox.post(before, failing(), List.of(opened), clock.instant());

    assertThat(posted.raceLost()).isTrue();
    assertThat(publisher.notices()).isEmpty();
    assertThat(stored().unsent()).isEmpty();
  }

  @Test
  void post_whileAnotherRunHoldsTheLease_queuesBehindItsNoticesAndLeavesItsLeaseAlone() {
    Instant theirLease = clock.instant().plus(Duration.ofMinutes(1));
    states.save(failing(), 0, List.of(opened), theirLease);
    clock.advance(Duration.ofSeconds(30));
    Notice reminder = notice(NoticeType.REMINDER, clock.instant());

    NoticeOutbox.Posted posted = post(failing(), reminder);

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 0, 2));
    assertThat(publisher.notices()).isEmpty();
    assertThat(stored().unsent()).containsExactly(opened, reminder);
    assertThat(stored().publishingUntil()).isEqualTo(theirLease);
  }

  @Test
  void post_afterAnotherRunsLeaseLapses_publishesItsNoticesInOrder() {
    states.save(failing(), 0, List.of(opened), clock.instant().plus(Duration.ofMinutes(1)));
    clock.advance(Duration.ofSeconds(30));
    Notice reminder = notice(NoticeType.REMINDER, clock.instant());
    post(failing(), reminder);

    clock.advance(Duration.ofMinutes(1));
    NoticeOutbox.Posted posted = post(failing());

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 2, 0));
    assertThat(publisher.notices()).containsExactly(opened, reminder);
    assertThat(stored().unsent()).isEmpty();
  }

  @Test
  void post_whenANoticeIsBeingPublishedByAnotherRun_holdsBackTheOnesAfterIt() {
    ledger.claim("notice#" + opened.key(), clock.instant());
    Notice resolved = notice(NoticeType.RESOLVED, clock.instant().plusSeconds(1));

    NoticeOutbox.Posted posted =
        outbox.post(Optional.empty(), healthy(), List.of(opened, resolved), clock.instant());

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 0, 2));
    assertThat(publisher.notices()).isEmpty();
    assertThat(stored().unsent()).containsExactly(opened, resolved);
  }

  @Test
  void post_whenARunDiesWhilePublishing_laterNoticesWaitAndAllGoOutOnceInOrder() {
    NoticeOutbox dying = new NoticeOutbox(states, ledger, new DyingPublisher(), LEASE);
    assertThatThrownBy(
            () -> dying.post(Optional.empty(), failing(), List.of(opened), clock.instant()))
        .isInstanceOf(IllegalStateException.class);

    Notice resolved = null;
    for (int minute = 0; minute < 8; minute++) {
      clock.advance(Duration.ofMinutes(1));
      if (resolved == null) {
        resolved = notice(NoticeType.RESOLVED, clock.instant());
        post(healthy(), resolved);
      } else {
        post(healthy());
      }
    }

    assertThat(publisher.notices()).containsExactly(opened, resolved);
    assertThat(stored().unsent()).isEmpty();
  }

  @Test
  void post_whenMarkingPublishedNoticesSentFails_neverPublishesThemAgain() {
    AtomicInteger loads = new AtomicInteger();
    RouteStateStore flaky =
        new RouteStateStore() {
          @Override
          public Optional<StoredRouteState> load(String routeId) {
            if (loads.incrementAndGet() <= 3) {
              throw new StoreException("throttled", true, null);
            }
            return states.load(routeId);
          }

          @Override
          public OptionalLong save(
              RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
            return states.save(next, expectedVersion, unsent, publishingUntil);
          }
        };
    NoticeOutbox throttled = new NoticeOutbox(flaky, ledger, publisher, LEASE);

    throttled.post(Optional.empty(), failing(), List.of(opened), clock.instant());
    assertThat(stored().unsent()).containsExactly(opened);
    clock.advance(LEASE);
    NoticeOutbox.Posted next =
        throttled.post(states.load(ROUTE), failing(), List.of(), clock.instant());

    assertThat(next).isEqualTo(new NoticeOutbox.Posted(false, 1, 0));
    assertThat(publisher.notices()).containsExactly(opened);
    assertThat(stored().unsent()).isEmpty();
  }

  @Test
  void post_whenNothingChanged_writesNothing() {
    post(failing());
    long version = stored().state().version();

    clock.advance(Duration.ofMinutes(1));
    NoticeOutbox.Posted posted = post(failing());

    assertThat(posted).isEqualTo(new NoticeOutbox.Posted(false, 0, 0));
    assertThat(stored().state().version()).isEqualTo(version);
  }

  @Test
  void publishOnce_publishesAConfigurationNoticeOnce_andAgainOnlyAfterAFailedPublish() {
    ConfigurationNotice notice =
        new ConfigurationNotice("maintenance window item patch-mx01", "bad end", T0);
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    boolean failed = outbox.publishOnce(notice, "fp1", T0);
    boolean first = outbox.publishOnce(notice, "fp1", T0.plusSeconds(60));
    boolean again = outbox.publishOnce(notice, "fp1", T0.plusSeconds(120));

    assertThat(List.of(failed, first, again)).containsExactly(false, true, false);
    assertThat(publisher.configurationNotices()).containsExactly(notice);
  }

  /** Posts {@code notices} with {@code next} against what the store holds now. */
  private NoticeOutbox.Posted post(RouteState next, Notice... notices) {
    return outbox.post(states.load(ROUTE), next, List.of(notices), clock.instant());
  }

  private StoredRouteState stored() {
    return states.load(ROUTE).orElseThrow();
  }

  private RouteState failing() {
    return new RouteState(
        ROUTE, RouteCondition.FAILING, incident, T0, null, null, clock.instant(), 0);
  }

  private RouteState healthy() {
    return new RouteState(ROUTE, RouteCondition.HEALTHY, null, T0, null, null, clock.instant(), 0);
  }

  private Notice notice(NoticeType type, Instant at) {
    return new Notice(
        type,
        ROUTE,
        "MX02",
        "MX01",
        incident.id(),
        incident.openedAt(),
        incident.severity(),
        RouteCondition.FAILING,
        at,
        type + " " + ROUTE,
        incident.reason(),
        List.of(),
        List.of(),
        0);
  }

  /** A publisher whose run dies while publishing, without a word to the outbox. */
  private static final class DyingPublisher implements AlertPublisher {
    @Override
    public void publish(Notice notice) {
      throw new IllegalStateException("the run died here");
    }

    @Override
    public void publish(ConfigurationNotice notice) {}

    @Override
    public void publish(Bulletin bulletin) {}
  }
}
