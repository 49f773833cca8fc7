package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import dev.mailflow.domain.port.AlertPublishException;
import dev.mailflow.domain.port.AlertPublisher;
import dev.mailflow.domain.port.MaintenanceWindowSource;
import dev.mailflow.domain.port.NoticeLedger;
import dev.mailflow.domain.port.ProbeStore;
import dev.mailflow.domain.port.RouteStateStore;
import dev.mailflow.domain.port.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.port.StoreException;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
      ConfigurationNotice notice =
          new ConfigurationNotice(
              "maintenance window item " + item.key(),
              item.reason()
                  + ". The item is ignored until it is fixed: no maintenance is assumed for it.",
              now);
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
    try {
      ledger.release(item.fingerprint());
    } catch (StoreException e) {
      LOG.error(
          "window item {}: claim not released; it is reported again once the claim lapses",
          item.key(),
          e);
    }
  }

  private RouteOutcome evaluateRoute(Route route, WindowLoad load, Instant now) {
    try {
      Optional<StoredRouteState> stored = states.load(route.id());
      RouteState previous = stored.map(StoredRouteState::state).orElse(null);
      long version = previous == null ? 0 : previous.version();
      List<Notice> carried = stored.map(StoredRouteState::unsent).orElse(List.of());
      boolean free = stored.map(s -> s.unsentAreFree(now)).orElse(true);
      // Notices another run is publishing right now are theirs: keep them, do not send them too.
      List<Notice> mine = new ArrayList<>(free ? carried : List.of());
      List<Notice> theirs = free ? List.of() : carried;

      List<Probe> recent = probes.probesSince(route.id(), now.minus(route.policy().lookback()));
      Evaluation evaluation = evaluator.evaluate(route, recent, load.windows(), previous, now);
      RouteState next = evaluation.nextState();
      mine.addAll(evaluation.notices());

      if (!mine.isEmpty() || changed(previous, next)) {
        List<Notice> unsent = new ArrayList<>(theirs);
        unsent.addAll(mine);
        Instant lease =
            mine.isEmpty()
                ? stored.map(StoredRouteState::publishingUntil).orElse(null)
                : now.plus(publishingLease);
        OptionalLong written = states.save(next, version, unsent, lease);
        if (written.isEmpty()) {
          LOG.info(
              "route={} was evaluated by another run at the same time; its result stands",
              route.id());
          return RouteOutcome.raceLost(route.id(), evaluation);
        }
      }
      List<Notice> failed = publishAll(mine);
      List<Notice> published = new ArrayList<>(mine);
      published.removeAll(failed);
      if (!mine.isEmpty()) {
        forgetPublished(route.id(), published, failed.isEmpty());
      }
      logCondition(route, evaluation);
      return RouteOutcome.evaluated(route.id(), evaluation, published.size(), failed.size());
    } catch (StoreException e) {
      LOG.error("route={} not evaluated: {}", route.id(), e.getMessage(), e);
      return RouteOutcome.failed(route.id(), e.getMessage());
    }
  }

  /**
   * Takes the published notices off the route's unsent list, whatever else another run may have
   * written meanwhile, and frees the rest for the next run.
   */
  private void forgetPublished(String routeId, List<Notice> published, boolean allSent) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<StoredRouteState> stored = states.load(routeId);
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
    }
    LOG.warn(
        "route={} published notices could not be marked as sent; they may be sent again", routeId);
  }

  private List<Notice> publishAll(List<Notice> notices) {
    List<Notice> unsent = new ArrayList<>();
    for (Notice notice : notices) {
      if (!unsent.isEmpty()) {
        // Keep the order subscribers see: nothing overtakes a notice that failed.
        unsent.add(notice);
        continue;
      }
      try {
        publisher.publish(notice);
        LOG.info(
            "route={} incident={} {} {} published: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            notice.severity(),
            notice.headline());
      } catch (AlertPublishException e) {
        LOG.error(
            "route={} incident={} {} not published, kept for the next run: {}",
            notice.routeId(),
            notice.incidentId(),
            notice.type(),
            e.getMessage(),
            e);
        unsent.add(notice);
      }
    }
    return unsent;
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
