package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of every notice, in one place: the headline and the reason the evaluator gives a
 * notice, the first sentence and the steps to take that its readable text adds, and the words of a
 * configuration notice.
 *
 * <p>The evaluator decides what happened and picks the sentence that says it; the alert adapters
 * lay a notice out as text or JSON. Neither words a notice itself, so one thing is said one way
 * wherever it appears. Instants in reasons read as {@link Wording#instant}, those in the first
 * sentence as ISO-8601, durations always as {@link Wording#duration}.
 */
public final class NoticeWording {

  private NoticeWording() {}

  /**
   * What a notice says happened: the end of its headline ("3 lost") and its reason, in sentences.
   */
  record Words(String summary, String reason) {}

  /** "OPENED CRITICAL MX02-to-MX01: 3 lost"; a resolved notice has no severity. */
  static String headline(NoticeType type, Severity severity, String routeId, String summary) {
    return type
        + (type == NoticeType.RESOLVED ? "" : " " + severity)
        + " "
        + routeId
        + ": "
        + summary;
  }

  /**
   * The reason of a notice: why it was sent, then the backlog flushes it reports and how many
   * probes in the lookback maintenance kept from alerting.
   */
  static String reason(
      String because, List<BacklogFlush> flushes, int suppressed, Duration lookback) {
    StringBuilder text = new StringBuilder(because);
    for (BacklogFlush flush : flushes) {
      text.append(' ').append(capitalised(flush(flush))).append('.');
    }
    if (suppressed > 0) {
      text.append(' ')
          .append(
              notAlertedOn(
                  suppressed, " in the last " + Wording.duration(lookback), "maintenance"));
    }
    return text.toString();
  }

  /** An incident opened because no probe was sent on the route for too long. */
  static Words stalled(
      String routeId, Instant lastSentAt, Duration quietFor, Duration probeInterval) {
    return new Words(
        "no probe sent for " + Wording.duration(quietFor),
        stallReason(routeId, lastSentAt, quietFor, probeInterval));
  }

  /** "No probe has been sent on MX02-to-MX01 since ...: the monitor itself has stalled." */
  static String stallReason(
      String routeId, Instant lastSentAt, Duration quietFor, Duration probeInterval) {
    String since =
        lastSentAt == null ? "since monitoring began" : "since " + Wording.instant(lastSentAt);
    return "No probe has been sent on "
        + routeId
        + " "
        + since
        + " ("
        + Wording.duration(quietFor)
        + "; one is expected every "
        + Wording.duration(probeInterval)
        + "): the monitor itself has stalled.";
  }

  /** An incident opened because {@code run}, all bad, went wrong one after another. */
  static Words wentWrong(List<AssessedProbe> run, String source, Instant now) {
    return new Words(
        counts(run),
        count(run.size(), "probe", "probes")
            + " in a row went wrong: "
            + probes(run, source, now)
            + ".");
  }

  /**
   * An incident opened because {@code bad} came among the last {@code of} judged probes, never
   * enough in a row: "4 of the last 12 probes lost".
   */
  static Words intermittent(
      List<AssessedProbe> bad, int of, int clean, String source, Instant now) {
    String what = bad.size() + " of the last " + of + " probes " + kind(bad);
    return new Words(
        what,
        capitalised(what)
            + ": "
            + probes(bad, source, now)
            + ". An intermittent fault: the incident stays open until "
            + count(clean, "probe", "probes")
            + " in a row arrive in time.");
  }

  /**
   * {@code bad} went wrong and {@code good}, judged with them, show that mail flows again: a loss
   * told once it is over.
   */
  static Words over(List<AssessedProbe> bad, List<AssessedProbe> good, String source, Instant now) {
    return new Words(
        counts(bad) + ", mail flows again",
        badBetween(bad, source, now)
            + " Mail flows again since "
            + Wording.instant(good.get(0).probe().sentAt())
            + ": "
            + count(good.size(), "probe", "probes")
            + " in a row delivered in time.");
  }

  /** An incident opened on {@code bad}, though {@code good} probes in a row followed them. */
  static Words wentWrongBefore(
      List<AssessedProbe> bad, int good, int needed, String source, Instant now) {
    return new Words(counts(bad), badBetween(bad, source, now) + " " + recovering(good, needed));
  }

  /** "2 probes lost between 2026-03-02 11:20:30Z and 2026-03-02 11:25:30Z: lost (...); ...". */
  private static String badBetween(List<AssessedProbe> bad, String source, Instant now) {
    Instant first = bad.get(0).probe().sentAt();
    Instant last = bad.get(bad.size() - 1).probe().sentAt();
    String when =
        bad.size() == 1
            ? " (sent " + Wording.instant(first) + ")"
            : " between " + Wording.instant(first) + " and " + Wording.instant(last);
    return count(bad.size(), "probe", "probes")
        + " "
        + kind(bad)
        + when
        + ": "
        + probes(bad, source, now)
        + ".";
  }

  /** What all of {@code bad} have in common, or "went wrong" when they differ. */
  private static String kind(List<AssessedProbe> bad) {
    Verdict first = bad.get(0).verdict();
    boolean slow = first == Verdict.SLOW || first == Verdict.CRITICALLY_SLOW;
    for (AssessedProbe probe : bad) {
      Verdict verdict = probe.verdict();
      boolean alike =
          slow ? verdict == Verdict.SLOW || verdict == Verdict.CRITICALLY_SLOW : verdict == first;
      if (!alike) {
        return "went wrong";
      }
    }
    if (slow) {
      return "slow";
    }
    switch (first) {
      case LOST:
        return "lost";
      case LATE:
        return "late";
      case SEND_FAILED:
        return "not submitted";
      default:
        return "went wrong";
    }
  }

  /** An incident opened because the route still failed once {@code window} was over. */
  static Words stillFailingAfter(
      MaintenanceWindow window, List<AssessedProbe> run, String source, Instant now) {
    return new Words(
        counts(run) + " after maintenance",
        "Still failing after maintenance window "
            + window.id()
            + " ("
            + window.scope()
            + ", ended "
            + Wording.instant(window.end())
            + "): "
            + probes(run, source, now)
            + ".");
  }

  /** A reminder of {@code incident}: why it opened, then how things stand ({@code current}). */
  static Words reminder(Incident incident, Instant now, String current) {
    return new Words(
        "still open after " + Wording.duration(Duration.between(incident.openedAt(), now)),
        "Open since "
            + Wording.instant(incident.openedAt())
            + ": "
            + incident.reason()
            + " "
            + current);
  }

  /** How things stand while the newest probes are still bad. */
  static String latest(List<AssessedProbe> run, String source, Instant now) {
    return "Latest: " + probes(run, source, now) + ".";
  }

  /** How things stand when maintenance hid every probe since it began. */
  static String nothingJudgedSinceMaintenance() {
    return "No probe has been judged since the last maintenance window.";
  }

  /** How things stand when good probes came, but not yet enough of them. */
  static String recovering(int good, int needed) {
    return "Recovering: "
        + count(good, "good probe", "good probes")
        + " of "
        + needed
        + " needed to close.";
  }

  /** {@code incident} is over: {@code good}, delivered in time in a row, show it. */
  static Words resolved(Incident incident, List<AssessedProbe> good, Instant now) {
    String lasted = Wording.duration(Duration.between(incident.openedAt(), now));
    AssessedProbe latest = good.get(good.size() - 1);
    String evidence =
        good.size() == 1
            ? "The latest probe was delivered in time ("
            : good.size() + " probes in a row were delivered in time (latest in ";
    return new Words(
        "mail flows again after " + lasted,
        evidence + Wording.duration(latest.latency()) + "). The incident lasted " + lasted + ".");
  }

  /** An incident closed because its route is no longer monitored. */
  static Words disabled(String routeId) {
    return new Words(
        "monitoring disabled",
        "Monitoring of route " + routeId + " was disabled while the incident was open.");
  }

  /**
   * What a notice about a fault across several routes says: for OPENED, the suspect, why ({@code
   * evidence}) and each route's own summary; for a REMINDER, how each route stands, and which
   * routes joined ({@code own}); for RESOLVED, that every route flows again.
   */
  static Words fault(
      NoticeType type,
      Fault fault,
      List<AffectedRoute> routes,
      List<Notice> own,
      String evidence,
      Instant now) {
    Suspect suspect = fault.suspect();
    String label = suspect.kind() == Suspect.Kind.INBOUND ? "inbound path" : suspect.name();
    String routeCount = count(routes.size(), "route", "routes");
    switch (type) {
      case OPENED:
        return new Words(
            routeCount + " " + failingOrSlow(routes) + ", " + label + " suspected",
            capitalised(evidence)
                + ": "
                + suspect.describe()
                + " is the likely cause. "
                + routeSummaries(routes)
                + " Routes that go wrong through it later join this incident without a notice of"
                + " their own; each route's incident stays in its state.");
      case REMINDER:
        String joined = "";
        for (Notice notice : own) {
          joined += notice.routeId() + " joined (" + summaryOf(notice) + "). ";
        }
        return new Words(
            "still " + failingOrSlow(routes) + " on " + routeCount,
            joined
                + "The fault blamed on "
                + suspect.describe()
                + " has been open for "
                + Wording.duration(Duration.between(fault.openedAt(), now))
                + ". "
                + routeConditions(routes));
      case RESOLVED:
      default:
        return new Words(
            routeCount + " flow again",
            "Every route of the fault blamed on "
                + suspect.describe()
                + " flows again after "
                + Wording.duration(Duration.between(fault.openedAt(), now))
                + ". "
                + routeSummaries(routes));
    }
  }

  private static String failingOrSlow(List<AffectedRoute> routes) {
    for (AffectedRoute route : routes) {
      if (route.severity() == Severity.CRITICAL) {
        return "failing";
      }
    }
    return "slow";
  }

  /** "MX01-to-MX02: 2 not submitted. MX01-to-MX03: 2 not submitted." */
  private static String routeSummaries(List<AffectedRoute> routes) {
    StringBuilder text = new StringBuilder();
    for (AffectedRoute route : routes) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(route.routeId())
          .append(": ")
          .append(route.summary().isEmpty() ? state(route.condition()) : route.summary())
          .append('.');
    }
    return text.toString();
  }

  /** "MX01-to-MX02 is failing. MX02-to-MX01 is recovering." */
  private static String routeConditions(List<AffectedRoute> routes) {
    StringBuilder text = new StringBuilder();
    for (AffectedRoute route : routes) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(route.routeId()).append(" is ").append(state(route.condition())).append('.');
    }
    return text.toString();
  }

  /** What a route's own notice said happened: the end of its headline ("2 not submitted"). */
  static String summaryOf(Notice notice) {
    String headline = notice.headline();
    String marker = notice.routeId() + ": ";
    int at = headline.indexOf(marker);
    return at < 0 ? headline : headline.substring(at + marker.length());
  }

  /** "4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance (...)". */
  public static String flush(BacklogFlush flush) {
    StringBuilder text =
        new StringBuilder()
            .append(flush.size())
            .append(" queued probes delivered at ")
            .append(Wording.instant(flush.firstDeliveredAt()));
    if (flush.sentDuringMaintenance() > 0) {
      text.append("; ")
          .append(flush.sentDuringMaintenance())
          .append(wasOrWere(flush.sentDuringMaintenance()))
          .append(" sent during maintenance");
    }
    return text.append(" (longest wait ")
        .append(Wording.duration(flush.longestLatency()))
        .append(')')
        .toString();
  }

  /**
   * The first sentence of a notice's text, what happened in plain words: "Mail from MX02 to MX01 is
   * failing: incident ... opened at 2006-07-28T11:00:00Z."
   */
  public static String firstSentence(Notice notice) {
    String route =
        notice.aboutFault()
            ? "Mail on "
                + count(notice.routes().size(), "route", "routes")
                + " through "
                + notice.fault().suspect().describe()
            : "Mail from " + notice.source() + " to " + notice.target();
    String incident = "incident " + notice.incidentId();
    switch (notice.type()) {
      case OPENED:
        return route
            + " is "
            + state(notice.condition())
            + ": "
            + incident
            + " opened at "
            + notice.at()
            + ".";
      case REMINDER:
        return route
            + " is still "
            + state(notice.condition())
            + ": "
            + incident
            + " has been open for "
            + Wording.duration(openFor(notice))
            + ".";
      case RESOLVED:
      default:
        return route
            + " flows again: "
            + incident
            + " is resolved after "
            + Wording.duration(openFor(notice))
            + ".";
    }
  }

  private static Duration openFor(Notice notice) {
    return notice.openedAt() == null
        ? Duration.ZERO
        : Duration.between(notice.openedAt(), notice.at());
  }

  private static String state(RouteCondition condition) {
    if (condition == null) {
      return "in trouble";
    }
    switch (condition) {
      case FAILING:
        return "failing";
      case DEGRADED:
        return "slow";
      case NO_DATA:
        return "not being probed";
      case IN_MAINTENANCE:
        return "in maintenance";
      case WAITING:
        return "waiting for its probes";
      case HEALTHY:
      default:
        return "recovering";
    }
  }

  /** "2 probes were covered by a maintenance window and not alerted on." */
  public static String coveredByMaintenance(int probes) {
    return notAlertedOn(probes, "", "a maintenance window");
  }

  /** The one sentence that says maintenance kept probes from alerting, in both its forms. */
  private static String notAlertedOn(int probes, String when, String coveredBy) {
    return count(probes, "probe", "probes")
        + when
        + wasOrWere(probes)
        + " covered by "
        + coveredBy
        + " and not alerted on.";
  }

  /**
   * What the reader of a notice can do, one step a sentence: trace what {@code evidence} shows, and
   * put a window before working on the route's servers.
   */
  public static List<String> whatToDo(Notice notice, List<AssessedProbe> evidence) {
    if (notice.aboutFault()) {
      return whatToDoAbout(notice);
    }
    List<String> steps = new ArrayList<>();
    boolean resolved = notice.type() == NoticeType.RESOLVED;
    if (resolved && !anyBad(evidence)) {
      steps.add(
          "Nothing: mail flows again. Look at the incident's start and end above if you want to"
              + " know what happened in between.");
      return steps;
    }
    if (resolved) {
      steps.add(
          "Nothing urgent: mail flows again. To learn why it stopped, follow the probes that went"
              + " wrong above.");
    }
    Set<String> lost = new LinkedHashSet<>();
    Set<String> refused = new LinkedHashSet<>();
    boolean slow = false;
    for (AssessedProbe probe : evidence) {
      if (probe.maintenanceAffected()) {
        continue;
      }
      switch (probe.verdict()) {
        case LOST:
        case LATE:
          lost.add(probe.probe().probeId());
          break;
        case SEND_FAILED:
          refused.add(probe.probe().probeId());
          break;
        case SLOW:
        case CRITICALLY_SLOW:
          slow = true;
          break;
        default:
          break;
      }
    }
    if (!refused.isEmpty()) {
      steps.add(
          notice.source()
              + " did not accept "
              + count(refused.size(), "probe", "probes")
              + ": check that it is up and accepts submission from Mailflow; its reply is in the"
              + " table above.");
    }
    if (!lost.isEmpty()) {
      steps.add(
          "Trace the lost mail: "
              + notice.source()
              + " accepted it (the queue id is in its reply above), so follow it in the mail logs"
              + " of "
              + notice.source()
              + " and "
              + notice.target()
              + ". The Message-ID of each probe is <probe.ID."
              + notice.routeId()
              + "@...>, with ID one of: "
              + String.join(", ", lost)
              + ".");
    }
    if (slow) {
      steps.add(
          "Mail arrives, but slowly: look at the queues of "
              + notice.source()
              + " and "
              + notice.target()
              + ", and at where the slow probes waited.");
    }
    if (resolved) {
      return steps;
    }
    if (notice.condition() == RouteCondition.NO_DATA) {
      steps.add(
          "Mailflow itself has stopped sending probes on this route: look at the send"
              + " function's logs and errors.");
    }
    steps.add(
        "If "
            + notice.source()
            + " or "
            + notice.target()
            + " is being worked on, put a maintenance window on server:"
            + notice.target()
            + ", server:"
            + notice.source()
            + " or route:"
            + notice.routeId()
            + " (one item in the maintenance window table): Mailflow then stays quiet until it"
            + " ends, and reports at once if the route still fails after it.");
    return steps;
  }

  /** What to do about a fault across several routes: start with its suspect. */
  private static List<String> whatToDoAbout(Notice notice) {
    Suspect suspect = notice.fault().suspect();
    if (notice.type() == NoticeType.RESOLVED) {
      return List.of(
          "Nothing urgent: mail flows again on every route. To learn why it stopped, start with "
              + suspect.describe()
              + ".");
    }
    List<String> steps = new ArrayList<>();
    switch (suspect.kind()) {
      case INBOUND:
        steps.add(
            "Check Mailflow's own inbound path before any mail server: that the SES receipt rule"
                + " set is active, the receive function's errors and its failure queue, and the"
                + " mail bucket.");
        break;
      case RELAY:
        steps.add(
            "Start with relay "
                + suspect.name()
                + ": every failing route passes through it. Look at its queue and its logs.");
        break;
      case SERVER:
      default:
        steps.add(
            "Start with server "
                + suspect.name()
                + ": every failing route passes through it. Check that it is up, accepts mail"
                + " and relays its queue.");
        steps.add(
            "If "
                + suspect.name()
                + " is being worked on, put a maintenance window on server:"
                + suspect.name()
                + ": Mailflow then stays quiet on its routes until it ends, and reports at once"
                + " if they still fail after it.");
        break;
    }
    steps.add(
        "Each route's own incident is in the notice's routes and in the route state table; the"
            + " probes that went wrong are listed above.");
    return steps;
  }

  private static boolean anyBad(List<AssessedProbe> evidence) {
    for (AssessedProbe probe : evidence) {
      if (!probe.maintenanceAffected() && probe.verdict().isBad()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The notice that a maintenance window item was refused, found at {@code now}; {@code
   * fingerprint} identifies the refused version of the item.
   */
  static ConfigurationNotice windowItemIgnored(
      String key, String why, String fingerprint, Instant now) {
    return new ConfigurationNotice(
        "maintenance window item " + key,
        why + ". The item is ignored until it is fixed: no maintenance is assumed for it.",
        now,
        ConfigurationNotice.About.WINDOW_ITEM,
        fingerprint);
  }

  static ConfigurationNotice documentRefused(
      String name, String why, String fingerprint, Instant now) {
    return new ConfigurationNotice(
        "configuration document " + name,
        why + ". The last good configuration stays in force until the document is fixed.",
        now,
        ConfigurationNotice.About.CONFIGURATION_DOCUMENT,
        fingerprint);
  }

  /**
   * What a hop flagged for clock skew says instead of a delay: "clock 10m ahead", "clock 2m 30s
   * behind", or "clock off" when how far is not known.
   */
  public static String clockOff(Duration offset) {
    if (offset == null || offset.isZero()) {
      return "clock off";
    }
    return "clock " + Wording.duration(offset.abs()) + (offset.isNegative() ? " behind" : " ahead");
  }

  /** "CONFIGURATION: maintenance window item patch-mx01 ignored". */
  public static String headline(ConfigurationNotice notice) {
    return "CONFIGURATION: " + notice.subject() + " ignored";
  }

  /** The first sentence of a configuration notice's text. */
  public static String firstSentence(ConfigurationNotice notice) {
    if (notice.about() == ConfigurationNotice.About.CONFIGURATION_DOCUMENT) {
      return "Mailflow ignores the new version of the "
          + notice.subject()
          + ": it could not be read as a configuration. The last good version stays in force, so"
          + " the servers and routes it names are still probed and judged.";
    }
    return "Mailflow ignores "
        + notice.subject()
        + ": it could not be read. Until it is fixed, it has no effect.";
  }

  /** What the reader of a configuration notice can do. */
  public static String whatToDo(ConfigurationNotice notice) {
    if (notice.about() == ConfigurationNotice.About.CONFIGURATION_DOCUMENT) {
      return "Correct the document: each fault is given above with its line. This is reported once"
          + " for each version of the document that is refused.";
    }
    return "Correct or delete the item. This is reported once; a corrected item that goes wrong"
        + " again is reported again.";
  }

  /** "1 probe", "2 probes". */
  public static String count(int count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }

  private static String wasOrWere(int count) {
    return count == 1 ? " was" : " were";
  }

  /** "3 lost, 1 not submitted": the bad probes of {@code probes} by kind. */
  private static String counts(List<AssessedProbe> probes) {
    int lost = 0;
    int late = 0;
    int failed = 0;
    int slow = 0;
    for (AssessedProbe probe : probes) {
      switch (probe.verdict()) {
        case LOST:
          lost++;
          break;
        case LATE:
          late++;
          break;
        case SEND_FAILED:
          failed++;
          break;
        case SLOW:
        case CRITICALLY_SLOW:
          slow++;
          break;
        default:
          break;
      }
    }
    List<String> parts = new ArrayList<>(4);
    if (lost > 0) {
      parts.add(lost + " lost");
    }
    if (late > 0) {
      parts.add(late + " late");
    }
    if (failed > 0) {
      parts.add(failed + " not submitted");
    }
    if (slow > 0) {
      parts.add(slow + " slow");
    }
    return parts.isEmpty() ? "no judged probes" : String.join(", ", parts);
  }

  /** Each probe of {@code probes} as what became of it, oldest first, separated by "; ". */
  private static String probes(List<AssessedProbe> probes, String source, Instant now) {
    List<String> parts = new ArrayList<>(probes.size());
    for (AssessedProbe probe : probes) {
      parts.add(probe(probe, source, now));
    }
    return String.join("; ", parts);
  }

  private static String probe(AssessedProbe assessed, String source, Instant now) {
    Probe probe = assessed.probe();
    String sent = "sent " + Wording.instant(probe.sentAt());
    switch (assessed.verdict()) {
      case LOST:
        return "lost ("
            + sent
            + ", not arrived after "
            + Wording.duration(Duration.between(probe.sentAt(), now))
            + ")";
      case LATE:
        return "late (" + sent + ", arrived after " + Wording.duration(assessed.latency()) + ")";
      case SEND_FAILED:
        String code =
            probe.submission().replyCode() > 0 ? probe.submission().replyCode() + " " : "";
        return "not submitted to "
            + source
            + " ("
            + sent
            + ": "
            + code
            + probe.submission().reply()
            + ")";
      case SLOW:
      case CRITICALLY_SLOW:
        return "slow (" + sent + ", took " + Wording.duration(assessed.latency()) + ")";
      default:
        return assessed.verdict().name().toLowerCase(Locale.ROOT) + " (" + sent + ")";
    }
  }

  private static String capitalised(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
