package dev.mailflow.adapters.alert;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.evaluation.Suspect;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Notices shaped like the ones the seed story produces, with evidence of every verdict, for the
 * JSON, text, SNS and store tests.
 */
public final class Notices {
  public static final String ROUTE = "MX02-to-MX01";
  public static final Instant OPENED_AT = Instant.parse("2006-07-28T11:05:00Z");
  public static final String INCIDENT = "MX02-to-MX01-20060728T110500Z";

  private Notices() {}

  /** An OPENED CRITICAL notice whose evidence holds a probe of every verdict and state. */
  public static Notice rich() {
    return rich(Severity.CRITICAL, ROUTE);
  }

  /** Like {@link #rich()}, with another severity or route. */
  public static Notice rich(Severity severity, String routeId) {
    String[] ends = routeId.split("-to-");
    return new Notice(
        NoticeType.OPENED,
        routeId,
        ends[0],
        ends[1],
        routeId + "-20060728T110500Z",
        OPENED_AT,
        severity,
        RouteCondition.FAILING,
        OPENED_AT.plusNanos(123_456_789),
        "OPENED " + severity + " " + routeId + ": 1 lost after maintenance",
        "Still failing after maintenance window patch-mx01 (server:MX01, ended 2006-07-28"
            + " 10:40:00Z): lost (sent 2006-07-28 10:49:00Z, not arrived after 16m).",
        evidenceOfEveryVerdict(routeId),
        List.of(seedStoryFlush()),
        2);
  }

  /** A fault across three routes through MX01, told in one OPENED. */
  public static Notice fault() {
    Fault fault = fault("MX01-to-MX02", "MX01-to-MX03", "MX02-to-MX01");
    Notice route = rich(Severity.CRITICAL, "MX01-to-MX02");
    return new Notice(
        NoticeType.OPENED,
        "MX01-to-MX02",
        "MX01",
        "MX02",
        fault.id(),
        fault.openedAt(),
        Severity.CRITICAL,
        RouteCondition.FAILING,
        fault.openedAt(),
        "OPENED CRITICAL MX01: 3 routes failing, MX01 suspected",
        "The 3 routes failing together all pass through server MX01, and the 3 routes that"
            + " avoid it are healthy: server MX01 is the likely cause.",
        route.evidence(),
        List.of(),
        0,
        fault,
        List.of(
            affected("MX01-to-MX02", "MX01", "MX02"),
            affected("MX01-to-MX03", "MX01", "MX03"),
            affected("MX02-to-MX01", "MX02", "MX01")));
  }

  /**
   * A fault on server MX000 of a mesh of {@code servers} servers, told in one OPENED: the routes
   * from and to it, each with its own summary, as a server of a large mesh has hundreds.
   */
  public static Notice faultAcross(int servers) {
    List<String> ids = new java.util.ArrayList<>();
    List<AffectedRoute> routes = new java.util.ArrayList<>();
    StringBuilder reason =
        new StringBuilder("The routes failing together all pass through server MX000.");
    for (int i = 1; i < servers; i++) {
      for (String[] ends :
          List.of(
              new String[] {"MX000", "MX%03d".formatted(i)},
              new String[] {"MX%03d".formatted(i), "MX000"})) {
        String id = ends[0] + "-to-" + ends[1];
        ids.add(id);
        routes.add(affected(id, ends[0], ends[1]));
        reason.append(' ').append(id).append(": 2 not submitted.");
      }
    }
    Fault fault =
        new Fault(
            "server-MX000-20060728T110500Z",
            new Suspect(Suspect.Kind.SERVER, "MX000"),
            OPENED_AT,
            OPENED_AT,
            Severity.CRITICAL,
            0,
            ids);
    Notice route = rich(Severity.CRITICAL, ids.get(0));
    return new Notice(
        NoticeType.OPENED,
        ids.get(0),
        "MX000",
        "MX001",
        fault.id(),
        fault.openedAt(),
        Severity.CRITICAL,
        RouteCondition.FAILING,
        fault.openedAt(),
        "OPENED CRITICAL MX000: " + ids.size() + " routes failing, MX000 suspected",
        reason.toString(),
        route.evidence(),
        List.of(),
        0,
        fault,
        routes);
  }

