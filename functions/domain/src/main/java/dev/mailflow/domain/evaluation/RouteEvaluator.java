package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a route's recent probes, the maintenance windows and the route's previous state into the
 * route's condition, the state to store and the notices to send.
 *
 * <p>It owns the rules; what a notice says about their outcome is {@link NoticeWording}'s.
 *
 * <p>Pure and stateless: the same inputs always give the same outcome, so it is safe to run it
 * again after a failed write, and two racing runs agree on what to say. The rules:
 *
 * <ol>
 *   <li>A probe whose flight, from sending to delivery (or to now while it is undelivered),
 *       overlaps a window on the route's source, target, the route itself or everything, extended
 *       by the route's grace, is <em>maintenance-affected</em>: it never causes or keeps an alert.
 *   <li>A window resets the count: only probes sent after the last window ended (with grace) open
 *       or close incidents. If the route showed no good probe since that window began, the first
 *       bad probe sent after it opens an incident at once, whatever {@code failuresToOpen} says: a
 *       server still down after its maintenance is reported within one evaluation.
 *   <li>Probes are judged in the order they were sent, each once its fate is known (delivered, not
 *       submitted, or lost at its loss timeout), so a later good probe never hides an earlier loss.
 *       In-flight probes are neither good nor bad.
 *   <li>{@code failuresToOpen} bad probes in a row open an incident; {@code successesToClose} good
 *       ones in a row close it. A probe delivered after its loss timeout is LATE, and LATE is bad:
 *       it never resolves an incident.
 *   <li>{@code recentFailuresToOpen} bad probes among the last {@code recentProbes} judged open an
 *       incident for an intermittent fault, never two bad in a row; only {@code cleanProbesToClose}
 *       good ones in a row close it, so a fault that keeps coming back is one incident.
 *   <li>A loss the rules call an incident that is already over when it becomes known (the good
 *       probes that would close it were judged with it, and none sent before them is still in
 *       flight) is told in one RESOLVED notice; one not yet over opens an incident. Either way it
 *       is never left untold, and what has been told is not told again.
 *   <li>Reminders go out only when the reminder interval has passed since the last notice, and
 *       never while the route is in maintenance.
 *   <li>Several probes delivered close together after waiting (a queue draining) are one {@link
 *       BacklogFlush}, reported in the next notice, never one alert each.
 *   <li>An enabled route with no probe sent for twice its interval is NO DATA: the monitor itself
 *       has stalled, and that opens an incident too (outside maintenance). One whose probes are all
 *       still in flight is WAITING.
 * </ol>
 */
public final class RouteEvaluator {
  private static final Comparator<AssessedProbe> BY_SENDING =
      Comparator.comparing(assessed -> assessed.probe().sentAt());
  private static final Comparator<AssessedProbe> BY_DELIVERY =
      Comparator.comparing(assessed -> assessed.probe().delivery().deliveredAt());

  /**
   * Evaluates one route.
   *
   * @param route the route, with its policy
   * @param probes the route's probes; those sent before {@code now - lookback} are ignored
   * @param windows maintenance windows; those that do not cover the route are ignored
   * @param previous the state stored by the last evaluation, or {@code null} for a new route
   * @param now the evaluation instant
   */
  public Evaluation evaluate(
      Route route,
      List<Probe> probes,
      List<MaintenanceWindow> windows,
      RouteState previous,
      Instant now) {
    RoutePolicy policy = route.policy();
    RouteState before = previous != null ? previous : RouteState.initial(route.id(), now);
    Facts facts = new Facts(route, policy, now, coveringWindows(route, windows));
    facts.assess(probes);
    facts.judge(before);
    return facts.decide(before);
  }

  private static List<MaintenanceWindow> coveringWindows(
      Route route, List<MaintenanceWindow> windows) {
    List<MaintenanceWindow> covering = new ArrayList<>(windows.size());
    for (MaintenanceWindow window : windows) {
      if (window.covers(route)) {
        covering.add(window);
      }
    }
    return covering;
  }

  /** Everything one evaluation works out, in the order it works it out. */
  private static final class Facts {
    private final Route route;
    private final RoutePolicy policy;
    private final Instant now;
    private final List<MaintenanceWindow> windows;
    private final Duration grace;
    private final Instant[] windowEnds;

