package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Arrival;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The maintenance commands end to end against the moto server: the item each writes, read back by
 * the evaluate function's own window source, and what each prints, for people and as JSON.
 */
@ExtendWith(MotoServerExtension.class)
class MaintenanceCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  /** 20:30 in Stockholm, the evening of the patch night. */
  private static final Instant NOW = Instant.parse("2026-12-01T19:30:00Z");

  private AwsClients aws;
  private Map<String, String> environment;
  private String windowsTable;
  private DynamoDbProbeStore probes;

  @BeforeEach
  void createTheTables(MotoServer moto, @TempDir Path directory) throws IOException {
    StackTables tables = StackTables.create(moto, directory);
    aws = tables.aws();
    windowsTable = tables.windowsTable();
    environment = tables.environment();
    probes =
        new DynamoDbProbeStore(
            aws.dynamoDb(), tables.probesTable(), Duration.ofDays(30), clockAt(NOW));
  }

  @AfterEach
  void closeClients() {
    aws.close();
  }

  @Test
  void start_writesTheDocumentedItemThatTheEvaluateFunctionReads() {
    CommandRun run =
        run(
            NOW,
            "maintenance",
            "start",
            "server:MX01",
            "--at",
            "22:00",
            "--for",
            "90m",
            "--reason",
            "monthly patches",
            "--by",
            "ops@contoso.se");

    assertThat(run.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(run.out())
        .contains("Set maintenance window mx01-20261201-2200  server:MX01  upcoming")
        .contains("from 2026-12-01 22:00 +01:00 (2026-12-01T21:00:00Z)")
        .contains("to   2026-12-01 23:30 +01:00 (2026-12-01T22:30:00Z)  (1h30m)");
    Map<String, AttributeValue> item = item("mx01-20261201-2200");
    assertThat(item)
        .containsOnlyKeys("windowId", "scope", "start", "end", "reason", "setBy", "expiresAt");
    assertThat(item.get("start").s()).isEqualTo("2026-12-01T22:00:00+01:00");
    assertThat(item.get("end").s()).isEqualTo("2026-12-01T23:30:00+01:00");
    assertThat(item.get("expiresAt").n())
        .isEqualTo(Long.toString(Instant.parse("2026-12-08T22:30:00Z").getEpochSecond()));
    WindowLoad load =
        new DynamoDbMaintenanceWindowSource(aws.dynamoDb(), windowsTable, clockAt(NOW)).load();
    assertThat(load.rejected()).isEmpty();
    assertThat(load.windows())
        .containsExactly(
            new MaintenanceWindow(
                "mx01-20261201-2200",
                MaintenanceScope.server("MX01"),
                Instant.parse("2026-12-01T21:00:00Z"),
                Instant.parse("2026-12-01T22:30:00Z"),
                "monthly patches",
                "ops@contoso.se"));
  }

  @Test
  void start_withJson_printsTheWindowAsTheInstantsItTook() throws IOException {
    JsonNode json =
        json(
            run(
                NOW,
                "--json",
                "maintenance",
                "start",
                "route:MX02-to-MX01",
                "--until",
                "02:00",
                "--at",
                "tomorrow 22:00",
                "--reason",
                "queue migration",
                "--id",
                "night"));

    assertThat(json.at("/window/windowId").asText()).isEqualTo("night");
    assertThat(json.at("/window/scope").asText()).isEqualTo("route:MX02-to-MX01");
    assertThat(json.at("/window/start").asText()).isEqualTo("2026-12-02T21:00:00Z");
    assertThat(json.at("/window/end").asText()).isEqualTo("2026-12-03T01:00:00Z");
    assertThat(json.at("/window/setBy").asText()).isEqualTo("ops");
    assertThat(json.at("/window/state").asText()).isEqualTo("upcoming");
  }

  @Test
  void start_onAServerOrRouteTheConfigurationDoesNotHave_exitsTwoAndWritesNothing() {
    CommandRun server = shell(NOW, "maintenance start server:MX03 --for 1h --reason patches");
    CommandRun route = shell(NOW, "maintenance start route:MX01-to-MX03 --for 1h --reason x");

    assertThat(server.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(server.err())
        .isEqualTo(
            "mailflow: unknown scope server:MX03: the configuration has no server MX03"
                + " (servers: MX01, MX02)"
                + System.lineSeparator());
    assertThat(route.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(route.err()).contains("has no route MX01-to-MX03");
    assertThat(windows()).isEmpty();
  }

  @Test
  void start_withTheIdOfAnotherWindow_exitsTwoAndKeepsTheOther() {
    shell(NOW, "maintenance start all --for 1h --reason first --id w1");

    CommandRun second = shell(NOW, "maintenance start all --for 2h --reason second --id w1");

    assertThat(second.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(second.err()).contains("a maintenance window w1 exists already");
    assertThat(item("w1").get("reason").s()).isEqualTo("first");
  }

  @Test
  void end_movesTheEndToNowAndKeepsTheItem() throws IOException {
    shell(NOW, "maintenance start server:MX01 --for 90m --reason x --id w");
    Instant later = NOW.plus(Duration.ofMinutes(40));

    CommandRun human = run(later, "maintenance", "end", "w");

    assertThat(human.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(human.out()).contains("Ended maintenance window w").contains("(40m)");
    assertThat(item("w").get("end").s()).isEqualTo("2026-12-01T21:10:00+01:00");
    assertThat(item("w").get("expiresAt").n())
        .isEqualTo(Long.toString(later.plus(Duration.ofDays(7)).getEpochSecond()));
    assertThat(windows()).singleElement().satisfies(w -> assertThat(w.end()).isEqualTo(later));

    CommandRun again = run(later.plusSeconds(60), "--json", "maintenance", "end", "w");
    assertThat(again.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(again.err()).contains("maintenance window w ended already");
    CommandRun cancel = run(later.plusSeconds(60), "maintenance", "cancel", "w");
    assertThat(cancel.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(cancel.err()).contains("ended").contains("takes the excuse from the probes");
    assertThat(windows()).hasSize(1);
  }

  @Test
  void end_withJson_printsTheEndedWindow() throws IOException {
    shell(NOW, "maintenance start all --for 1h --reason x --id w");

    JsonNode json = json(run(NOW.plusSeconds(600), "--json", "maintenance", "end", "w"));

    assertThat(json.at("/window/end").asText()).isEqualTo("2026-12-01T19:40:00Z");
    assertThat(json.at("/window/state").asText()).isEqualTo("ended");
  }

  @Test
  void end_ofAWindowThatHasNotStarted_pointsToCancel() {
    shell(NOW, "maintenance start all --at 22:00 --for 1h --reason x --id w");

    CommandRun run = run(NOW, "maintenance", "end", "w");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("has not started").contains("mailflow maintenance cancel w");
  }

  @Test
  void cancel_deletesAnUpcomingWindow() throws IOException {
    shell(NOW, "maintenance start all --at 22:00 --for 1h --reason x --id w");

    JsonNode json = json(run(NOW, "--json", "maintenance", "cancel", "w"));

    assertThat(json.at("/cancelled/windowId").asText()).isEqualTo("w");
    assertThat(json.at("/cancelled/state").asText()).isEqualTo("upcoming");
    assertThat(windows()).isEmpty();
  }

  @Test
  void cancel_ofAStartedWindow_refusesWithoutForceSoItsProbesKeepTheirExcuse() {
    shell(NOW, "maintenance start server:MX01 --for 1h --reason x --id w");

    CommandRun refused = run(NOW.plusSeconds(60), "maintenance", "cancel", "w");
    assertThat(refused.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(refused.err())
        .contains("takes the excuse from the probes")
        .contains("mailflow maintenance end w");
    assertThat(windows()).hasSize(1);

    CommandRun forced = run(NOW.plusSeconds(60), "maintenance", "cancel", "w", "--force");
    assertThat(forced.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(forced.out()).startsWith("Cancelled maintenance window w");
    assertThat(windows()).isEmpty();
  }

  @Test
  void endCancelAndShow_ofAnUnknownWindow_exitTwo() {
    for (String command : List.of("end", "cancel", "show")) {
      CommandRun run = run(NOW, "maintenance", command, "no-such-window");

      assertThat(run.exitCode()).as(command).isEqualTo(Mailflow.USAGE);
      assertThat(run.err())
          .as(command)
          .isEqualTo(
              "mailflow: there is no maintenance window no-such-window (see: mailflow"
                  + " maintenance list --all)"
                  + System.lineSeparator());
    }
  }

  @Test
  void list_showsActiveAndUpcomingByDefault_andItemsThatAreNotWindows() throws IOException {
    shell(NOW.minus(Duration.ofDays(1)), "maintenance start all --for 1h --reason old --id ended");
    shell(NOW, "maintenance start server:MX02 --for 1h --reason now --id active");
    shell(NOW, "maintenance start server:MX01 --at 22:00 --for 1h --reason later --id upcoming");
    aws.dynamoDb()
        .putItem(
            r ->
                r.tableName(windowsTable)
                    .item(
                        Map.of(
                            "windowId", AttributeValue.fromS("typo"),
                            "scope", AttributeValue.fromS("server:MX01"),
                            "start", AttributeValue.fromS("2026-12-01T22:00:00"),
                            "end", AttributeValue.fromS("2026-12-01T23:00:00+01:00"),
                            "reason", AttributeValue.fromS("x"),
                            "setBy", AttributeValue.fromS("ops"))));

    CommandRun human = run(NOW, "maintenance", "list");
    assertThat(human.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(human.out())
        .contains("active  server:MX02  active")
        .contains("upcoming  server:MX01  upcoming")
        .doesNotContain("ended  all")
        .contains("typo  invalid: start '2026-12-01T22:00:00' has no UTC offset");

    assertThat(ids(json(run(NOW, "--json", "maintenance", "list", "--all"))))
        .containsExactly("ended", "active", "upcoming");
    assertThat(ids(json(run(NOW, "--json", "maintenance", "list", "--active"))))
        .containsExactly("active");
    JsonNode upcoming = json(run(NOW, "--json", "maintenance", "list", "--upcoming"));
    assertThat(ids(upcoming)).containsExactly("upcoming");
    assertThat(upcoming.at("/invalid/0/windowId").asText()).isEqualTo("typo");
  }

  @Test
  void show_listsTheProbesTheWindowExcused() throws IOException {
    shell(
        NOW,
        "maintenance start server:MX01 --at 2026-12-01T12:19:00+01:00 --for 30m --reason patches --id mx01-patching");
    Instant t0 = Instant.parse("2026-12-01T11:04:00Z");
    // Sent before the window and delivered at once: not excused.
    deliveredProbe("MX02-to-MX01", "sent-before", t0, t0.plusSeconds(5));
    // Queued on MX02 during the window, delivered at 13:07:47: excused.
    deliveredProbe(
        "MX02-to-MX01",
        "queued-during",
        t0.plus(Duration.ofMinutes(15)),
        Instant.parse("2026-12-01T12:07:47Z"));
    // On the other route, during the window, lost: excused too (MX01 is its source).
    probes.recordSubmission(
        new Probe(
            "MX01-to-MX02",
            "lost-during",
            t0.plus(Duration.ofMinutes(20)),
            Submission.accepted(t0.plus(Duration.ofMinutes(20)), 250, "queued"),
            null));

    CommandRun human = run(NOW, "maintenance", "show", "mx01-patching");
    assertThat(human.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(human.out())
        .contains("mx01-patching  server:MX01  ended")
        .contains("excused MX02-to-MX01 queued-during sent 2026-12-01 12:19 +01:00")
        .contains("excused MX01-to-MX02 lost-during")
        .doesNotContain("sent-before");

    JsonNode json = json(run(NOW, "--json", "maintenance", "show", "mx01-patching"));
    List<String> excused = new ArrayList<>();
    json.get("excused").forEach(probe -> excused.add(probe.get("probeId").asText()));
    assertThat(excused).containsExactlyInAnyOrder("queued-during", "lost-during");
    assertThat(json.at("/window/windowId").asText()).isEqualTo("mx01-patching");
  }

  private void deliveredProbe(String route, String nonce, Instant sent, Instant deliveredAt) {
    probes.recordSubmission(
        new Probe(route, nonce, sent, Submission.accepted(sent, 250, "queued"), null));
    probes.recordArrival(
        Arrival.of(new ProbeToken("k1", route, sent, nonce), deliveredAt, List.of(), "", null));
  }

  /** The command line written as in a shell, for arguments without spaces. */
  private CommandRun shell(Instant now, String commandLine) {
    return run(now, commandLine.split(" "));
  }

  private CommandRun run(Instant now, String... args) {
    return CommandRun.of(environment, clockAt(now), STOCKHOLM, args);
  }

  private static Clock clockAt(Instant now) {
    return Clock.fixed(now, ZoneOffset.UTC);
  }

  private static JsonNode json(CommandRun run) throws IOException {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(Mailflow.OK);
    return JSON.readTree(run.out());
  }

  private static List<String> ids(JsonNode list) {
    List<String> ids = new ArrayList<>();
    list.get("windows").forEach(window -> ids.add(window.get("windowId").asText()));
    return ids;
  }

  private Map<String, AttributeValue> item(String id) {
    return aws.dynamoDb()
        .getItem(r -> r.tableName(windowsTable).key(Map.of("windowId", AttributeValue.fromS(id))))
        .item();
  }

  private List<MaintenanceWindow> windows() {
    return new DynamoDbMaintenanceWindowSource(aws.dynamoDb(), windowsTable, clockAt(NOW))
        .load()
        .windows();
  }
}