  /** The end of a maintenance window, with what happened during it. */
  public static Bulletin maintenanceEnded() {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("windowId", "mx01-patching");
    facts.put("scope", "server:MX01");
    facts.put("start", "2006-07-28T10:10:00Z");
    facts.put("end", "2006-07-28T10:40:00Z");
    facts.put("excusedProbes", "4");
    return new Bulletin(
        Bulletin.Type.MAINTENANCE,
        "ENDED",
        "maintenance/ENDED/mx01-patching/1154081400000/1154083200000",
        OPENED_AT,
        "MAINTENANCE ended: mx01-patching on server:MX01, 1 of 2 routes still failing",
        "Maintenance window mx01-patching on server:MX01 has ended. 4 probes were excused during"
            + " it. Still failing after it: MX01-to-MX02 (FAILING).",
        List.of("MX01"),
        facts);
  }

  /** A fault blamed on server MX01, affecting {@code routes}. */
  public static Fault fault(String... routes) {
    return new Fault(
        "server-MX01-20060728T110500Z",
        new Suspect(Suspect.Kind.SERVER, "MX01"),
        OPENED_AT,
        OPENED_AT,
        Severity.CRITICAL,
        0,
        List.of(routes));
  }

  private static AffectedRoute affected(String routeId, String source, String target) {
    return new AffectedRoute(
        routeId,
        source,
        target,
        routeId + "-20060728T110500Z",
        RouteCondition.FAILING,
        Severity.CRITICAL,
        "2 not submitted");
  }

  /** The notice with {@code count} delivered probes as evidence, each with a few hops. */
  public static Notice withEvidence(int count) {
    List<AssessedProbe> evidence = new ArrayList<>(count);
    Instant first = OPENED_AT.minus(Duration.ofMinutes(count));
    for (int i = 0; i < count; i++) {
      Instant sent = first.plus(Duration.ofMinutes(i));
      Instant delivered = sent.plusSeconds(200);
      List<Hop> hops =
          List.of(
              new Hop(
                  "mx02.contoso.com (10.0.0.2)",
                  "mx01.contoso.com",
                  "ESMTPS",
                  sent.plusSeconds(100),
                  Duration.ofSeconds(100),
                  false,
                  null),
              new Hop(
                  "mx01.contoso.com",
                  "inbound-smtp.eu-west-1.amazonaws.com",
                  "ESMTPS",
                  delivered,
                  Duration.ofSeconds(100),
                  false,
                  null));
      Probe probe =
          new Probe(
              ROUTE,
              String.format("probe-%06d-abcdefgh", i),
              sent,
              Submission.accepted(sent, 250, "2.0.0 Ok: queued as 4C1F2A0B3" + i),
              new Delivery(delivered, hops));
      evidence.add(
          new AssessedProbe(
              probe, ProbeState.DELIVERED, Verdict.SLOW, Duration.ofSeconds(200), null));
    }
    Notice rich = rich();
    return new Notice(
        NoticeType.REMINDER,
        rich.routeId(),
        rich.source(),
        rich.target(),
        rich.incidentId(),
        rich.openedAt(),
        Severity.WARNING,
        RouteCondition.DEGRADED,
        rich.at().plus(Duration.ofHours(1)),
        "REMINDER WARNING MX02-to-MX01: still open after 1h",
        "Open since 2006-07-28 11:05:00Z: " + count + " probes in a row were slow.",
        evidence,
        List.of(),
        0);
  }

  /** A configuration notice about a maintenance window item with a bad end. */
  public static ConfigurationNotice configuration() {
    return new ConfigurationNotice(
        "maintenance window item patch-mx01",
        "end '2006-07-28 12:40' is not an ISO-8601 instant. The item is ignored until it is"
            + " fixed: no maintenance is assumed for it.",
        Instant.parse("2006-07-28T10:10:00.250Z"));
  }

  /** "4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance". */
  public static BacklogFlush seedStoryFlush() {
    return new BacklogFlush(
        Instant.parse("2006-07-28T11:07:47Z"),
        Instant.parse("2006-07-28T11:07:48Z"),
        List.of("exch2003flush001", "exch2003flush002", "exch2003flush003", "exch2003flush004"),
        2,
        Duration.ofSeconds(2926));
  }