    private final List<AssessedProbe> assessed = new ArrayList<>();
    private MaintenanceWindow activeWindow;
    private MaintenanceWindow lastEndedWindow;
    private Instant countFrom;
    private Instant openFrom;
    private int oldestInFlight = -1;
    private int recentBad;
    private int recentJudged;
    private boolean metInARow;
    private boolean metRecently;
    private boolean stalled;
    private Instant lastSentAt;
    private Instant quietSince;
    private final List<AssessedProbe> run = new ArrayList<>();
    private boolean runIsBad;
    private boolean stillFailingAfterMaintenance;
    private AssessedProbe newestCounted;

    Facts(Route route, RoutePolicy policy, Instant now, List<MaintenanceWindow> windows) {
      this.route = route;
      this.policy = policy;
      this.now = now;
      this.windows = windows;
      this.grace = policy.maintenanceGrace();
      this.windowEnds = new Instant[windows.size()];
      for (int i = 0; i < windowEnds.length; i++) {
        windowEnds[i] = windows.get(i).endWithGrace(grace);
      }
    }

    void assess(List<Probe> probes) {
      Instant oldest = now.minus(policy.lookback());
      for (Probe probe : sortedBySending(probes)) {
        if (!probe.routeId().equals(route.id())) {
          throw new IllegalArgumentException(
              "probe "
                  + probe.probeId()
                  + " of route "
                  + probe.routeId()
                  + " given for "
                  + route.id());
        }
        if (probe.sentAt().isBefore(oldest)) {
          continue;
        }
        assessed.add(assessOne(probe));
      }
    }

    private AssessedProbe assessOne(Probe probe) {
      ProbeState state = probe.stateAt(now, policy.lossTimeout());
      Duration latency =
          probe.delivery() == null
              ? null
              : Duration.between(probe.sentAt(), probe.delivery().deliveredAt());
      Verdict verdict;
      switch (state) {
        case DELIVERED:
          if (latency.compareTo(policy.criticalLatency()) >= 0) {
            verdict = Verdict.CRITICALLY_SLOW;
          } else if (latency.compareTo(policy.warningLatency()) >= 0) {
            verdict = Verdict.SLOW;
          } else {
            verdict = Verdict.GOOD;
          }
          break;
        case LATE:
          verdict = Verdict.LATE;
          break;
        case LOST:
          verdict = Verdict.LOST;
          break;
        case SEND_FAILED:
          verdict = Verdict.SEND_FAILED;
          break;
        default:
          verdict = Verdict.IN_FLIGHT;
      }
      String windowId = null;
      Instant flightEnd = probe.flightEnd(now);
      for (int i = 0; i < windows.size(); i++) {
        // The windows already cover the route; the ends with grace are worked out once per run.
        MaintenanceWindow window = windows.get(i);
        if (!flightEnd.isBefore(window.start()) && probe.sentAt().isBefore(windowEnds[i])) {
          windowId = window.id();
          break;
        }
      }
      return new AssessedProbe(probe, state, verdict, latency, windowId);
    }

    private static List<Probe> sortedBySending(List<Probe> probes) {
      for (int i = 1; i < probes.size(); i++) {
        if (probes.get(i).sentAt().isBefore(probes.get(i - 1).sentAt())) {
          List<Probe> sorted = new ArrayList<>(probes);
          sorted.sort(Comparator.comparing(Probe::sentAt));
          return sorted;
        }
      }
      return probes;
    }

    void judge(RouteState before) {
      for (MaintenanceWindow window : windows) {
        Instant end = window.endWithGrace(grace);
        if (window.isActive(route, now, grace)) {
          if (activeWindow == null || end.isAfter(activeWindow.endWithGrace(grace))) {
            activeWindow = window;
          }
        } else if (!end.isAfter(now)
            && (lastEndedWindow == null || end.isAfter(lastEndedWindow.endWithGrace(grace)))) {
          lastEndedWindow = window;
        }
      }
      countFrom = lastEndedWindow == null ? null : lastEndedWindow.endWithGrace(grace);
      openFrom = later(countFrom, before.judgedFrom());

      lastSentAt = assessed.isEmpty() ? null : assessed.get(assessed.size() - 1).probe().sentAt();
      // A route enabled again after a pause is judged from then on, not from its last old probe.
      quietSince =
          lastSentAt != null && lastSentAt.isAfter(before.monitoredSince())
              ? lastSentAt
              : before.monitoredSince();
      stalled =
          route.enabled() && Duration.between(quietSince, now).compareTo(policy.staleAfter()) > 0;

      findTrailingRun();
      judgeInSendingOrder();
      stillFailingAfterMaintenance = runIsBad && afterRecentWindowNothingWentWell();
    }

