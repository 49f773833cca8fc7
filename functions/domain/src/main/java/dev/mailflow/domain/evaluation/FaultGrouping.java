package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.route.Route;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the incidents of routes that fail together into one notice per fault.
 *
 * <p>Every route is judged on its own first, by {@link RouteEvaluator}; its state and incident stay
 * the route's own. Across the routes judged in one run, the grouping then looks for the smallest
 * explanation of the routes whose incidents open now, in this order:
 *
 * <ol>
 *   <li>A route that opens while a fault is open joins it when the fault's suspect lies on its
 *       path: no notice, unless the route makes the fault more severe.
 *   <li>When every route judged is failing, at least three of them, and no server or relay lies on
 *       all their paths, the monitor's own inbound path is the suspect: mail from every server to
 *       every server does not go wrong at once otherwise.
 *   <li>Otherwise the server or relay on the paths of the most routes opening now, two at least, is
 *       the suspect, when it is the only one that explains exactly those routes. Two servers on the
 *       same routes (the two routes between a pair, or any mesh of two servers) cannot be told
 *       apart: those routes open their own incidents, as a route failing alone does.
 * </ol>
 *
 * <p>A route's path is its source and target server, and the relays stamped between them on its
 * newest delivered probe (every Received stamp but the source's own, the target's and the inbound
 * service's). The fault's routes keep their own incidents, marked with the fault; the fault's
 * notices replace theirs: one OPENED naming the suspect, the evidence and the routes, one REMINDER
 * each reminder interval, and one RESOLVED once every route of the fault would resolve in the same
 * run. A route that recovers before the others stays open, quietly, until they do, so the RESOLVED
 * reports every route's recovery and backlog flushes. A fault closes only in a run that judged
 * every route: a route the run did not reach may still be failing.
 *
 * <p>Routes whose probes stopped (NO DATA), losses already over when they became known, and routes
 * in maintenance are never grouped: maintenance excuses route by route, as before.
 *
 * <p>Only routes that belong to an open fault or open an incident now can change here (see {@link
 * #mayChange}); the others count only as evidence, by their condition and path. A round judged in
 * several invocations hands those in as {@link Elsewhere}, in brief.
 */
final class FaultGrouping {

  /** A route as judged in this run, before grouping. */
  record Judged(Route route, RouteState previous, Evaluation evaluation) {}

  /**
   * A route judged in another invocation of the round, whose judgement grouping cannot change: it
   * counts as evidence only.
   */
  record Elsewhere(Route route, RouteBrief brief) {}

  private final List<Judged> judged;
  private final List<Elsewhere> elsewhere;
  private final boolean everyRouteJudged;
  private final Instant now;
  private final RouteState[] next;
  private final List<List<Notice>> notices;
  private final Set<String>[] paths;

  /** Open faults by id, with the routes (indexes) that belong to each. */
  private final Map<String, Fault> faults = new LinkedHashMap<>();

  private final Map<String, List<Integer>> members = new LinkedHashMap<>();

  /**
   * Open faults whose whole list of routes this run knows: opened now, or the copy that lists them
   * was loaded. A fault whose list this run only pieced together from the routes it reached stores
   * no list at all, so the copy that holds the whole one is never replaced by a part of it.
   */
  private final Set<String> listed = new HashSet<>();

  private final Set<Integer> ready = new HashSet<>();
  private final List<Integer> openings = new ArrayList<>();

  /** Faults a notice was made about in this run already. */
  private final Set<String> toldNow = new HashSet<>();

  @SuppressWarnings("unchecked")
  private FaultGrouping(
      List<Judged> judged, List<Elsewhere> elsewhere, boolean everyRouteJudged, Instant now) {
    this.judged = judged;
    this.elsewhere = elsewhere;
    this.everyRouteJudged = everyRouteJudged;
    this.now = now;
    this.next = new RouteState[judged.size()];
    this.notices = new ArrayList<>(judged.size());
    this.paths = new Set[judged.size()];
    for (int i = 0; i < judged.size(); i++) {
      next[i] = judged.get(i).evaluation().nextState();
      notices.add(judged.get(i).evaluation().notices());
    }
  }

  /**
   * The evaluations of {@code judged}, in the same order, with the notices of routes that fail
   * together replaced by their fault's.
   *
   * @param judged the routes judged in this run, in configuration order
   * @param everyRouteJudged false when the run did not judge every configured route: then no fault
   *     closes
   */
  static List<Evaluation> apply(List<Judged> judged, boolean everyRouteJudged, Instant now) {
    return apply(judged, List.of(), everyRouteJudged, now);
  }

  /**
   * As {@link #apply(List, boolean, Instant)}, with the routes {@code elsewhere} judged in other
   * invocations of the round as evidence; none of them may {@link #mayChange}.
   */
  static List<Evaluation> apply(
      List<Judged> judged, List<Elsewhere> elsewhere, boolean everyRouteJudged, Instant now) {
    FaultGrouping grouping = new FaultGrouping(judged, elsewhere, everyRouteJudged, now);
    grouping.sort();
    if (grouping.faults.isEmpty() && grouping.openings.size() < 2) {
      return evaluations(judged);
    }
    grouping.join();
    grouping.group();
    grouping.remind();
    grouping.close();
    return grouping.results();
  }

  private static List<Evaluation> evaluations(List<Judged> judged) {
    List<Evaluation> unchanged = new ArrayList<>(judged.size());
    for (Judged route : judged) {
      unchanged.add(route.evaluation());
    }
    return unchanged;
  }

  /** Finds the open faults, their routes, the routes ready to close and the routes opening now. */
  private void sort() {
    for (int i = 0; i < judged.size(); i++) {
      Judged route = judged.get(i);
      Incident before = route.previous() == null ? null : route.previous().incident();
      Incident after = next[i].incident();
      if (before != null && before.grouped()) {
        Fault fault = before.fault();
        faults.merge(fault.id(), fault, FaultGrouping::newer);
        if (!fault.routes().isEmpty()) {
          listed.add(fault.id());
        }
        members.computeIfAbsent(fault.id(), id -> new ArrayList<>()).add(i);
        if (after == null) {
          ready.add(i);
        } else {
          // The fault speaks for its routes: a route's own reminder is not sent.
          notices.set(i, List.of());
        }
      } else if (opensGroupable(route)) {
        openings.add(i);
      }
    }
    completeFaultRoutes();
  }

  /**
   * The newer of two copies of a fault, with the routes of both: a route the last run did not reach
   * keeps an older one, and only the copy of the fault's first route lists its routes ({@link
   * Fault#storedFor}).
   */
  private static Fault newer(Fault a, Fault b) {
    Fault newer = b.lastNotifiedAt().isAfter(a.lastNotifiedAt()) ? b : a;
    Fault other = newer == a ? b : a;
    return newer.joinedByAll(other.routes(), other.severity());
  }

  /**
   * Completes each open fault's routes with the routes whose incidents belong to it: where the copy
   * that lists them was not loaded (its route not reached in this run, or no longer configured),
   * the fault's routes are those found in this run, in configuration order.
   */
  private void completeFaultRoutes() {
    for (Map.Entry<String, List<Integer>> entry : members.entrySet()) {
      List<String> ids = new ArrayList<>(entry.getValue().size());
      for (int i : entry.getValue()) {
        ids.add(routeId(i));
      }
      faults.computeIfPresent(
          entry.getKey(), (id, fault) -> fault.joinedByAll(ids, fault.severity()));
    }
  }

  /**
   * Whether grouping may change what {@code route}'s own judgement stores and tells: true when it
   * belongs to an open fault or opens an incident that could join or found one. Every other route
   * keeps its own judgement, whatever the other routes do.
   */
  static boolean mayChange(Judged route) {
    Incident before = route.previous() == null ? null : route.previous().incident();
    return (before != null && before.grouped()) || opensGroupable(route);
  }

  /** A route opening its own incident now, as a failure a fault could explain. */
  private static boolean opensGroupable(Judged route) {
    Incident before = route.previous() == null ? null : route.previous().incident();
    List<Notice> own = route.evaluation().notices();
    return before == null
        && route.evaluation().nextState().incident() != null
        && own.size() == 1
        && own.get(0).type() == NoticeType.OPENED
        && own.get(0).condition() != RouteCondition.NO_DATA
        && route.route().enabled();
  }

  /** Routes opening on the path of an open fault join it. */
  private void join() {
    for (int k = openings.size() - 1; k >= 0; k--) {
      int i = openings.get(k);
      for (Fault fault : faults.values()) {
        if (!onPath(fault.suspect(), i)) {
          continue;
        }
        Severity seen = next[i].incident().severity();
        Fault joined = fault.joinedBy(routeId(i), seen);
        faults.put(fault.id(), joined);
        members.computeIfAbsent(fault.id(), id -> new ArrayList<>()).add(i);
        Notice own = notices.get(i).get(0);
        notices.set(i, List.of());
        if (joined.severity() != fault.severity()) {
          Fault told = joined.reminded(now);
          faults.put(fault.id(), told);
          toldNow.add(fault.id());
          notices.set(i, List.of(faultNotice(NoticeType.REMINDER, told, List.of(own), i, "")));
        }
        openings.remove(k);
        break;
      }
    }
  }

  /** Finds a suspect for the routes opening now that no open fault explains. */
  private void group() {
    if (openings.size() < 2) {
      return;
    }
    if (inboundPathSuspected()) {
      found(Suspect.inbound(), new ArrayList<>(openings), everyRouteFailing());
      openings.clear();
      return;
    }
    while (openings.size() >= 2) {
      Map<String, List<Integer>> covered = new TreeMap<>();
      for (int i : openings) {
        for (String part : path(i)) {
          covered.computeIfAbsent(part, p -> new ArrayList<>()).add(i);
        }
      }
      int most = 0;
      for (List<Integer> routes : covered.values()) {
        most = Math.max(most, routes.size());
      }
      if (most < 2) {
        return;
      }
      // The parts on exactly the same routes explain them equally well.
      Map<List<Integer>, List<String>> alike = new LinkedHashMap<>();
      for (Map.Entry<String, List<Integer>> part : covered.entrySet()) {
        if (part.getValue().size() == most) {
          alike.computeIfAbsent(part.getValue(), r -> new ArrayList<>()).add(part.getKey());
        }
      }
      boolean grouped = false;
      for (Map.Entry<List<Integer>, List<String>> candidate : alike.entrySet()) {
        Suspect suspect = onlySuspect(candidate.getValue());
        if (suspect != null && openings.containsAll(candidate.getKey())) {
          found(suspect, candidate.getKey(), passThrough(suspect, candidate.getKey().size()));
          openings.removeAll(candidate.getKey());
          grouped = true;
        }
      }
      if (!grouped) {
        return;
      }
    }
  }

  /**
   * The one suspect among parts that explain the same routes: the server, when exactly one of them
   * is a server (its own host stamps are the same server); a relay when none is. Null when two
   * servers explain them equally well.
   */
  private static Suspect onlySuspect(List<String> parts) {
    List<String> servers = new ArrayList<>();
    List<String> relays = new ArrayList<>();
    for (String part : parts) {
      if (part.startsWith(RELAY)) {
        relays.add(part.substring(RELAY.length()));
      } else {
        servers.add(part);
      }
    }
    if (servers.size() == 1) {
      return new Suspect(Suspect.Kind.SERVER, servers.get(0));
    }
    return servers.isEmpty() ? new Suspect(Suspect.Kind.RELAY, relays.get(0)) : null;
  }

  private boolean inboundPathSuspected() {
    if (!everyRouteJudged) {
      return false;
    }
    Set<String> common = null;
    int considered = 0;
    for (int i = 0; i < judged.size() + elsewhere.size(); i++) {
      RouteCondition condition = condition(i);
      if (!route(i).enabled()
          || condition == RouteCondition.IN_MAINTENANCE
          || condition == RouteCondition.NO_DATA
          || condition == RouteCondition.WAITING) {
        continue;
      }
      if (condition == RouteCondition.HEALTHY) {
        return false;
      }
      considered++;
      if (common == null) {
        common = new HashSet<>(path(i));
      } else {
        common.retainAll(path(i));
      }
    }
    return considered >= 3 && common.isEmpty();
  }

  /** "all 12 routes judged are failing". */
  private String everyRouteFailing() {
    int failing = 0;
    for (int i = 0; i < judged.size() + elsewhere.size(); i++) {
      RouteCondition condition = condition(i);
      if (condition == RouteCondition.FAILING || condition == RouteCondition.DEGRADED) {
        failing++;
      }
    }
    return "all "
        + failing
        + " routes judged are failing, and no server or relay lies on all of them";
  }

  /**
   * "the 3 routes failing together all pass through server MX01, and the 6 routes that avoid it are
   * healthy".
   */
  private String passThrough(Suspect suspect, int failing) {
    return "the "
        + failing
        + " routes failing together all pass through "
        + suspect.describe()
        + ", and "
        + avoiding(suspect);
  }

  /** "the 6 routes that avoid it are healthy" or how many of them are. */
  private String avoiding(Suspect suspect) {
    int avoid = 0;
    int healthy = 0;
    for (int i = 0; i < judged.size() + elsewhere.size(); i++) {
      if (onPath(suspect, i)) {
        continue;
      }
      avoid++;
      if (condition(i) == RouteCondition.HEALTHY) {
        healthy++;
      }
    }
    if (avoid == 0) {
      return "every route passes through it";
    }
    if (healthy == avoid) {
      return avoid == 1
          ? "the one route that avoids it is healthy"
          : "the " + avoid + " routes that avoid it are healthy";
    }
    return healthy + " of the " + avoid + " routes that avoid it are healthy";
  }

  /** Opens a fault on {@code routes}: one OPENED, carried by the first of them. */
  private void found(Suspect suspect, List<Integer> routes, String evidence) {
    List<Integer> ordered = new ArrayList<>(routes);
    ordered.sort(Comparator.naturalOrder());
    List<String> ids = new ArrayList<>();
    Severity severity = Severity.WARNING;
    List<Notice> own = new ArrayList<>();
    for (int i : ordered) {
      ids.add(routeId(i));
      severity = severity.max(next[i].incident().severity());
      own.add(notices.get(i).get(0));
      notices.set(i, List.of());
    }
    Instant firstBad = now;
    for (Notice notice : own) {
      for (AssessedProbe probe : notice.evidence()) {
        if (probe.verdict().isBad() && probe.probe().sentAt().isBefore(firstBad)) {
          firstBad = probe.probe().sentAt();
        }
      }
    }
    Fault fault = Fault.open(suspect, firstBad, now, severity, ids);
    faults.put(fault.id(), fault);
    listed.add(fault.id());
    members.put(fault.id(), ordered);
    notices.set(
        ordered.get(0),
        List.of(faultNotice(NoticeType.OPENED, fault, own, ordered.get(0), evidence)));
  }

  /**
   * One reminder for each fault whose reminder is due, unless all its routes are in maintenance.
   */
  private void remind() {
    for (Map.Entry<String, Fault> entry : faults.entrySet()) {
      Fault fault = entry.getValue();
      List<Integer> routes = members.get(entry.getKey());
      if (fault.openedAt().equals(now) || toldNow.contains(fault.id())) {
        continue;
      }
      int first = routes.get(0);
      boolean due =
          !now.isBefore(
              fault.lastNotifiedAt().plus(judged.get(first).route().policy().reminderInterval()));
      boolean outsideMaintenance = false;
      for (int i : routes) {
        outsideMaintenance |=
            judged.get(i).evaluation().condition() != RouteCondition.IN_MAINTENANCE;
      }
      if (due && outsideMaintenance && !allReady(routes)) {
        Fault reminded = fault.reminded(now);
        entry.setValue(reminded);
        notices.set(
            first, List.of(faultNotice(NoticeType.REMINDER, reminded, List.of(), first, "")));
      }
    }
  }

  /**
   * Closes each fault all of whose routes would resolve now, with one RESOLVED; a route that
   * recovered while others of its fault have not keeps its incident open, quietly.
   */
  private void close() {
    for (Map.Entry<String, Fault> entry : faults.entrySet()) {
      Fault fault = entry.getValue();
      List<Integer> routes = members.get(entry.getKey());
      if (everyRouteJudged && allReady(routes)) {
        List<Notice> own = new ArrayList<>();
        for (int i : routes) {
          own.addAll(notices.get(i));
          notices.set(i, List.of());
        }
        int first = routes.get(0);
        notices.set(first, List.of(faultNotice(NoticeType.RESOLVED, fault, own, first, "")));
        continue;
      }
      for (int i : routes) {
        Fault stored =
            listed.contains(fault.id()) ? fault.storedFor(routeId(i)) : fault.withoutRoutes();
        if (ready.contains(i)) {
          notices.set(i, List.of());
          next[i] = keptOpen(i, stored);
        } else if (next[i].incident() != null) {
          next[i] = withIncident(next[i], next[i].incident().within(stored));
        }
      }
    }
  }

  private boolean allReady(List<Integer> routes) {
    for (int i : routes) {
      if (!ready.contains(i)) {
        return false;
      }
    }
    return !routes.isEmpty();
  }

  /**
   * The route's state with its incident still open in {@code fault}: as it was before this run,
   * judged now, so its recovery and flushes are told when the fault closes.
   */
  private RouteState keptOpen(int i, Fault fault) {
    RouteState before = judged.get(i).previous();
    RouteState after = next[i];
    return new RouteState(
        after.routeId(),
        after.condition(),
        before.incident().within(fault),
        after.monitoredSince(),
        before.flushesReportedUntil(),
        before.judgedFrom(),
        after.evaluatedAt(),
        after.version());
  }

  private static RouteState withIncident(RouteState state, Incident incident) {
    return new RouteState(
        state.routeId(),
        state.condition(),
        incident,
        state.monitoredSince(),
        state.flushesReportedUntil(),
        state.judgedFrom(),
        state.evaluatedAt(),
        state.version());
  }

  /**
   * A notice about {@code fault}, carried by route {@code carrier}, from its routes' own notices
   * and, for OPENED, {@code why} its suspect is blamed.
   */
  private Notice faultNotice(
      NoticeType type, Fault fault, List<Notice> own, int carrier, String why) {
    List<AssessedProbe> evidence = new ArrayList<>();
    List<BacklogFlush> flushes = new ArrayList<>();
    int suppressed = 0;
    for (Notice notice : own) {
      evidence.addAll(notice.evidence());
      flushes.addAll(notice.flushes());
      suppressed += notice.suppressedByMaintenance();
    }
    evidence.sort(Comparator.comparing(assessed -> assessed.probe().sentAt()));
    flushes.sort(Comparator.comparing(BacklogFlush::firstDeliveredAt));
    List<AffectedRoute> routes = affected(fault, own);
    RouteCondition condition = type == NoticeType.RESOLVED ? RouteCondition.HEALTHY : worst(routes);
    Route lead = judged.get(carrier).route();
    NoticeWording.Words words = NoticeWording.fault(type, fault, routes, own, why, now);
    return new Notice(
        type,
        lead.id(),
        lead.source(),
        lead.target(),
        fault.id(),
        fault.openedAt(),
        fault.severity(),
        condition,
        now,
        NoticeWording.headline(type, fault.severity(), fault.suspect().name(), words.summary()),
        NoticeWording.reason(words.reason(), flushes, suppressed, lead.policy().lookback()),
        evidence,
        flushes,
        suppressed,
        fault,
        routes);
  }

  /** How each route of the fault stands, from this run's judgement. */
  private List<AffectedRoute> affected(Fault fault, List<Notice> own) {
    Map<String, String> summaries = new LinkedHashMap<>();
    for (Notice notice : own) {
      summaries.put(notice.routeId(), NoticeWording.summaryOf(notice));
    }
    List<AffectedRoute> routes = new ArrayList<>();
    Set<String> ofFault = new HashSet<>(fault.routes());
    for (int i = 0; i < judged.size(); i++) {
      Route route = judged.get(i).route();
      if (!ofFault.contains(route.id())) {
        continue;
      }
      Incident incident =
          next[i].incident() != null
              ? next[i].incident()
              : judged.get(i).previous() == null ? null : judged.get(i).previous().incident();
      routes.add(
          new AffectedRoute(
              route.id(),
              route.source(),
              route.target(),
              incident == null ? "" : incident.id(),
              judged.get(i).evaluation().condition(),
              incident == null ? fault.severity() : incident.severity(),
              summaries.getOrDefault(route.id(), "")));
    }
    return routes;
  }

  private static RouteCondition worst(List<AffectedRoute> routes) {
    RouteCondition worst = RouteCondition.HEALTHY;
    for (AffectedRoute route : routes) {
      if (route.condition() == RouteCondition.FAILING) {
        return RouteCondition.FAILING;
      }
      if (route.condition() == RouteCondition.DEGRADED) {
        worst = RouteCondition.DEGRADED;
      }
    }
    return worst;
  }

  private List<Evaluation> results() {
    List<Evaluation> out = new ArrayList<>(judged.size());
    for (int i = 0; i < judged.size(); i++) {
      Evaluation before = judged.get(i).evaluation();
      if (next[i] == before.nextState() && notices.get(i) == before.notices()) {
        out.add(before);
      } else {
        out.add(
            new Evaluation(
                before.condition(),
                next[i],
                notices.get(i),
                before.probes(),
                before.newFlushes(),
                before.waitingFor()));
      }
    }
    return out;
  }

  private String routeId(int i) {
    return judged.get(i).route().id();
  }

  /** Marks a relay's host name in a path, apart from server ids. */
  private static final String RELAY = "relay:";

  private boolean onPath(Suspect suspect, int i) {
    switch (suspect.kind()) {
      case INBOUND:
        return true;
      case RELAY:
        return path(i).contains(RELAY + suspect.name());
      case SERVER:
      default:
        return route(i).touches(suspect.name());
    }
  }

  /**
   * The route's source and target, and the relays stamped between them on its newest delivery. An
   * index past the routes judged here is a route judged elsewhere.
   */
  private Set<String> path(int i) {
    if (i >= judged.size()) {
      Elsewhere route = elsewhere.get(i - judged.size());
      return path(route.route(), route.brief().relays());
    }
    if (paths[i] == null) {
      paths[i] =
          path(judged.get(i).route(), RouteBrief.relays(judged.get(i).evaluation().probes()));
    }
    return paths[i];
  }

  private static Set<String> path(Route route, List<String> relays) {
    Set<String> path = new TreeSet<>();
    path.add(route.source());
    path.add(route.target());
    for (String relay : relays) {
      path.add(RELAY + relay);
    }
    return path;
  }

  /** The route at {@code i}, judged here or, past those, elsewhere. */
  private Route route(int i) {
    return i < judged.size() ? judged.get(i).route() : elsewhere.get(i - judged.size()).route();
  }

  /** The condition of the route at {@code i}, judged here or, past those, elsewhere. */
  private RouteCondition condition(int i) {
    return i < judged.size()
        ? judged.get(i).evaluation().condition()
        : elsewhere.get(i - judged.size()).brief().condition();
  }
}
