package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.maintenance.MaintenanceWindowSource;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the evaluate function: every route is judged, its transition stored, its notices
 * published.
 *
 * <p>Notices are written with the state before they are published (an outbox): if the write loses a
 * race with another run, nothing is published; if publishing fails, the notices stay stored and the
 * next run publishes them with the same incident id. A route whose probes or state cannot be read
 * is skipped and reported, never allowed to stop the others.
 */
public final class EvaluationRound {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRound.class);

  private final ProbeStore probes;
  private final RouteStateStore states;
  private final MaintenanceWindowSource windows;
  private final AlertPublisher publisher;
  private final NoticeLedger ledger;
  private final RouteEvaluator evaluator;
  private final Clock clock;
  private final Duration publishingLease;

  /**
   * @param publishingLease how long a run may take to publish the notices it stored before another
   *     run may publish them instead; longer than the function's timeout
   */
  public EvaluationRound(
      ProbeStore probes,
      RouteStateStore states,
      MaintenanceWindowSource windows,
      AlertPublisher publisher,
      NoticeLedger ledger,
      RouteEvaluator evaluator,
      Clock clock,
      Duration publishingLease) {
    this.probes = Objects.requireNonNull(probes, "probes");
    this.states = Objects.requireNonNull(states, "states");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.publishingLease = Objects.requireNonNull(publishingLease, "publishingLease");
  }

  /** Evaluates every route in {@code configuration} once. */
  public EvaluationReport run(MonitorConfiguration configuration) {
    Instant now = clock.instant();
    WindowLoad load = windows.load();
    int configurationNotices = reportRejectedWindows(load.rejected(), now);
    List<RouteOutcome> outcomes = new ArrayList<>(configuration.routes().size());
    for (Route route : configuration.routes()) {
      outcomes.add(evaluateRoute(route, load, now));
    }
    return new EvaluationReport(outcomes, load.rejected().size(), configurationNotices);
  }

  private int reportRejectedWindows(List<RejectedWindow> rejected, Instant now) {
    int published = 0;
    for (RejectedWindow item : rejected) {
      LOG.warn("maintenance window item {} ignored: {}", item.key(), item.reason());
      try {
        if (!ledger.claim(item.fingerprint(), now)) {
          continue;
        }
      } catch (StoreException e) {
        // The routes matter more than this notice: report it at a later run.
        LOG.error(
            "window item {}: cannot tell whether it was reported: {}",
            item.key(),
            e.getMessage(),
            e);
        continue;
      }
      ConfigurationNotice notice = NoticeWording.windowItemIgnored(item.key(), item.reason(), now);
      try {
        publisher.publish(notice);
        published++;
        ledger.confirm(item.fingerprint(), now);
      } catch (AlertPublishException e) {
        LOG.error("configuration notice for window item {} not published", item.key(), e);
        releaseQuietly(item);
      } catch (StoreException e) {
        LOG.error(
            "configuration notice for window item {} published, but not noted: it may be sent again",
            item.key(),
            e);
      }
    }
    return published;
  }

  private void releaseQuietly(RejectedWindow item) {
    releaseQuietly(item.fingerprint());
  }

  private RouteOutcome evaluateRoute(Route route, WindowLoad load, Instant now) {
    try {
      Optional<StoredRouteState> stored = states.load(route.id());
      RouteState previous = stored.map(StoredRouteState::state).orElse(null);
      long version = previous == null ? 0 : previous.version();
      List<Notice> carried = stored.map(StoredRouteState::unsent).orElse(List.of());
      boolean free = stored.map(s -> s.unsentAreFree(now)).orElse(true);

      List<Probe> recent = probes.probesSince(route.id(), now.minus(route.policy().lookback()));
      Evaluation evaluation = evaluator.evaluate(route, recent, load.windows(), previous, now);
      RouteState next = evaluation.nextState();
      List<Notice> unsent = new ArrayList<>(carried);
      unsent.addAll(evaluation.notices());

      if (!free) {
        // Another run is publishing the notices stored before: this run's new ones queue behind
        // them, unpublished, so that none overtakes them, and that run's lease is left alone.
        if (!evaluation.notices().isEmpty() || changed(previous, next)) {
          Instant theirLease = stored.get().publishingUntil();
          if (states.save(next, version, unsent, theirLease).isEmpty()) {
            return raceLost(route, evaluation);
          }
        }
        logCondition(route, evaluation);
        return RouteOutcome.evaluated(route.id(), evaluation, 0, unsent.size());
      }

      if (!unsent.isEmpty() || changed(previous, next)) {
        Instant lease = unsent.isEmpty() ? null : now.plus(publishingLease);
        if (states.save(next, version, unsent, lease).isEmpty()) {
          return raceLost(route, evaluation);
        }
      }
      List<Notice> done = publishAll(unsent, now);
      if (!unsent.isEmpty()) {
        forgetPublished(route.id(), done, done.size() == unsent.size());
      }
      logCondition(route, evaluation);
      return RouteOutcome.evaluated(
          route.id(), evaluation, done.size(), unsent.size() - done.size());
    } catch (StoreException e) {
      LOG.error("route={} not evaluated: {}", route.id(), e.getMessage(), e);
      return RouteOutcome.failed(route.id(), e.getMessage());
    } catch (RuntimeException e) {
      // A fault on one route must not leave the routes after it unjudged.
      LOG.error("route={} not evaluated: {}", route.id(), e, e);
      return RouteOutcome.failed(route.id(), String.valueOf(e));
    }
  }

  private static RouteOutcome raceLost(Route route, Evaluation evaluation) {
    LOG.info(
        "route={} was evaluated by another run at the same time; its result stands", route.id());
    return RouteOutcome.raceLost(route.id(), evaluation);
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

  /**
   * Publishes the notices in order, each at most once: a notice is claimed in the ledger before it
   * goes out and confirmed after, so a notice a crashed or throttled run already sent is dropped,
   * not sent again. Stops at the first that cannot go out now, so none overtakes another.
   *
   * @return the notices that are out, now or before
   */
  private List<Notice> publishAll(List<Notice> notices, Instant now) {
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
        publisher.publish(notice);
      } catch (AlertPublishException e) {
        LOG.error(
            "route={} incident={} {} not published, kept for the next run: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            e.getMessage(),
            e);
        releaseQuietly(claim);
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
      try {
        ledger.confirm(claim, now);
      } catch (StoreException e) {
        LOG.error(
            "route={} incident={} {} published but not noted in the ledger: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            e.getMessage());
      }
    }
    return done;
  }

  private void releaseQuietly(String claim) {
    try {
      ledger.release(claim);
    } catch (StoreException e) {
      LOG.warn("claim {} not released; it lapses by itself: {}", claim, e.getMessage());
    }
  }

  private static void logCondition(Route route, Evaluation evaluation) {
    LOG.info(
        "route={} condition={} probes={} maintenanceAffected={} flushes={}",
        route.id(),
        evaluation.condition(),
        evaluation.probes().size(),
        evaluation.maintenanceAffected(),
        evaluation.newFlushes().size());
    for (BacklogFlush flush : evaluation.newFlushes()) {
      LOG.info("route={} backlog flush: {}", route.id(), flush.describe());
    }
  }

  /** True when anything but the evaluation instant differs: only then is a write needed. */
  private static boolean changed(RouteState previous, RouteState next) {
    return previous == null
        || previous.condition() != next.condition()
        || !Objects.equals(previous.incident(), next.incident())
        || !Objects.equals(previous.flushesReportedUntil(), next.flushesReportedUntil());
  }
}