    private static Instant later(Instant a, Instant b) {
      if (a == null) {
        return b;
      }
      return b == null || a.isAfter(b) ? a : b;
    }

    private boolean beforeOpenFrom(AssessedProbe probe) {
      return openFrom != null && probe.probe().sentAt().isBefore(openFrom);
    }

    /**
     * The newest run of judged probes that agree (all bad or all good), since the last window and
     * what has been told.
     */
    private void findTrailingRun() {
      for (int i = assessed.size() - 1; i >= 0; i--) {
        AssessedProbe probe = assessed.get(i);
        if (beforeOpenFrom(probe)) {
          break;
        }
        if (!probe.counts()) {
          continue;
        }
        boolean bad = probe.verdict().isBad();
        if (newestCounted == null) {
          newestCounted = probe;
          runIsBad = bad;
        } else if (bad != runIsBad) {
          break;
        }
        run.add(0, probe);
      }
    }

    /**
     * Walks the judged probes not yet told of in the order they were sent: whether the rule in a
     * row was met on the way, whether the recent rule was, how many of the newest {@code
     * recentProbes} are bad now, and which probe is the oldest still in flight. A probe in flight
     * is skipped, neither good nor bad; it can never stand between two lost ones, being older than
     * the second.
     */
    private void judgeInSendingOrder() {
      // One flag a slot for the newest recent probes, reused as the window slides: no allocation a
      // probe.
      boolean[] recent = new boolean[policy.recentProbes()];
      int filled = 0;
      int next = 0;
      int inARow = 0;
      int recentToOpen = recentFailuresToOpen();
      for (int i = 0; i < assessed.size(); i++) {
        AssessedProbe probe = assessed.get(i);
        if (probe.maintenanceAffected() || beforeOpenFrom(probe)) {
          continue;
        }
        if (!probe.counts()) {
          oldestInFlight = oldestInFlight < 0 ? i : oldestInFlight;
          continue;
        }
        boolean bad = probe.verdict().isBad();
        if (filled == recent.length) {
          recentBad -= recent[next] ? 1 : 0;
        } else {
          filled++;
        }
        recent[next] = bad;
        recentBad += bad ? 1 : 0;
        next = (next + 1) % recent.length;
        inARow = bad ? inARow + 1 : 0;
        metInARow |= inARow >= policy.failuresToOpen();
        metRecently |= recentBad >= recentToOpen;
      }
      recentJudged = filled;
    }

    /**
     * Bad probes among the recent ones that open an incident: never fewer than the rule in a row
     * needs, so a run that rule is waiting for is not called intermittent first.
     */
    private int recentFailuresToOpen() {
      return Math.max(policy.recentFailuresToOpen(), policy.failuresToOpen());
    }

    private boolean recentRuleHoldsNow() {
      return recentBad >= recentFailuresToOpen();
    }

    /** True when no probe sent before the newest good run is still in flight. */
    private boolean settledBeforeRun() {
      return oldestInFlight < 0
          || !assessed.get(oldestInFlight).probe().sentAt().isBefore(run.get(0).probe().sentAt());
    }

    private int goodInARow() {
      return runIsBad ? 0 : run.size();
    }

    /** The bad judged probes not yet told of, oldest sent first. */
    private List<AssessedProbe> untoldBad() {
      List<AssessedProbe> bad = new ArrayList<>();
      for (int i = 0; i < assessed.size(); i++) {
        AssessedProbe probe = assessed.get(i);
        if (probe.counts() && !beforeOpenFrom(probe) && probe.verdict().isBad()) {
          bad.add(probe);
        }
      }
      return bad;
    }

    /** The bad ones among the newest {@code recentProbes} judged probes, oldest sent first. */
    private List<AssessedProbe> recentBadProbes() {
      List<AssessedProbe> bad = new ArrayList<>();
      int seen = 0;
      for (int i = assessed.size() - 1; i >= 0 && seen < policy.recentProbes(); i--) {
        AssessedProbe probe = assessed.get(i);
        if (beforeOpenFrom(probe)) {
          break;
        }
        if (probe.counts()) {
          seen++;
          if (probe.verdict().isBad()) {
            bad.add(0, probe);
          }
        }
      }
      return bad;
    }