  private static List<AssessedProbe> evidenceOfEveryVerdict(String routeId) {
    Instant t = Instant.parse("2006-07-28T10:19:01Z");
    List<AssessedProbe> evidence = new ArrayList<>();
    Instant goodSent = t;
    Instant goodDelivered = goodSent.plusSeconds(4);
    evidence.add(
        new AssessedProbe(
            new Probe(
                routeId,
                "good-probe-0001",
                goodSent,
                Submission.accepted(goodSent, 250, "2.6.0 <probe.good-probe-0001> Queued mail"),
                new Delivery(
                    goodDelivered,
                    List.of(
                        new Hop(
                            "MX02.contoso.com (10.0.0.2)",
                            "MX01.contoso.com",
                            "Microsoft SMTP Server",
                            goodSent.plusSeconds(5),
                            Duration.ofSeconds(5),
                            false,
                            null),
                        // The next host's clock runs two minutes behind, beyond the tolerance
                        // of whole-second stamps: the delay is negative, kept, flagged, and the
                        // clock's offset estimated.
                        new Hop(
                            "MX01.contoso.com",
                            "inbound-smtp.eu-west-1.amazonaws.com",
                            "ESMTPS",
                            goodSent.minusSeconds(115),
                            Duration.ofSeconds(-120),
                            true,
                            Duration.ofSeconds(-120)),
                        // A Received header whose date could not be read.
                        new Hop("", "relay.contoso.com", "", null, null, false, null)))),
            ProbeState.DELIVERED,
            Verdict.GOOD,
            Duration.ofSeconds(4),
            "patch-mx01"));
    Instant slowSent = t.plus(Duration.ofMinutes(5));
    evidence.add(delivered(routeId, "slow-probe-0002", slowSent, 150, Verdict.SLOW));
    Instant criticalSent = t.plus(Duration.ofMinutes(10));
    evidence.add(delivered(routeId, "crit-probe-0003", criticalSent, 400, Verdict.CRITICALLY_SLOW));
    Instant lateSent = t.plus(Duration.ofMinutes(15));
    AssessedProbe late = delivered(routeId, "late-probe-0004", lateSent, 2926, Verdict.LATE);
    evidence.add(
        new AssessedProbe(
            late.probe(), ProbeState.LATE, Verdict.LATE, late.latency(), "patch-mx01"));
    Instant lostSent = t.plus(Duration.ofMinutes(20));
    evidence.add(
        new AssessedProbe(
            new Probe(
                routeId,
                "lost-probe-0005",
                lostSent,
                Submission.accepted(
                    lostSent.plusMillis(180), 250, "2.0.0 Ok: queued as 4C1F2A0B3D"),
                null),
            ProbeState.LOST,
            Verdict.LOST,
            null,
            null));
    Instant failedSent = t.plus(Duration.ofMinutes(25));
    evidence.add(
        new AssessedProbe(
            new Probe(
                routeId,
                "fail-probe-0006",
                failedSent,
                Submission.failed(
                    failedSent.plusSeconds(30),
                    451,
                    "4.4.1 Connection timed out.\r\n451 4.4.1 Try again later"),
                null),
            ProbeState.SEND_FAILED,
            Verdict.SEND_FAILED,
            null,
            null));
    Instant refusedSent = t.plus(Duration.ofMinutes(26));
    evidence.add(
        new AssessedProbe(
            new Probe(
                routeId,
                "conn-probe-0007",
                refusedSent,
                Submission.failed(refusedSent.plusSeconds(1), 0, "Connection refused"),
                null),
            ProbeState.SEND_FAILED,
            Verdict.SEND_FAILED,
            null,
            null));
    Instant flyingSent = t.plus(Duration.ofMinutes(30));
    evidence.add(
        new AssessedProbe(
            Probe.sent(routeId, "flyn-probe-0008", flyingSent),
            ProbeState.SENT,
            Verdict.IN_FLIGHT,
            null,
            null));
    // A delivery recorded before its submission; its latency is finer than a millisecond.
    Instant pendingSent = t.plus(Duration.ofMinutes(31));
    Instant pendingDelivered = pendingSent.plusSeconds(3).plusNanos(250_500);
    evidence.add(
        new AssessedProbe(
            new Probe(
                routeId,
                "erly-probe-0009",
                pendingSent,
                null,
                new Delivery(pendingDelivered, List.of())),
            ProbeState.DELIVERED,
            Verdict.GOOD,
            Duration.between(pendingSent, pendingDelivered),
            null));
    // Nothing submitted, nothing delivered.
    evidence.add(
        new AssessedProbe(
            new Probe(routeId, "pend-probe-0010", t.plus(Duration.ofMinutes(32)), null, null),
            ProbeState.PENDING,
            Verdict.IN_FLIGHT,
            null,
            null));
    return evidence;
  }

  private static AssessedProbe delivered(
      String routeId, String id, Instant sent, long seconds, Verdict verdict) {
    Instant at = sent.plusSeconds(seconds);
    return new AssessedProbe(
        new Probe(
            routeId,
            id,
            sent,
            Submission.accepted(sent.plusMillis(120), 250, "2.0.0 Ok: queued"),
            new Delivery(at, List.of())),
        ProbeState.DELIVERED,
        verdict,
        Duration.ofSeconds(seconds),
        null);
  }
}
