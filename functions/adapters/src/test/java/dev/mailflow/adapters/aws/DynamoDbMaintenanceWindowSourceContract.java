package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.CountingInterceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the evaluate function and operators rely on {@link DynamoDbMaintenanceWindowSource} for,
 * against a real DynamoDB API: {@link DynamoDbMaintenanceWindowSourceIT} runs it on moto, {@link
 * DynamoDbMaintenanceWindowSourceLocalStackIT} on LocalStack. Every test gets a table of its own,
 * because a load reads the whole table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DynamoDbMaintenanceWindowSourceContract {

  private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final CountingInterceptor calls = new CountingInterceptor();
  private AwsClients clients;
  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbMaintenanceWindowSource source;

  @BeforeAll
  void connect(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment(), List.of(calls));
    dynamoDb = clients.dynamoDb();
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void createTable() {
    table = ResourceNames.unique("maintenance-windows");
    MailflowTables.create(dynamoDb, MailflowTables.windows(table));
    source = new DynamoDbMaintenanceWindowSource(dynamoDb, table, CLOCK);
    calls.reset();
  }

  @Test
  void documentedCommands_setShortenAndTakeBackAWindow() {
    List<OperatorCommand> commands = OperatorCommand.inDocument("docs/maintenance-windows.md");
    assertThat(commands)
        .extracting(OperatorCommand::operation)
        .containsExactly(
            "put-item", "update-item", "delete-item", "put-item", "update-item", "update-item");
    MaintenanceWindow documented =
        new MaintenanceWindow(
            "mx01-patching",
            MaintenanceScope.server("MX01"),
            Instant.parse("2026-12-01T21:00:00Z"),
            Instant.parse("2026-12-01T22:30:00Z"),
            "monthly patches",
            "ops@example.com");

    commands.get(0).run(dynamoDb, table);
    WindowLoad set = source.load();
    commands.get(1).run(dynamoDb, table);
    WindowLoad shortened = source.load();
    commands.get(2).run(dynamoDb, table);
    WindowLoad takenBack = source.load();

    assertThat(set.windows()).containsExactly(documented);
    assertThat(set.rejected()).isEmpty();
    assertThat(shortened.windows())
        .singleElement()
        .extracting(MaintenanceWindow::end)
        .isEqualTo(Instant.parse("2026-12-01T21:45:00Z"));
    assertThat(takenBack.windows()).isEmpty();
    assertThat(takenBack.rejected()).isEmpty();
  }

  @Test
  void documentedCommands_setASeries_skipAnOccurrence_andMoveAnother() {
    List<OperatorCommand> commands = OperatorCommand.inDocument("docs/maintenance-windows.md");

    commands.get(3).run(dynamoDb, table);
    RecurringWindow set = source.load().series().get(0);
    commands.get(4).run(dynamoDb, table);
    commands.get(5).run(dynamoDb, table);
    WindowLoad changed = source.load();

    assertThat(set.id()).isEqualTo("mx01-patch-night");
    assertThat(set.recurrence().rule()).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
    assertThat(set.recurrence().firstOccurrence())
        .contains(LocalDateTime.parse("2026-12-08T22:00"));
    assertThat(changed.rejected()).isEmpty();
    assertThat(
            changed
                .expandedBetween(
                    Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2027-03-01T00:00:00Z"))
                .windows())
        .extracting(window -> window.id() + " " + window.start())
        .containsExactly(
            "mx01-patch-night@2026-12-08 2026-12-08T21:00:00Z",
            "mx01-patch-night@2027-02-09 2027-02-10T21:00:00Z");
  }

  @Test
  void writer_createsASeries_skipsAndMovesOccurrences_andTheSourceReadsThem() {
    DynamoDbMaintenanceWindowWriter writer = new DynamoDbMaintenanceWindowWriter(dynamoDb, table);
    RecurringWindow sundays =
        new RecurringWindow(
            "mx02-sundays",
            MaintenanceScope.server("MX02"),
            Recurrence.of(
                "FREQ=WEEKLY;BYDAY=SU",
                ZoneId.of("America/New_York"),
                LocalDateTime.parse("2026-10-01T01:00"),
                Duration.ofHours(2)),
            new TreeSet<>(),
            new TreeMap<>(),
            "restart",
            "ops@example.com");

    boolean created = writer.create(sundays, OptionalLong.empty());
    boolean again = writer.create(sundays, OptionalLong.empty());
    StoredWindow stored = writer.find("mx02-sundays").orElseThrow();
    boolean skipped = writer.skip(stored, LocalDate.parse("2026-10-25"));
    boolean moved =
        writer.move(stored, LocalDate.parse("2026-11-08"), Instant.parse("2026-11-09T06:00:00Z"));
    WindowLoad load = source.load();

    assertThat(created).isTrue();
    assertThat(again).isFalse();
    assertThat(stored.series()).isEqualTo(sundays);
    assertThat(stored.window()).isNull();
    assertThat(skipped).isTrue();
    assertThat(moved).isTrue();
    assertThat(load.series())
        .singleElement()
        .satisfies(
            series -> {
              assertThat(series.skipped()).containsExactly(LocalDate.parse("2026-10-25"));
              assertThat(series.moved())
                  .containsExactly(
                      org.assertj.core.api.Assertions.entry(
                          LocalDate.parse("2026-11-08"), LocalDateTime.parse("2026-11-09T01:00")));
            });
    // 1 November 2026: New York's clocks go back at 02:00, so 01:00-03:00 lasts three hours.
    assertThat(
            load.expandedBetween(
                    Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-11-10T00:00:00Z"))
                .windows())
        .extracting(window -> window.id() + " " + window.start() + " " + window.end())
        .containsExactly(
            "mx02-sundays@2026-11-01 2026-11-01T05:00:00Z 2026-11-01T08:00:00Z",
            "mx02-sundays@2026-11-08 2026-11-09T06:00:00Z 2026-11-09T08:00:00Z");
  }

  @Test
  void writer_movesAnOccurrenceOfAHandWrittenSeriesWithoutAMovedMap() {
    DynamoDbMaintenanceWindowWriter writer = new DynamoDbMaintenanceWindowWriter(dynamoDb, table);
    put(series("mx01-daily", "server:MX01", "FREQ=DAILY", "2026-12-01T03:00:00+01:00", "PT30M"));
    StoredWindow stored = writer.find("mx01-daily").orElseThrow();

    boolean moved =
        writer.move(stored, LocalDate.parse("2026-12-03"), Instant.parse("2026-12-03T04:00:00Z"));

    assertThat(moved).isTrue();
    assertThat(source.load().series().get(0).moved())
        .containsEntry(LocalDate.parse("2026-12-03"), LocalDateTime.parse("2026-12-03T05:00"));
  }

  @Test
  void load_ofABadSeries_rejectsIt_andKeepsTheOtherWindows() {
    put(
        window(
            "mx01-patching",
            "server:MX01",
            "2026-12-01T22:00:00+01:00",
            "2026-12-01T23:30:00+01:00"));
    put(series("mx02-nightly", "server:MX02", "FREQ=NIGHTLY", "2026-12-01T02:00:00+01:00", "PT2H"));

    WindowLoad load = source.load();

    assertThat(load.windows()).extracting(MaintenanceWindow::id).containsExactly("mx01-patching");
    assertThat(load.series()).isEmpty();
    assertThat(load.rejected())
        .singleElement()
        .satisfies(
            rejected -> {
              assertThat(rejected.key()).isEqualTo("mx02-nightly");
              assertThat(rejected.reason())
                  .contains("every: 'FREQ=NIGHTLY' is not an RFC 5545 recurrence rule");
            });
  }

  @Test
  void load_readsEveryScopeAndEveryOffset() {
    put(
        window(
            "mx01-patching",
            "server:MX01",
            "2026-12-01T22:00:00+01:00",
            "2026-12-01T23:30:00+01:00"));
    put(
        window(
            "route-rewire",
            "route:MX02-to-MX01",
            "2026-12-01T16:00:00-05:00",
            "2026-12-01T17:00:00-05:00"));
    put(window("datacentre-move", "all", "2026-12-02T06:00:00Z", "2026-12-02T10:00:00Z"));

    WindowLoad load = source.load();

    assertThat(load.rejected()).isEmpty();
    assertThat(load.windows())
        .extracting(MaintenanceWindow::id, MaintenanceWindow::scope, MaintenanceWindow::start)
        .containsExactly(
            tuple(
                "mx01-patching",
                MaintenanceScope.server("MX01"),
                Instant.parse("2026-12-01T21:00:00Z")),
            tuple(
                "route-rewire",
                MaintenanceScope.route("MX02-to-MX01"),
                Instant.parse("2026-12-01T21:00:00Z")),
            tuple(
                "datacentre-move", MaintenanceScope.all(), Instant.parse("2026-12-02T06:00:00Z")));
  }

  @Test
  void load_rejectsEveryBadItem_namingTheAttribute_andStillReadsTheGoodOnes() {
    put(window("good", "server:MX01", "2026-12-01T22:00:00+01:00", "2026-12-01T23:30:00+01:00"));
    Map<String, AttributeValue> noScope =
        window("no-scope", "x", "2026-12-01T22:00:00Z", "2026-12-01T23:00:00Z");
    noScope.remove("scope");
    put(noScope);
    put(window("local-time", "server:MX01", "2026-12-01T22:00:00", "2026-12-01T23:30:00+01:00"));
    put(window("not-a-time", "server:MX01", "2026-12-01T22:00:00+01:00", "half past eleven"));
    put(
        window(
            "backwards", "server:MX01", "2026-12-01T23:30:00+01:00", "2026-12-01T22:00:00+01:00"));
    put(
        window(
            "odd-scope",
            "mailbox:probe",
            "2026-12-01T22:00:00+01:00",
            "2026-12-01T23:30:00+01:00"));
    Map<String, AttributeValue> numberStart =
        window("number-start", "all", "x", "2026-12-01T23:30:00+01:00");
    numberStart.put("start", AttributeValue.fromN("1764622800"));
    put(numberStart);

    WindowLoad load = source.load();

    assertThat(load.windows()).extracting(MaintenanceWindow::id).containsExactly("good");
    assertThat(load.rejected())
        .extracting(RejectedWindow::key, RejectedWindow::reason)
        .containsExactly(
            tuple(
                "backwards",
                "end '2026-12-01T22:00:00+01:00' is not after start '2026-12-01T23:30:00+01:00'"),
            tuple(
                "local-time",
                "start '2026-12-01T22:00:00' has no UTC offset, so it could be any time zone's:"
                    + " write it as 2026-12-01T22:00:00+01:00 or in UTC with Z"),
            tuple("no-scope", "scope is missing: give server:ID, route:ID or all"),
            tuple(
                "not-a-time",
                "end 'half past eleven' is not an ISO-8601 time with a UTC offset, such as"
                    + " 2026-12-01T22:00:00+01:00"),
            tuple("number-start", "start must be a string (S), not a number (N) 1764622800"),
            tuple(
                "odd-scope",
                "scope 'mailbox:probe' is not valid: unknown scope 'mailbox:probe': use server:ID,"
                    + " route:ID or all"));
  }

  @Test
  void load_givesABadItemTheSameFingerprintEachTime_andANewOneWhenItIsEdited() {
    put(window("local-time", "server:MX01", "2026-12-01T22:00:00", "2026-12-01T23:30:00"));

    String first = source.load().rejected().get(0).fingerprint();
    String again = source.load().rejected().get(0).fingerprint();
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(Map.of("windowId", AttributeValue.fromS("local-time")))
                .updateExpression("SET #start = :start")
                .expressionAttributeNames(Map.of("#start", "start"))
                .expressionAttributeValues(
                    Map.of(":start", AttributeValue.fromS("2026-12-01T22:00:00+01:00"))));
    RejectedWindow edited = source.load().rejected().get(0);

    assertThat(again).isEqualTo(first);
    assertThat(edited.reason()).startsWith("end '2026-12-01T23:30:00' has no UTC offset");
    assertThat(edited.fingerprint()).isNotEqualTo(first);
  }

  @Test
  void load_readsTheWholeTable_acrossPages() {
    DynamoDbMaintenanceWindowSource smallPages =
        new DynamoDbMaintenanceWindowSource(dynamoDb, table, CLOCK, 2);
    for (int i = 1; i <= 7; i++) {
      put(
          window(
              "window-" + i,
              "server:MX0" + i,
              "2026-12-0" + i + "T22:00:00Z",
              "2026-12-0" + i + "T23:00:00Z"));
    }
    calls.reset();

    WindowLoad load = smallPages.load();

    assertThat(load.windows())
        .extracting(MaintenanceWindow::id)
        .containsExactly(
            "window-1", "window-2", "window-3", "window-4", "window-5", "window-6", "window-7");
    assertThat(calls.count("Scan")).as("pages read").isGreaterThanOrEqualTo(4);
  }

  @Test
  void load_leavesOutItemsPastTheirExpiry() {
    Map<String, AttributeValue> expired =
        window("expired", "all", "2026-11-01T22:00:00Z", "2026-11-01T23:00:00Z");
    expired.put("expiresAt", AttributeValue.fromN(Long.toString(NOW.getEpochSecond())));
    put(expired);
    Map<String, AttributeValue> kept =
        window("kept", "all", "2026-11-29T22:00:00Z", "2026-11-29T23:00:00Z");
    kept.put("expiresAt", AttributeValue.fromN(Long.toString(NOW.getEpochSecond() + 1)));
    put(kept);

    assertThat(source.load().windows()).extracting(MaintenanceWindow::id).containsExactly("kept");
  }

  @Test
  void load_ofAnEmptyTable_isOneScanWithNothingInIt() {
    WindowLoad load = source.load();

    assertThat(load.windows()).isEmpty();
    assertThat(load.rejected()).isEmpty();
    assertThat(calls.counts()).containsExactly(Map.entry("Scan", 1));
  }

  @Test
  void load_ofAMissingTable_failsWithAStoreExceptionThatIsNotTransient() {
    String missing = ResourceNames.unique("no-such-windows");
    DynamoDbMaintenanceWindowSource nowhere =
        new DynamoDbMaintenanceWindowSource(dynamoDb, missing, CLOCK);

    assertThatThrownBy(nowhere::load)
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining(missing);
  }

  private void put(Map<String, AttributeValue> item) {
    dynamoDb.putItem(r -> r.tableName(table).item(item));
  }

  /** A recurring window's item in Stockholm time, as an operator writes it by hand. */
  private static Map<String, AttributeValue> series(
      String id, String scope, String every, String start, String duration) {
    Map<String, AttributeValue> item = window(id, scope, start, "unused");
    item.remove("end");
    item.put("every", AttributeValue.fromS(every));
    item.put("zone", AttributeValue.fromS("Europe/Stockholm"));
    item.put("duration", AttributeValue.fromS(duration));
    return item;
  }

  private static Map<String, AttributeValue> window(
      String id, String scope, String start, String end) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("windowId", AttributeValue.fromS(id));
    item.put("scope", AttributeValue.fromS(scope));
    item.put("start", AttributeValue.fromS(start));
    item.put("end", AttributeValue.fromS(end));
    item.put("reason", AttributeValue.fromS("patching"));
    item.put("setBy", AttributeValue.fromS("ops@example.com"));
    return item;
  }
}