    /**
     * True when a window ended within the lookback and the route was not seen well at its end: the
     * newest probe sent during the window (or its grace) was not delivered in time, or none was
     * sent. A route that went down in the middle of its window counts as still failing, as does one
     * down throughout; one that came back before the window closed does not.
     */
    private boolean afterRecentWindowNothingWentWell() {
      if (lastEndedWindow == null || countFrom.isBefore(now.minus(policy.lookback()))) {
        return false;
      }
      AssessedProbe newestDuringWindow = null;
      for (AssessedProbe probe : assessed) {
        Instant sent = probe.probe().sentAt();
        if (!sent.isBefore(lastEndedWindow.start()) && sent.isBefore(countFrom)) {
          newestDuringWindow = probe;
        } else if (!sent.isBefore(countFrom) && probe.counts() && probe.verdict() == Verdict.GOOD) {
          // Mail flowed after the window: whatever fails now is a new failure, not the old one.
          return false;
        }
      }
      return newestDuringWindow == null || newestDuringWindow.verdict() != Verdict.GOOD;
    }

    Evaluation decide(RouteState before) {
      boolean inMaintenance = activeWindow != null;
      Incident incident = before.incident();
      Notice notice = null;
      List<BacklogFlush> flushes = unreportedFlushes(before.flushesReportedUntil());

      Instant judgedFrom = before.judgedFrom();
      // Maintenance and a disabled route keep quiet.
      boolean mayOpen = route.enabled() && !inMaintenance;
      if (incident == null) {
        if (mayOpen && (stalled || opensIncident())) {
          NoticeWording.Words opening = opening();
          incident = Incident.open(route.id(), now, currentSeverity(), opening.reason());
          notice =
              notice(
                  NoticeType.OPENED,
                  incident,
                  opening.summary(),
                  incident.reason(),
                  badRun(),
                  flushes);
        } else if (mayOpen && recentRuleHoldsNow() && goodInARow() < policy.cleanProbesToClose()) {
          List<AssessedProbe> bad = recentBadProbes();
          NoticeWording.Words opening =
              NoticeWording.intermittent(
                  bad, recentJudged, policy.cleanProbesToClose(), route.source(), now);
          incident = Incident.openIntermittent(route.id(), now, severityOf(bad), opening.reason());
          notice =
              notice(
                  NoticeType.OPENED, incident, opening.summary(), opening.reason(), bad, flushes);
        } else if (mayOpen && (metInARow || metRecently)) {
          List<AssessedProbe> bad = untoldBad();
          int needed = metInARow ? policy.successesToClose() : policy.cleanProbesToClose();
          if (goodInARow() >= needed && settledBeforeRun()) {
            // Over before it became known: told once, opened and resolved together.
            NoticeWording.Words over = NoticeWording.over(bad, run, route.source(), now);
            Incident told =
                Incident.over(
                    route.id(), bad.get(0).probe().sentAt(), now, severityOf(bad), over.reason());
            List<AssessedProbe> evidence = new ArrayList<>(bad);
            evidence.addAll(run);
            notice =
                notice(NoticeType.RESOLVED, told, over.summary(), over.reason(), evidence, flushes);
            judgedFrom = run.get(0).probe().sentAt();
          } else {
            NoticeWording.Words opening =
                NoticeWording.wentWrongBefore(bad, goodInARow(), needed, route.source(), now);
            incident =
                metInARow
                    ? Incident.open(route.id(), now, severityOf(bad), opening.reason())
                    : Incident.openIntermittent(route.id(), now, severityOf(bad), opening.reason());
            notice =
                notice(
                    NoticeType.OPENED, incident, opening.summary(), opening.reason(), bad, flushes);
          }
        }
      } else if (!route.enabled()) {
        NoticeWording.Words disabled = NoticeWording.disabled(route.id());
        notice =
            notice(
                NoticeType.RESOLVED,
                incident,
                disabled.summary(),
                disabled.reason(),
                List.of(),
                flushes);
        incident = null;
        judgedFrom = now;
      } else if (!stalled && goodSince(incident.openedAt()).size() >= goodToClose(incident)) {
        List<AssessedProbe> good = goodSince(incident.openedAt());
        NoticeWording.Words resolved = NoticeWording.resolved(incident, good, now);
        notice =
            notice(
                NoticeType.RESOLVED,
                incident,
                resolved.summary(),
                resolved.reason(),
                good,
                flushes);
        incident = null;
        judgedFrom = run.get(0).probe().sentAt();
      } else {
        Severity seen = stalled || runIsBad ? currentSeverity() : null;
        if (!inMaintenance
            && !now.isBefore(incident.lastNotifiedAt().plus(policy.reminderInterval()))) {
          incident = incident.reminded(now, seen);
          NoticeWording.Words reminder = NoticeWording.reminder(incident, now, current(incident));
          notice =
              notice(
                  NoticeType.REMINDER,
                  incident,
                  reminder.summary(),
                  reminder.reason(),
                  badRun(),
                  flushes);
        } else {
          incident = incident.escalated(seen);
        }
      }

      Instant flushesReportedUntil = before.flushesReportedUntil();
      if (!flushes.isEmpty() && (notice != null || incident == null)) {
        flushesReportedUntil = flushes.get(flushes.size() - 1).lastDeliveredAt();
      }
      RouteCondition condition = condition(inMaintenance, incident);
      RouteState next =
          new RouteState(
              route.id(),
              condition,
              incident,
              route.enabled() ? before.monitoredSince() : now,
              flushesReportedUntil,
              judgedFrom,
              now,
              before.version());
      return new Evaluation(
          condition,
          next,
          notice == null ? List.of() : List.of(notice),
          assessed,
          flushes,
          condition == RouteCondition.WAITING ? waitingFor() : null);
    }

