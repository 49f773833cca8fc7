package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The recurring maintenance commands end to end against the moto server: {@code start --every},
 * {@code list --upcoming}, {@code skip}, {@code move}, {@code show}, {@code end} and {@code cancel}
 * on a series, the item each writes read back by the evaluate function's window source.
 */
@ExtendWith(MotoServerExtension.class)
class RecurringMaintenanceCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId UTC = ZoneOffset.UTC;

  /** Tuesday 1 December 2026, 20:30 in Stockholm: a week before the second Tuesday. */
  private static final Instant NOW = Instant.parse("2026-12-01T19:30:00Z");

  private static final String PATCH_NIGHT = "mx01-20261208-2200-recurring";

  private AwsClients aws;
  private Map<String, String> environment;
  private String windowsTable;

  @BeforeEach
  void createTheTables(MotoServer moto, @TempDir Path directory) throws IOException {
    StackTables tables = StackTables.create(moto, directory);
    aws = tables.aws();
    windowsTable = tables.windowsTable();
    environment = tables.environment();
  }

  @AfterEach
  void closeClients() {
    aws.close();
  }

  @Test
  void startEvery_writesTheDocumentedSeriesItem_andPrintsTheNextOccurrences() {
    CommandRun run = startPatchNight();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(Mailflow.OK);
    assertThat(run.out())
        .contains("Set recurring maintenance window " + PATCH_NIGHT + "  server:MX01  recurring")
        .contains("every FREQ=MONTHLY;BYDAY=2TU at 22:00 Europe/Stockholm for 4h, from 2026-12-01")
        .contains(
            "2026-12-08  upcoming  2026-12-08 22:00 +01:00 (2026-12-08T21:00:00Z) to"
                + " 2026-12-09 02:00 +01:00 (2026-12-09T01:00:00Z)")
        .contains("2027-01-12  upcoming")
        .contains("2027-02-09  upcoming");
    Map<String, AttributeValue> item = item(PATCH_NIGHT);
    assertThat(item)
        .containsOnlyKeys(
            "windowId", "scope", "every", "start", "zone", "duration", "reason", "setBy", "moved");
    assertThat(item.get("every").s()).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
    assertThat(item.get("start").s()).isEqualTo("2026-12-01T22:00:00+01:00");
    assertThat(item.get("zone").s()).isEqualTo("Europe/Stockholm");
    assertThat(item.get("duration").s()).isEqualTo("PT4H");
    WindowLoad load = load();
    assertThat(load.rejected()).isEmpty();
    assertThat(load.series()).extracting(RecurringWindow::id).containsExactly(PATCH_NIGHT);
  }

  @Test
  void startEvery_withJson_printsTheSeriesAndItsNextOccurrencesAsInstants() throws IOException {
    JsonNode json =
        json(
            run(
                NOW,
                "--json",
                "--zone",
                "America/New_York",
                "maintenance",
                "start",
                "all",
                "--every",
                "FREQ=WEEKLY;BYDAY=SU",
                "--at",
                "2026-10-04 01:00",
                "--for",
                "2h",
                "--reason",
                "restart",
                "--id",
                "sundays"));

    assertThat(json.at("/window/windowId").asText()).isEqualTo("sundays");
    assertThat(json.at("/window/every").asText()).isEqualTo("FREQ=WEEKLY;BYDAY=SU");
    assertThat(json.at("/window/zone").asText()).isEqualTo("America/New_York");
    assertThat(json.at("/window/start").asText()).isEqualTo("2026-10-04T01:00:00");
    assertThat(json.at("/window/duration").asText()).isEqualTo("PT2H");
    assertThat(json.at("/window/state").asText()).isEqualTo("recurring");
    assertThat(json.at("/window/next/0/windowId").asText()).isEqualTo("sundays@2026-12-06");
    assertThat(json.at("/window/next/0/start").asText()).isEqualTo("2026-12-06T06:00:00Z");
    assertThat(json.at("/window/next/0/series").asText()).isEqualTo("sundays");
    assertThat(json.at("/window/next/0/occurrence").asText()).isEqualTo("2026-12-06");
  }

  @Test
  void listUpcoming_acrossTheNightTheClocksGoBack_showsTheThreeHourOccurrence() throws IOException {
    Instant october = Instant.parse("2026-10-20T12:00:00Z");
    CommandRun start =
        run(
            october,
            "--zone",
            "Europe/Stockholm",
            "maintenance",
            "start",
            "server:MX01",
            "--every",
            "FREQ=WEEKLY;BYDAY=SU",
            "--at",
            "2026-10-18 02:00",
            "--for",
            "2h",
            "--reason",
            "patch night",
            "--id",
            "sunday-night");
    assertThat(start.exitCode()).as(start.err()).isEqualTo(Mailflow.OK);

    JsonNode json =
        json(run(october, "--json", "maintenance", "list", "--upcoming", "--count", "2"));
    CommandRun human =
        run(october, "--zone", "Europe/Stockholm", "maintenance", "list", "--upcoming");

    assertThat(ids(json)).containsExactly("sunday-night@2026-10-25", "sunday-night@2026-11-01");
    assertThat(json.at("/windows/0/start").asText()).isEqualTo("2026-10-25T00:00:00Z");
    assertThat(json.at("/windows/0/end").asText()).isEqualTo("2026-10-25T03:00:00Z");
    assertThat(json.at("/windows/1/start").asText()).isEqualTo("2026-11-01T01:00:00Z");
    assertThat(json.at("/series/0/windowId").asText()).isEqualTo("sunday-night");
    assertThat(human.out())
        .contains(
            "2026-10-25  upcoming  2026-10-25 02:00 +02:00 (2026-10-25T00:00:00Z) to"
                + " 2026-10-25 04:00 +01:00 (2026-10-25T03:00:00Z)");
  }

  @Test
  void skip_leavesOutOneOccurrence_andListShowsTheNextOnes() throws IOException {
    startPatchNight();

    CommandRun skip = run(NOW, "maintenance", "skip", PATCH_NIGHT, "--occurrence", "2027-01-12");
    JsonNode upcoming = json(run(NOW, "--json", "maintenance", "list", "--upcoming"));

    assertThat(skip.exitCode()).as(skip.err()).isEqualTo(Mailflow.OK);
    assertThat(skip.out())
        .contains("Skipped 2027-01-12 of maintenance window " + PATCH_NIGHT)
        .contains("skipped: 2027-01-12");
    assertThat(item(PATCH_NIGHT).get("skip").ss()).containsExactly("2027-01-12");
    assertThat(ids(upcoming))
        .containsExactly(
            PATCH_NIGHT + "@2026-12-08", PATCH_NIGHT + "@2027-02-09", PATCH_NIGHT + "@2027-03-09");
  }

  @Test
  void move_startsOneOccurrenceElsewhere_readInTheSeriesZone() throws IOException {
    startPatchNight();

    JsonNode json =
        json(
            run(
                NOW,
                "--json",
                "--zone",
                "UTC",
                "maintenance",
                "move",
                PATCH_NIGHT,
                "--occurrence",
                "2026-12-08",
                "--to",
                "2026-12-09 23:00"));

    assertThat(json.at("/window/moved/2026-12-08").asText()).isEqualTo("2026-12-09T23:00:00");
    assertThat(json.at("/window/next/0/occurrence").asText()).isEqualTo("2026-12-08");
    assertThat(json.at("/window/next/0/moved").asBoolean()).isTrue();
    assertThat(json.at("/window/next/0/start").asText()).isEqualTo("2026-12-09T22:00:00Z");
    assertThat(json.at("/window/next/0/end").asText()).isEqualTo("2026-12-10T02:00:00Z");
    assertThat(item(PATCH_NIGHT).get("moved").m())
        .containsEntry("2026-12-08", AttributeValue.fromS("2026-12-09T23:00:00+01:00"));
    assertThat(
            load().expandedBetween(NOW, Instant.parse("2026-12-31T00:00:00Z")).windows().stream()
                .map(MaintenanceWindow::start))
        .containsExactly(Instant.parse("2026-12-09T22:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "skip 2027-01-13 | 2027-01-13 is not an occurrence of maintenance window "
            + PATCH_NIGHT
            + " (FREQ=MONTHLY;BYDAY=2TU); its next are 2026-12-08, 2027-01-12, 2027-02-09",
        "skip 12/01/2027 | --occurrence '12/01/2027' is not a date",
        "move 2026-12-08 | --to 2026-11-30 22:00 +01:00 (2026-11-30T21:00:00Z) has passed",
      })
  void skipAndMove_ofADateThatIsNoOccurrenceOrOfThePast_exitTwoAndChangeNothing(
      String commandAndDate, String message) {
    startPatchNight();
    Map<String, AttributeValue> before = item(PATCH_NIGHT);
    String[] words = commandAndDate.split(" ");
    List<String> args =
        new ArrayList<>(List.of("maintenance", words[0], PATCH_NIGHT, "--occurrence", words[1]));
    if (words[0].equals("move")) {
      args.addAll(List.of("--to", "2026-11-30 22:00"));
    }

    CommandRun run = run(NOW, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains(message);
    assertThat(item(PATCH_NIGHT)).isEqualTo(before);
  }

  @Test
  void skip_ofAnOccurrenceThatStarted_exitsTwo_soItsProbesKeepTheirExcuse() {
    startPatchNight();

    CommandRun run =
        run(
            Instant.parse("2026-12-08T22:00:00Z"),
            "maintenance",
            "skip",
            PATCH_NIGHT,
            "--occurrence",
            "2026-12-08");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("the occurrence of 2026-12-08").contains("started");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--every FREQ=SOMETIMES --at 22:00 --for 4h | --every: 'FREQ=SOMETIMES' is not an RFC 5545"
            + " recurrence rule",
        "--every FREQ=HOURLY --at 22:00 --for 30m | repeats more than once a day",
        "--every FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 --at 22:00 --for 4h | has no occurrence",
        "--every FREQ=WEEKLY --at 22:00 --for 0m | --for must be longer than 0",
        "--every FREQ=WEEKLY --at 22:00 --for 8d | each occurrence would last 8d, longer than the"
            + " 7d the deployment accepts",
        "--every FREQ=WEEKLY --at 22:00 --until 23:00 | a recurring window lasts a --for",
        "--every FREQ=WEEKLY --for 4h | give --at",
        "--zone Europe/Stockholmm --every FREQ=WEEKLY --at 22:00 --for 4h | --zone"
            + " 'Europe/Stockholmm' is not a time zone",
      })
  void startEvery_withABadRecurrence_exitsTwoSayingWhy_andWritesNothing(
      String options, String message) {
    List<String> args = new ArrayList<>(List.of("maintenance", "start", "server:MX01"));
    args.addAll(List.of(options.split(" ")));
    args.addAll(List.of("--reason", "patches"));

    CommandRun run = run(NOW, args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains(message);
    assertThat(load().series()).isEmpty();
    assertThat(load().windows()).isEmpty();
  }

  @Test
  void show_ofASeries_printsTheRuleSkipsMovesAndNextOccurrences() throws IOException {
    startPatchNight();
    run(NOW, "maintenance", "skip", PATCH_NIGHT, "--occurrence", "2027-01-12");

    CommandRun human = run(NOW, "maintenance", "show", PATCH_NIGHT);
    JsonNode json = json(run(NOW, "--json", "maintenance", "show", PATCH_NIGHT));

    assertThat(human.exitCode()).as(human.err()).isEqualTo(Mailflow.OK);
    assertThat(human.out())
        .contains("every FREQ=MONTHLY;BYDAY=2TU at 22:00 Europe/Stockholm for 4h")
        .contains("skipped: 2027-01-12")
        .contains("2026-12-08  upcoming");
    assertThat(json.at("/window/every").asText()).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
    assertThat(json.at("/window/skip/0").asText()).isEqualTo("2027-01-12");
  }

  @Test
  void endAndCancel_ofASeries_endRefusesAndCancelDeletesItBetweenOccurrences() {
    startPatchNight();
    Instant during = Instant.parse("2026-12-08T22:00:00Z");

    CommandRun end = run(during, "maintenance", "end", PATCH_NIGHT);
    CommandRun cancelDuring = run(during, "maintenance", "cancel", PATCH_NIGHT);
    CommandRun cancelAfter =
        run(Instant.parse("2026-12-10T12:00:00Z"), "maintenance", "cancel", PATCH_NIGHT);

    assertThat(end.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(end.err()).contains("is recurring").contains("maintenance skip");
    assertThat(cancelDuring.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(cancelDuring.err()).contains("is in its occurrence of 2026-12-08");
    assertThat(cancelAfter.exitCode()).as(cancelAfter.err()).isEqualTo(Mailflow.OK);
    assertThat(cancelAfter.out()).contains("Cancelled maintenance window " + PATCH_NIGHT);
    assertThat(load().series()).isEmpty();
  }

  @Test
  void skip_ofAOneOffWindow_exitsTwo() {
    run(NOW, "maintenance", "start", "server:MX01", "--for", "1h", "--reason", "x", "--id", "w");

    CommandRun run = run(NOW, "maintenance", "skip", "w", "--occurrence", "2026-12-01");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("maintenance window w is not recurring");
  }

  private CommandRun startPatchNight() {
    return run(
        NOW,
        "--zone",
        "Europe/Stockholm",
        "maintenance",
        "start",
        "server:MX01",
        "--every",
        "FREQ=MONTHLY;BYDAY=2TU",
        "--at",
        "22:00",
        "--for",
        "4h",
        "--reason",
        "monthly patches",
        "--by",
        "ops@contoso.se");
  }

  private CommandRun run(Instant now, String... args) {
    return CommandRun.of(environment, Clock.fixed(now, UTC), ZoneId.of("Europe/Stockholm"), args);
  }

  private WindowLoad load() {
    return new DynamoDbMaintenanceWindowSource(aws.dynamoDb(), windowsTable, Clock.fixed(NOW, UTC))
        .load();
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
}
