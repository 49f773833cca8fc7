package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbNoticeLedger;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.DynamoDbRouteStateStore;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.evaluation.Suspect;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read commands end to end against the moto server, on the seed story: MX01 in maintenance from
 * 12:19 for 30 minutes, still down after it, and the four probes queued on MX02 delivered at once
 * at 13:07:47.
 */
@ExtendWith(MotoServerExtension.class)
class ReadCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
  private static final Instant NOW = Instant.parse("2026-12-01T12:10:00Z");
  private static final String INBOUND = "MX02-to-MX01";
  private static final String OUTBOUND = "MX01-to-MX02";

  private AwsClients aws;
  private StackTables tables;
  private Map<String, String> environment;
  private DynamoDbProbeStore probes;

  @BeforeEach
  void createTheStory(MotoServer moto, @TempDir Path directory) throws IOException {
    tables = StackTables.create(moto, directory);
    aws = tables.aws();
    environment = tables.environment();
    probes =
        new DynamoDbProbeStore(
            aws.dynamoDb(),
            tables.probesTable(),
            Duration.ofDays(30),
            Clock.fixed(NOW, ZoneOffset.UTC));

    CommandRun window =
        run(
            Instant.parse("2026-12-01T11:19:00Z"),
            "maintenance",
            "start",
            "server:MX01",
            "--for",
            "30m",
            "--reason",
            "patches",
            "--id",
            "mx01-patching");
    assertThat(window.exitCode()).as(window.err()).isZero();
    // Four probes queued on MX02 while MX01 was down, delivered together at 13:07:47.
    Instant flush = Instant.parse("2026-12-01T12:07:47Z");
    for (String sent : List.of("11:19:01", "11:34:00", "11:49:00", "12:04:00")) {
      delivered(INBOUND, Instant.parse("2026-12-01T" + sent + "Z"), flush);
      flush = flush.plusSeconds(1);
    }
    delivered(
        OUTBOUND, Instant.parse("2026-12-01T12:05:00Z"), Instant.parse("2026-12-01T12:05:04Z"));
    DynamoDbRouteStateStore states =
        new DynamoDbRouteStateStore(aws.dynamoDb(), tables.stateTable());
    Instant opened = Instant.parse("2026-12-01T12:00:00Z");
    Incident incident =
        Incident.open(INBOUND, opened, Severity.CRITICAL, "MX01 missed two heartbeats");
    states.save(
        new RouteState(
            INBOUND,
            RouteCondition.FAILING,
            incident,
            opened.minusSeconds(7200),
            null,
            null,
            opened,
            0),
        0,
        List.of(),
        null);
    states.save(
        new RouteState(
            OUTBOUND,
            RouteCondition.HEALTHY,
            null,
            opened.minusSeconds(7200),
            null,
            null,
            opened,
            0),
        0,
        List.of(),
        null);
  }

  @AfterEach
  void closeClients() {
    aws.close();
  }

  @Test
  void status_printsEveryRoute_andExitsOneWhileAnIncidentIsOpen() throws IOException {
    CommandRun human = run(NOW, "status");

    assertThat(human.exitCode()).as(human.err()).isEqualTo(Mailflow.NOT_OK);
    assertThat(human.out())
        .contains("MX02-to-MX01  FAILING")
        .contains("incident MX02-to-MX01-20261201T120000Z CRITICAL")
        .contains("MX01-to-MX02  HEALTHY")
        .contains("in 4s, slowest hop mx01.contoso.se -> mx02.contoso.se 3s");

    CommandRun json = run(NOW, "--json", "status");
    assertThat(json.exitCode()).isEqualTo(Mailflow.NOT_OK);
    JsonNode status = JSON.readTree(json.out());
    assertThat(status.get("openIncidents").asInt()).isEqualTo(1);
    assertThat(status.at("/routes/0/routeId").asText()).isEqualTo(INBOUND);
    assertThat(status.at("/routes/0/incident/severity").asText()).isEqualTo("CRITICAL");
    assertThat(status.at("/routes/0/lastProbe/latencySeconds").asLong()).isEqualTo(230);
    assertThat(status.at("/routes/1/lastProbe/slowestHop/delaySeconds").asLong()).isEqualTo(3);
  }

  @Test
  void statusAndIncidents_listAFaultsRoutes_storedOnItsFirstRouteOnly() throws IOException {
    DynamoDbRouteStateStore states =
        new DynamoDbRouteStateStore(aws.dynamoDb(), tables.stateTable());
    Instant opened = Instant.parse("2026-12-01T12:00:00Z");
    Fault fault =
        new Fault(
            "inbound-20261201T120000Z",
            Suspect.inbound(),
            opened,
            opened,
            Severity.CRITICAL,
            0,
            List.of(OUTBOUND, INBOUND));
    // As the evaluate function stores them: the list on the fault's first route only.
    for (String route : List.of(OUTBOUND, INBOUND)) {
      saveFailing(
          states,
          route,
          Incident.open(route, opened, Severity.CRITICAL, "2 lost").within(fault.storedFor(route)));
    }

    CommandRun human = run(NOW, "status");
    JsonNode status = JSON.readTree(run(NOW, "--json", "status").out());
    JsonNode incidents = JSON.readTree(run(NOW, "--json", "incidents", "--open").out());

    assertThat(human.out().split("2 routes", -1)).hasSize(3);
    for (JsonNode route : status.path("routes")) {
      assertThat(route.at("/incident/fault/routes").toString())
          .isEqualTo("[\"" + OUTBOUND + "\",\"" + INBOUND + "\"]");
    }
    for (JsonNode incident : incidents.path("incidents")) {
      assertThat(incident.at("/fault/routes").size()).isEqualTo(2);
    }
  }

  @Test
  void status_ofARouteWhoseIncidentIsPartOfAFault_namesTheFault_andAWaitingRouteSaysHowLong()
      throws IOException {
    DynamoDbRouteStateStore states =
        new DynamoDbRouteStateStore(aws.dynamoDb(), tables.stateTable());
    Instant opened = Instant.parse("2026-12-01T12:00:00Z");
    Fault fault =
        new Fault(
            "server-MX01-20261201T120000Z",
            new Suspect(Suspect.Kind.SERVER, "MX01"),
            opened,
            opened,
            Severity.CRITICAL,
            0,
            List.of(INBOUND, "MX03-to-MX01"));
    saveFailing(
        states, INBOUND, Incident.open(INBOUND, opened, Severity.CRITICAL, "2 lost").within(fault));
    states.save(
        new RouteState(
            OUTBOUND, RouteCondition.WAITING, null, opened.minusSeconds(7200), null, null, NOW, 1),
        1,
        List.of(),
        null);
    probes.recordSubmission(
        Probe.sent(OUTBOUND, "inflight1", NOW.minusSeconds(42))
            .withSubmission(Submission.accepted(NOW.minusSeconds(42), 250, "2.0.0 Ok")));

    CommandRun human = run(NOW, "status");

    assertThat(human.out())
        .contains("part of fault server-MX01-20261201T120000Z, blamed on server MX01, 2 routes")
        .contains("MX01-to-MX02  WAITING")
        .contains("waiting: the oldest probe in flight was sent 42s ago");
    JsonNode status = JSON.readTree(run(NOW, "--json", "status").out());
    assertThat(status.at("/routes/0/incident/fault/suspect").asText()).isEqualTo("MX01");
    assertThat(status.at("/routes/0/incident/fault/routes/1").asText()).isEqualTo("MX03-to-MX01");
    assertThat(status.at("/routes/1/waitingSeconds").asLong()).isEqualTo(42);
  }

  @Test
  void status_duringTheWindow_namesIt() throws IOException {
    JsonNode status = json(run(Instant.parse("2026-12-01T11:30:00Z"), "--json", "status"), 1);

    assertThat(status.at("/routes/0/window/windowId").asText()).isEqualTo("mx01-patching");
    assertThat(status.at("/silenced/0/windowId").asText()).isEqualTo("mx01-patching");
    assertThat(status.at("/silenced/0/routes").toString())
        .isEqualTo("[\"MX02-to-MX01\",\"MX01-to-MX02\"]");
    assertThat(run(Instant.parse("2026-12-01T11:30:00Z"), "status").out())
        .contains("silenced by mx01-patching (server:MX01) until ")
        .contains(": MX02-to-MX01, MX01-to-MX02");
  }

  @Test
  void incidents_listsTheOpenIncidents() throws IOException {
    CommandRun human = run(NOW, "incidents", "--open");
    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out())
        .isEqualTo(
            "MX02-to-MX01  MX02-to-MX01-20261201T120000Z CRITICAL since 2026-12-01 13:00 +01:00"
                + " (2026-12-01T12:00:00Z): MX01 missed two heartbeats"
                + System.lineSeparator());

    JsonNode json = json(run(NOW, "--json", "incidents"), 0);
    assertThat(json.at("/incidents/0/incidentId").asText())
        .isEqualTo("MX02-to-MX01-20261201T120000Z");
    assertThat(json.at("/incidents/0/reason").asText()).isEqualTo("MX01 missed two heartbeats");
    assertThat(json(run(NOW, "--json", "incidents", "--since", "5m"), 0).get("incidents"))
        .isEmpty();
  }

  @Test
  void incidents_withoutOpen_listsTheResolvedOnesFromTheNoticesThatToldThem() throws IOException {
    DynamoDbNoticeLedger ledger = new DynamoDbNoticeLedger(aws.dynamoDb(), tables.stateTable());
    Instant opened = Instant.parse("2026-12-01T09:00:00Z");
    Instant resolved = Instant.parse("2026-12-01T09:30:00Z");
    for (String fingerprint :
        List.of(
            "notice#MX01-to-MX02-20261201T090000Z/OPENED/" + opened.toEpochMilli(),
            "notice#MX01-to-MX02-20261201T090000Z/RESOLVED/" + resolved.toEpochMilli(),
            "maintenance/STARTED/mx01-patching/" + opened.toEpochMilli())) {
      ledger.claim(fingerprint, resolved);
      ledger.confirm(fingerprint, resolved);
    }

    CommandRun human = run(NOW, "incidents");
    JsonNode json = json(run(NOW, "--json", "incidents"), 0);

    assertThat(human.out())
        .contains("MX02-to-MX01  MX02-to-MX01-20261201T120000Z CRITICAL")
        .contains("Resolved:")
        .contains("MX01-to-MX02-20261201T090000Z opened 2026-12-01 10:00 +01:00")
        .contains("(2 notices)");
    assertThat(json.at("/resolved/0/incidentId").asText())
        .isEqualTo("MX01-to-MX02-20261201T090000Z");
    assertThat(json.at("/resolved/0/resolvedAt").asText()).isEqualTo("2026-12-01T09:30:00Z");
    assertThat(json.get("resolved")).hasSize(1);
    assertThat(json(run(NOW, "--json", "incidents", "--open"), 0).has("resolved")).isFalse();
    assertThat(json(run(NOW, "--json", "incidents", "--since", "2h"), 0).get("resolved")).isEmpty();
  }

  @Test
  void probes_listsEachProbeWithItsHopsAndTheWindowThatExcusedIt() throws IOException {
    CommandRun human = run(NOW, "probes", INBOUND);

    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out())
        .contains("sent 2026-12-01 12:19 +01:00 (2026-12-01T11:19:01Z) LATE in 48m46s")
        .contains("excused by maintenance window mx01-patching")
        .contains("hop mx02.contoso.se -> mx01.contoso.se");

    JsonNode json = json(run(NOW, "--json", "probes", INBOUND, "--since", "2h"), 0);
    List<String> excused = new ArrayList<>();
    json.get("probes").forEach(probe -> excused.add(probe.get("excusedBy").asText("none")));
    assertThat(excused).containsExactly("mx01-patching", "mx01-patching", "mx01-patching", "none");
    assertThat(json.at("/probes/0/hops/1/by").asText()).isEqualTo("mx01.contoso.se");
  }

  @Test
  void probes_ofAnUnknownRoute_exitsTwoNamingTheRoutes() {
    CommandRun run = run(NOW, "probes", "MX03-to-MX01");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "mailflow: unknown route MX03-to-MX01 (routes: MX02-to-MX01, MX01-to-MX02)"
                + System.lineSeparator());
  }

  @Test
  void explain_judgesTheRealProbes_andSaysWhichWindowExcusedWhich() throws IOException {
    CommandRun human = run(NOW, "explain", INBOUND);

    assertThat(human.exitCode()).as(human.err()).isZero();
    assertThat(human.out())
        .contains("MX02-to-MX01 at 2026-12-01 13:10 +01:00")
        .contains("because the newest judged probe arrived, but slowly")
        .contains("rules: 2 bad probes in a row open an incident")
        .contains("maintenance window mx01-patching (server:MX01)")
        .contains("excused by maintenance window mx01-patching")
        .contains("counts as bad");

    JsonNode json = json(run(NOW, "--json", "explain", INBOUND), 0);
    assertThat(json.get("condition").asText()).isEqualTo("DEGRADED");
    assertThat(json.get("probes")).hasSize(4);
    assertThat(json.at("/probes/0/excusedBy").asText()).isEqualTo("mx01-patching");
    assertThat(json.at("/probes/3/excusedBy").isNull()).isTrue();
    assertThat(json.at("/probes/3/verdict").asText()).isEqualTo("SLOW");
    assertThat(json.at("/windows/0/windowId").asText()).isEqualTo("mx01-patching");
  }

  @Test
  void explain_atAnEarlierTime_seesOnlyWhatWasKnownThen() throws IOException {
    JsonNode json =
        json(run(NOW, "--json", "explain", INBOUND, "--at", "2026-12-01T12:40:00+01:00"), 0);

    assertThat(json.get("condition").asText()).isEqualTo("IN_MAINTENANCE");
    assertThat(json.get("probes")).hasSize(2);
    assertThat(json.at("/probes/0/state").asText()).isEqualTo("LOST");
    assertThat(json.at("/probes/0/excusedBy").asText()).isEqualTo("mx01-patching");
    assertThat(json.at("/probes/1/state").asText()).isEqualTo("SENT");
  }

  @Test
  void explain_inTheFuture_exitsTwo() {
    CommandRun run = run(NOW, "explain", INBOUND, "--at", "tomorrow 13:00");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("is in the future");
  }

  private void delivered(String route, Instant sent, Instant deliveredAt) {
    String nonce = "probe-" + sent.getEpochSecond();
    String[] hosts =
        route.equals(INBOUND)
            ? new String[] {"mx02.contoso.se", "mx01.contoso.se"}
            : new String[] {"mx01.contoso.se", "mx02.contoso.se"};
    probes.recordSubmission(
        new Probe(route, nonce, sent, Submission.accepted(sent, 250, "queued"), null));
    List<Hop> hops =
        List.of(
            new Hop(
                "", hosts[0], "ESMTPSA", sent.plusSeconds(1), Duration.ofSeconds(1), false, null),
            new Hop(
                hosts[0],
                hosts[1],
                "ESMTPS",
                deliveredAt,
                Duration.between(sent.plusSeconds(1), deliveredAt),
                false,
                null));
    probes.recordArrival(
        Arrival.of(new ProbeToken("k1", route, sent, nonce), deliveredAt, hops, "", null));
  }

  /**
   * Stores {@code route} as FAILING with {@code incident}, as an evaluation at its opening does.
   */
  private static void saveFailing(DynamoDbRouteStateStore states, String route, Incident incident) {
    Instant opened = incident.openedAt();
    states.save(
        new RouteState(
            route,
            RouteCondition.FAILING,
            incident,
            opened.minusSeconds(7200),
            null,
            null,
            opened,
            1),
        1,
        List.of(),
        null);
  }

  private CommandRun run(Instant now, String... args) {
    return CommandRun.of(environment, Clock.fixed(now, ZoneOffset.UTC), ZONE, args);
  }

  private static JsonNode json(CommandRun run, int exitCode) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    return JSON.readTree(run.out());
  }
}