    private int goodToClose(Incident incident) {
      return incident.intermittent() ? policy.cleanProbesToClose() : policy.successesToClose();
    }

    /** How long the oldest probe in flight has been on its way. */
    private Duration waitingFor() {
      return Duration.between(assessed.get(oldestInFlight).probe().sentAt(), now);
    }

    private boolean opensIncident() {
      return runIsBad && (run.size() >= policy.failuresToOpen() || stillFailingAfterMaintenance);
    }

    /**
     * The newest good probes in a row that were sent after {@code openedAt}: only mail sent after
     * an incident began can show that it is over.
     */
    private List<AssessedProbe> goodSince(Instant openedAt) {
      if (runIsBad) {
        return List.of();
      }
      int first = 0;
      while (first < run.size() && run.get(first).probe().sentAt().isBefore(openedAt)) {
        first++;
      }
      return run.subList(first, run.size());
    }

    private List<AssessedProbe> badRun() {
      return runIsBad ? run : List.of();
    }

    private Severity currentSeverity() {
      return stalled ? Severity.CRITICAL : severityOf(badRun());
    }

    private static Severity severityOf(List<AssessedProbe> bad) {
      for (AssessedProbe probe : bad) {
        if (probe.verdict().isCritical()) {
          return Severity.CRITICAL;
        }
      }
      return Severity.WARNING;
    }

    private RouteCondition condition(boolean inMaintenance, Incident openAfter) {
      if (!route.enabled() || (!inMaintenance && stalled)) {
        return RouteCondition.NO_DATA;
      }
      if (inMaintenance) {
        return RouteCondition.IN_MAINTENANCE;
      }
      if (newestCounted == null) {
        return oldestInFlight >= 0 ? RouteCondition.WAITING : RouteCondition.NO_DATA;
      }
      switch (newestCounted.verdict()) {
        case GOOD:
          if (openAfter == null) {
            return RouteCondition.HEALTHY;
          }
          // Recovering but not yet closed: the incident still describes the route best.
          return openAfter.severity() == Severity.CRITICAL
              ? RouteCondition.FAILING
              : RouteCondition.DEGRADED;
        case SLOW:
        case CRITICALLY_SLOW:
          return RouteCondition.DEGRADED;
        default:
          return RouteCondition.FAILING;
      }
    }

