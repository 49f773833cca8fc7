package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.maintenance.MaintenanceWindowSource;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import dev.mailflow.domain.parallel.InFlight;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the evaluate function: every route is judged, then what is due is published.
 *
 * <p>The {@link RouteEvaluator} judges each route; {@link FaultGrouping} then turns the incidents
 * of routes that fail together into one notice per fault; the {@link NoticeOutbox} stores each
 * route's transition with its notices and publishes them exactly once, in order; {@link Bulletins}
 * then tells the maintenance windows' news and the daily heartbeat. A route whose probes or state
 * cannot be read is skipped and reported, never allowed to stop the others.
 */
public final class EvaluationRound {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRound.class);

  private final ProbeStore probes;
  private final RouteStateStore states;
  private final MaintenanceWindowSource windows;

  /** Occurrences of recurring windows are expanded this far past now, for what comes next. */
  static final Duration AHEAD = Duration.ofDays(1);

  private final RouteEvaluator evaluator;
  private final NoticeOutbox outbox;
  private final Clock clock;
  private final Bulletins bulletins;
  private final InFlight inFlight;

  /**
   * Where the next run starts: the first route the last run did not reach, 0 when it reached them
   * all. Kept for the life of the container, which runs one evaluation at a time.
   */
  private int firstRoute;

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
    this(
        probes,
        states,
        windows,
        publisher,
        ledger,
        evaluator,
        clock,
        publishingLease,
        Optional.empty(),
        1);
  }

  /**
   * @param publishingLease how long a run may take to publish the notices it stored before another
   *     run may publish them instead; longer than the function's timeout
   * @param heartbeatAt the time of day (UTC) of the daily heartbeat notice, or empty for none
   * @param routesInFlight how many routes a run reads, or stores and publishes, at once; 1 for one
   *     after the other
   */
  public EvaluationRound(
      ProbeStore probes,
      RouteStateStore states,
      MaintenanceWindowSource windows,
      AlertPublisher publisher,
      NoticeLedger ledger,
      RouteEvaluator evaluator,
      Clock clock,
      Duration publishingLease,
      Optional<LocalTime> heartbeatAt,
      int routesInFlight) {
    this.inFlight = new InFlight(routesInFlight);
    this.bulletins = new Bulletins(publisher, ledger, heartbeatAt);
    this.probes = Objects.requireNonNull(probes, "probes");
    this.states = Objects.requireNonNull(states, "states");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outbox = new NoticeOutbox(states, ledger, publisher, publishingLease);
  }

  /** Evaluates every route in {@code configuration} once. */
  public EvaluationReport run(MonitorConfiguration configuration) {
    return run(configuration, Optional.empty(), Deadline.none());
  }

  /**
   * Evaluates the routes in {@code configuration} while {@code deadline} allows, and reports the
   * rest as not reached; reports once a newer version of the configuration document that was
   * refused, while {@code configuration} stays in force. A run that did not reach every route makes
   * the next run of this round start with the first route it missed, so no route is starved when
   * runs keep running short; a run that reached every route leaves the order as configured.
   */
  public EvaluationReport run(
      MonitorConfiguration configuration,
      Optional<RejectedDocument> rejectedDocument,
      Deadline deadline) {
    Instant now = clock.instant();
    WindowLoad load = loadWindows(configuration, now);
    int configurationNotices = reportConfiguration(load, rejectedDocument, now);
    List<Route> routes = configuration.routes();
    RouteOutcome[] outcomes = new RouteOutcome[routes.size()];
    List<Integer> runOrder = new ArrayList<>(routes.size());
    int start = routes.isEmpty() ? 0 : Math.floorMod(firstRoute, routes.size());
    for (int k = 0; k < routes.size(); k++) {
      runOrder.add((start + k) % routes.size());
    }
    List<Read> reads = readAll(routes, runOrder, load, now, deadline, outcomes);
    int firstMissed = -1;
    for (int index : runOrder) {
      if (outcomes[index] != null && outcomes[index].notReached()) {
        firstMissed = index;
        break;
      }
    }
    if (firstMissed >= 0) {
      LOG.warn(
          "out of time: {} of {} routes not reached; the next run starts with route={}",
          Arrays.stream(outcomes).filter(o -> o != null && o.notReached()).count(),
          routes.size(),
          routes.get(firstMissed).id());
    }
    firstRoute = firstMissed >= 0 ? firstMissed : 0;

    List<FaultGrouping.Judged> judged = new ArrayList<>(reads.size());
    for (Read read : reads) {
      judged.add(read.judged());
    }
    List<Evaluation> grouped = FaultGrouping.apply(judged, judged.size() == routes.size(), now);
    postAll(reads, grouped, now, outcomes);
    // Reported in the order the run took the routes.
    List<RouteOutcome> reported = new ArrayList<>(routes.size());
    for (int index : runOrder) {
      reported.add(outcomes[index]);
    }
    int told = postBulletins(load, routes, briefs(routes, outcomes, load), now);
    return new EvaluationReport(reported, load.rejected().size(), configurationNotices, told);
  }

  /** The maintenance windows any route's judgement at {@code now} may need. */
  WindowLoad loadWindows(MonitorConfiguration configuration, Instant now) {
    return windows.load().expandedBetween(now.minus(widestReach(configuration)), now.plus(AHEAD));
  }

  /**
   * Reports, once each, the maintenance window items that could not be read and a newer version of
   * the configuration document that was refused.
   *
   * @return how many notices this call published
   */
  int reportConfiguration(
      WindowLoad load, Optional<RejectedDocument> rejectedDocument, Instant now) {
    int published = reportRejectedWindows(load.rejected(), now);
    if (rejectedDocument.isPresent() && reportRejectedDocument(rejectedDocument.get(), now)) {
      published++;
    }
    return published;
  }

  /**
   * Reads and judges the routes at {@code order}'s indexes, {@code routesInFlight} at a time, while
   * {@code deadline} allows: the routes not reached, and those that could not be read, get their
   * outcome in {@code outcomes}.
   *
   * @return the routes read and judged, in configuration order, so that a fault's first route is
   *     the same in every run
   */
  List<Read> readAll(
      List<Route> routes,
      List<Integer> order,
      WindowLoad load,
      Instant now,
      Deadline deadline,
      RouteOutcome[] outcomes) {
    List<CompletableFuture<Read>> pending = new ArrayList<>(order.size());
    boolean outOfTime = false;
    for (int index : order) {
      Route route = routes.get(index);
      if (!outOfTime) {
        // The deadline is checked when a route would start, once a slot is free for it.
        inFlight.awaitSlot();
        if (!deadline.allowsAnotherRoute()) {
          inFlight.freeSlot();
          outOfTime = true;
        }
      }
      if (outOfTime) {
        outcomes[index] = RouteOutcome.notReached(route.id());
        continue;
      }
      pending.add(inFlight.start(() -> read(route, index, load, now)));
    }
    List<Read> reads = new ArrayList<>(pending.size());
    for (CompletableFuture<Read> read : pending) {
      Read done = read.join();
      if (done.failure() != null) {
        outcomes[done.index()] = done.failure();
      } else {
        reads.add(done);
      }
    }
    reads.sort(Comparator.comparingInt(Read::index));
    return reads;
  }

  /**
   * Hands each route's {@code grouped} evaluation, in the same order as {@code reads}, to the
   * outbox, {@code routesInFlight} at a time, and puts its outcome in {@code outcomes}.
   */
  void postAll(List<Read> reads, List<Evaluation> grouped, Instant now, RouteOutcome[] outcomes) {
    List<CompletableFuture<RouteOutcome>> posts = new ArrayList<>(reads.size());
    for (int k = 0; k < reads.size(); k++) {
      Read read = reads.get(k);
      Evaluation evaluation = grouped.get(k);
      inFlight.awaitSlot();
      posts.add(inFlight.start(() -> post(read.judged().route(), read.stored(), evaluation, now)));
    }
    for (int k = 0; k < reads.size(); k++) {
      outcomes[reads.get(k).index()] = posts.get(k).join();
    }
  }

  /** The routes judged, in brief, by id, from the outcomes at the routes' indexes. */
  static Map<String, RouteBrief> briefs(
      List<Route> routes, RouteOutcome[] outcomes, WindowLoad load) {
    Map<String, RouteBrief> briefs = new HashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      if (outcomes[i] != null && outcomes[i].evaluation() != null) {
        briefs.put(
            routes.get(i).id(),
            RouteBrief.of(routes.get(i), outcomes[i].evaluation(), load.windows()));
      }
    }
    return briefs;
  }

  /** Publishes the bulletins due at {@code now} for the routes {@code judged}. */
  int postBulletins(
      WindowLoad load, List<Route> routes, Map<String, RouteBrief> judged, Instant now) {
    return bulletins.post(load.windows(), routes, judged, now);
  }

  /**
   * What reading and judging one route gave: the route as judged with its stored state, or why it
   * could not be read.
   */
  record Read(
      int index,
      FaultGrouping.Judged judged,
      Optional<StoredRouteState> stored,
      RouteOutcome failure) {}

  /** Reads the route's state and probes and judges it; one route's fault stops no other. */
  private Read read(Route route, int index, WindowLoad load, Instant now) {
    try {
      Optional<StoredRouteState> state = states.load(route.id());
      RouteState previous = state.map(StoredRouteState::state).orElse(null);
      List<Probe> recent = probes.probesSince(route.id(), now.minus(route.policy().lookback()));
      Evaluation evaluation = evaluator.evaluate(route, recent, load.windows(), previous, now);
      return new Read(index, new FaultGrouping.Judged(route, previous, evaluation), state, null);
    } catch (RuntimeException e) {
      return new Read(index, null, Optional.empty(), notEvaluated(route, e));
    }
  }

  /**
   * How far back a window can still excuse a probe of some route: a probe read back to the route's
   * lookback, whose window's grace period may reach past the window's end.
   */
  private static Duration widestReach(MonitorConfiguration configuration) {
    Duration widest = Duration.ZERO;
    for (Route route : configuration.routes()) {
      Duration reach = route.policy().lookback().plus(route.policy().maintenanceGrace());
      if (reach.compareTo(widest) > 0) {
        widest = reach;
      }
    }
    return widest;
  }

  private int reportRejectedWindows(List<RejectedWindow> rejected, Instant now) {
    int published = 0;
    for (RejectedWindow item : rejected) {
      LOG.warn("maintenance window item {} ignored: {}", item.key(), item.reason());
      ConfigurationNotice notice =
          NoticeWording.windowItemIgnored(item.key(), item.reason(), item.fingerprint(), now);
      if (outbox.publishOnce(notice, item.fingerprint(), now)) {
        published++;
      }
    }
    return published;
  }

  private boolean reportRejectedDocument(RejectedDocument document, Instant now) {
    ConfigurationNotice notice =
        NoticeWording.documentRefused(
            document.name(), document.reason(), document.fingerprint(), now);
    return outbox.publishOnce(notice, document.fingerprint(), now);
  }

  /** Hands the route's transition and notices to the outbox. */
  private RouteOutcome post(
      Route route, Optional<StoredRouteState> stored, Evaluation evaluation, Instant now) {
    try {
      NoticeOutbox.Posted posted =
          outbox.post(stored, evaluation.nextState(), evaluation.notices(), now);
      if (posted.raceLost()) {
        LOG.info(
            "route={} was evaluated by another run at the same time; its result stands",
            route.id());
        return RouteOutcome.raceLost(route.id(), evaluation);
      }
      logCondition(route, evaluation);
      return RouteOutcome.evaluated(route.id(), evaluation, posted.published(), posted.pending());
    } catch (RuntimeException e) {
      return notEvaluated(route, e);
    }
  }

  /** A fault on one route must not leave the routes after it unjudged. */
  private static RouteOutcome notEvaluated(Route route, RuntimeException e) {
    if (e instanceof StoreException) {
      LOG.error("route={} not evaluated: {}", route.id(), e.getMessage(), e);
      return RouteOutcome.failed(route.id(), e.getMessage());
    }
    LOG.error("route={} not evaluated: {}", route.id(), e, e);
    return RouteOutcome.failed(route.id(), String.valueOf(e));
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
}
