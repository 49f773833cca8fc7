package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.probe.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the notices of a route exactly once and in order, however runs race, crash or get
 * throttled.
 *
 * <p>A route's new notices are stored with its next state, behind those still unsent, before any is
 * published: if the write loses a race with another run, nothing is published; if publishing fails,
 * the notices stay stored and the next run publishes them with the same incident id. The run that
 * stores them takes a lease on them for as long as it may take to publish; a run that finds the
 * lease held queues its notices behind and leaves them alone. Each notice is claimed in the {@link
 * NoticeLedger} before it goes out and confirmed after, so one that a crashed run already sent is
 * dropped, not sent again; a claim that cannot be kept is released, so the next run tries again.
 * The published notices are then taken off the route's unsent list.
 */
public final class NoticeOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(NoticeOutbox.class);

  /**
   * How many times a run tries to publish one notice before leaving it to the next run. SNS's 500s
   * come one attempt at a time, so a second or third try nearly always goes through, and the notice
   * is on time; each try after one that SNS had in fact taken sends a copy, recognisable by its
   * key.
   */
  public static final int PUBLISH_ATTEMPTS = 3;

  private final RouteStateStore states;
  private final NoticeLedger ledger;
  private final AlertPublisher publisher;
  private final Duration publishingLease;
  private final OnceOnly onceOnly;

  /**
   * @param publishingLease how long a run may take to publish the notices it stored before another
   *     run may publish them instead; longer than the function's timeout
   */
  public NoticeOutbox(
      RouteStateStore states,
      NoticeLedger ledger,
      AlertPublisher publisher,
      Duration publishingLease) {
    this.states = Objects.requireNonNull(states, "states");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.publishingLease = Objects.requireNonNull(publishingLease, "publishingLease");
    this.onceOnly = new OnceOnly(ledger);
  }

  /**
   * What became of a route's notices.
   *
   * @param raceLost true when another run stored the route's state first: nothing was stored or
   *     published
   * @param published notices published by this run
   * @param pending notices stored that wait for a later run
   */
  public record Posted(boolean raceLost, int published, int pending) {
    static final Posted RACE_LOST = new Posted(true, 0, 0);
  }

  /**
   * Stores the route's {@code next} state with {@code notices} queued behind those still unsent,
   * then publishes what is due. Writes nothing when neither the state nor the notices changed.
   *
   * @param stored the route's state as loaded before it was evaluated, with its unsent notices
   * @param next the state the evaluation wants stored
   * @param notices the evaluation's new notices
   * @throws StoreException when the state cannot be stored
   */
  public Posted post(
      Optional<StoredRouteState> stored, RouteState next, List<Notice> notices, Instant now) {
    RouteState previous = stored.map(StoredRouteState::state).orElse(null);
    long version = previous == null ? 0 : previous.version();
    List<Notice> unsent = new ArrayList<>(stored.map(StoredRouteState::unsent).orElse(List.of()));
    unsent.addAll(notices);

    if (!stored.map(s -> s.unsentAreFree(now)).orElse(true)) {
      // Another run is publishing the notices stored before: these queue behind them,
      // unpublished, so that none overtakes them, and that run's lease is left alone.
      if (!notices.isEmpty() || changed(previous, next)) {
        Instant theirLease = stored.get().publishingUntil();
        if (states.save(next, version, unsent, theirLease).isEmpty()) {
          return Posted.RACE_LOST;
        }
      }
      return new Posted(false, 0, unsent.size());
    }

    if (!unsent.isEmpty() || changed(previous, next)) {
      Instant lease = unsent.isEmpty() ? null : now.plus(publishingLease);
      if (states.save(next, version, unsent, lease).isEmpty()) {
        return Posted.RACE_LOST;
      }
    }
    List<Notice> done = publishInOrder(unsent, now);
    if (!unsent.isEmpty()) {
      forgetPublished(next.routeId(), done, done.size() == unsent.size());
    }
    return new Posted(false, done.size(), unsent.size() - done.size());
  }

  /**
   * Publishes {@code notice} unless a notice with {@code fingerprint} was published before; a
   * notice that cannot be published now is tried again by a later call.
   *
   * @return true when this call published it
   */
  public boolean publishOnce(ConfigurationNotice notice, String fingerprint, Instant now) {
    return onceOnly.publish(
        fingerprint,
        "configuration notice on " + notice.subject(),
        now,
        () -> publisher.publish(notice));
  }

  /**
   * Publishes the notices in order, each at most once: a notice is claimed in the ledger before it
   * goes out and confirmed after, so a notice a crashed or throttled run already sent is dropped,
   * not sent again. Stops at the first that cannot go out now, so none overtakes another.
   *
   * @return the notices that are out, now or before
   */
  private List<Notice> publishInOrder(List<Notice> notices, Instant now) {
    List<Notice> done = new ArrayList<>();
    for (Notice notice : notices) {
      String claim = "notice#" + notice.key();
      try {
        if (ledger.confirmed(claim, now)) {
          LOG.info(
              "route={} incident={} {} was published before; dropped from the unsent list",
              notice.routeId(),
              notice.incidentId(),
              notice.type());
          done.add(notice);
          continue;
        }
        if (!ledger.claim(claim, now)) {
          LOG.info(
              "route={} incident={} {} is being published by another run",
              notice.routeId(),
              notice.incidentId(),
              notice.type());
          return done;
        }
      } catch (StoreException e) {
        LOG.error(
            "route={} incident={} {} not published: its ledger entry cannot be read: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            e.getMessage());
        return done;
      }
      try {
        OnceOnly.publishTrying(
            "route=" + notice.routeId() + " incident=" + notice.incidentId() + " " + notice.type(),
            () -> publisher.publish(notice));
      } catch (AlertPublishException e) {
        LOG.error(
            "route={} incident={} {} not published, kept for the next run: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            e.getMessage(),
            e);
        onceOnly.releaseQuietly(claim);
        return done;
      }
      LOG.info(
          "route={} incident={} {} {} published: {}",
          notice.routeId(),
          notice.incidentId(),
          notice.type(),
          notice.severity(),
          notice.headline());
      done.add(notice);
      onceOnly.confirmQuietly(claim, now);
    }
    return done;
  }

  /**
   * Takes the published notices off the route's unsent list, whatever else another run may have
   * written meanwhile, and frees the rest for the next run. Should this fail, the ledger still
   * knows the notices went out, and the next run drops them instead of sending them again.
   */
  private void forgetPublished(String routeId, List<Notice> published, boolean allSent) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<StoredRouteState> stored;
      try {
        stored = states.load(routeId);
        if (stored.isEmpty()) {
          return;
        }
        List<Notice> remaining = new ArrayList<>(stored.get().unsent());
        remaining.removeIf(n -> published.stream().anyMatch(p -> p.key().equals(n.key())));
        Instant lease = allSent && !remaining.isEmpty() ? stored.get().publishingUntil() : null;
        RouteState state = stored.get().state();
        if (states.save(state, state.version(), remaining, lease).isPresent()) {
          return;
        }
      } catch (StoreException e) {
        LOG.warn("route={} published notices not yet marked as sent: {}", routeId, e.getMessage());
      }
    }
    LOG.warn(
        "route={} published notices left on the unsent list; the next run drops them", routeId);
  }

  /** True when anything but the evaluation instant differs: only then is a write needed. */
  private static boolean changed(RouteState previous, RouteState next) {
    return previous == null
        || previous.condition() != next.condition()
        || !Objects.equals(previous.incident(), next.incident())
        || !Objects.equals(previous.flushesReportedUntil(), next.flushesReportedUntil());
  }
}