    private List<BacklogFlush> unreportedFlushes(Instant reportedUntil) {
      // A new flush is made only of probes delivered after the last one reported, each of which
      // waited longer than the tolerance (one that arrived within it of being sent was not queued,
      // even when it lands in the middle of a flush), two of them at least a probe interval. Most
      // evaluations find fewer than two such probes and stop here, without building anything.
      List<AssessedProbe> delivered = null;
      int queued = 0;
      for (AssessedProbe probe : assessed) {
        Duration latency = probe.latency();
        if (latency == null
            || latency.compareTo(policy.flushTolerance()) <= 0
            || (reportedUntil != null && !deliveredAt(probe).isAfter(reportedUntil))) {
          continue;
        }
        if (delivered == null) {
          delivered = new ArrayList<>();
        }
        delivered.add(probe);
        if (latency.compareTo(policy.probeInterval()) >= 0) {
          queued++;
        }
      }
      if (queued < 2) {
        return List.of();
      }
      delivered.sort(BY_DELIVERY);
      // Deliveries no further apart than the tolerance belong together, however long the chain: a
      // queue may drain one mail every few seconds for minutes.
      List<BacklogFlush> flushes = new ArrayList<>();
      int first = 0;
      while (first < delivered.size()) {
        int last = first;
        while (last + 1 < delivered.size()
            && !deliveredAt(delivered.get(last + 1))
                .isAfter(deliveredAt(delivered.get(last)).plus(policy.flushTolerance()))) {
          last++;
        }
        // Only a closed group is reported, so a flush seen half-way is not reported twice.
        boolean closed =
            now.isAfter(deliveredAt(delivered.get(last)).plus(policy.flushTolerance()));
        BacklogFlush flush = closed ? flushOf(delivered.subList(first, last + 1)) : null;
        if (flush != null
            && (reportedUntil == null || flush.firstDeliveredAt().isAfter(reportedUntil))) {
          flushes.add(flush);
        }
        first = last + 1;
      }
      return flushes;
    }

    private static Instant deliveredAt(AssessedProbe probe) {
      return probe.probe().delivery().deliveredAt();
    }

    /**
     * The group as a flush, or null when it is not one: a flush needs two probes that each waited
     * at least a probe interval (a queue, not one late mail beside a slightly slow one).
     */
    private BacklogFlush flushOf(List<AssessedProbe> group) {
      int queued = 0;
      for (AssessedProbe probe : group) {
        if (probe.latency().compareTo(policy.probeInterval()) >= 0) {
          queued++;
        }
      }
      if (queued < 2) {
        return null;
      }
      List<AssessedProbe> bySending = new ArrayList<>(group);
      bySending.sort(BY_SENDING);
      Duration longest = Duration.ZERO;
      int sentDuringMaintenance = 0;
      List<String> ids = new ArrayList<>(bySending.size());
      for (AssessedProbe probe : bySending) {
        ids.add(probe.probe().probeId());
        if (probe.latency().compareTo(longest) > 0) {
          longest = probe.latency();
        }
        for (MaintenanceWindow window : windows) {
          if (window.contains(probe.probe().sentAt())) {
            sentDuringMaintenance++;
            break;
          }
        }
      }
      return new BacklogFlush(
          group.get(0).probe().delivery().deliveredAt(),
          group.get(group.size() - 1).probe().delivery().deliveredAt(),
          ids,
          sentDuringMaintenance,
          longest);
    }

    private int suppressed() {
      int count = 0;
      for (AssessedProbe probe : assessed) {
        if (probe.maintenanceAffected()) {
          count++;
        }
      }
      return count;
    }

    private Notice notice(
        NoticeType type,
        Incident incident,
        String summary,
        String because,
        List<AssessedProbe> evidence,
        List<BacklogFlush> flushes) {
      int suppressed = suppressed();
      return new Notice(
          type,
          route.id(),
          route.source(),
          route.target(),
          incident.id(),
          incident.openedAt(),
          incident.severity(),
          condition(activeWindow != null, type == NoticeType.RESOLVED ? null : incident),
          now,
          NoticeWording.headline(type, incident.severity(), route.id(), summary),
          NoticeWording.reason(because, flushes, suppressed, policy.lookback()),
          evidence,
          flushes,
          suppressed);
    }

    /**
     * Why an incident opens: the monitor stalled, the route still fails after maintenance, or bad
     * probes came in a row.
     */
    private NoticeWording.Words opening() {
      if (stalled) {
        return NoticeWording.stalled(route.id(), lastSentAt, quietFor(), policy.probeInterval());
      }
      if (stillFailingAfterMaintenance && run.size() < policy.failuresToOpen()) {
        return NoticeWording.stillFailingAfter(lastEndedWindow, run, route.source(), now);
      }
      return NoticeWording.wentWrong(run, route.source(), now);
    }

    /** How things stand while an incident stays open. */
    private String current(Incident incident) {
      if (stalled) {
        return NoticeWording.stallReason(
            route.id(), lastSentAt, quietFor(), policy.probeInterval());
      }
      if (runIsBad) {
        return NoticeWording.latest(run, route.source(), now);
      }
      if (newestCounted == null) {
        return NoticeWording.nothingJudgedSinceMaintenance();
      }
      return NoticeWording.recovering(run.size(), goodToClose(incident));
    }

    private Duration quietFor() {
      return Duration.between(quietSince, now);
    }
  }
}
