package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading window items, without a table. */
class WindowItemTest {

  @Test
  void item_isTheDocumentedItem_andReadsBackAsTheSameWindow() {
    MaintenanceWindow window =
        new MaintenanceWindow(
            "mx01-patching",
            MaintenanceScope.server("MX01"),
            Instant.parse("2026-12-01T21:00:00Z"),
            Instant.parse("2026-12-01T22:30:00Z"),
            "monthly patches",
            "ops@example.com");

    Map<String, AttributeValue> item =
        WindowItem.item(window, ZoneId.of("Europe/Stockholm"), OptionalLong.of(42));

    assertThat(item)
        .containsEntry("windowId", AttributeValue.fromS("mx01-patching"))
        .containsEntry("scope", AttributeValue.fromS("server:MX01"))
        .containsEntry("start", AttributeValue.fromS("2026-12-01T22:00:00+01:00"))
        .containsEntry("end", AttributeValue.fromS("2026-12-01T23:30:00+01:00"))
        .containsEntry("reason", AttributeValue.fromS("monthly patches"))
        .containsEntry("setBy", AttributeValue.fromS("ops@example.com"))
        .containsEntry("expiresAt", AttributeValue.fromN("42"))
        .hasSize(7);
    assertThat(WindowItem.read(item).window()).isEqualTo(window);
  }

  @Test
  void read_ofTheDocumentedItem_givesTheWindowInUtc() {
    WindowItem.Reading reading = WindowItem.read(item());

    assertThat(reading.rejected()).isNull();
    assertThat(reading.window())
        .isEqualTo(
            new MaintenanceWindow(
                "mx01-patching",
                MaintenanceScope.server("MX01"),
                Instant.parse("2026-12-01T21:00:00Z"),
                Instant.parse("2026-12-01T22:30:00Z"),
                "monthly patches",
                "ops@example.com"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "server:MX01, SERVER, MX01",
    "route:MX02-to-MX01, ROUTE, MX02-to-MX01",
    "all, ALL, ''",
    "ALL, ALL, ''"
  })
  void read_acceptsEveryScope(String scope, MaintenanceScope.Kind kind, String id) {
    Map<String, AttributeValue> item = item();
    item.put("scope", AttributeValue.fromS(scope));

    assertThat(WindowItem.read(item).window().scope()).isEqualTo(new MaintenanceScope(kind, id));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2026-12-01T21:00:00Z, 2026-12-01T21:00:00Z",
    "2026-12-01T22:00:00+01:00, 2026-12-01T21:00:00Z",
    "2026-12-01T16:00:00-05:00, 2026-12-01T21:00:00Z",
    "2026-12-01T22:00+01:00, 2026-12-01T21:00:00Z",
    "2026-12-01T22:00:00.500+01:00, 2026-12-01T21:00:00.500Z"
  })
  void read_acceptsIsoTimesWithAnOffset(String start, Instant expected) {
    Map<String, AttributeValue> item = item();
    item.put("start", AttributeValue.fromS(start));

    assertThat(WindowItem.read(item).window().start()).isEqualTo(expected);
  }

  static Stream<Arguments> badItems() {
    return Stream.of(
        bad("scope is missing", item -> item.remove("scope")),
        bad("start is missing", item -> item.remove("start")),
        bad("end is missing", item -> item.remove("end")),
        bad("reason is missing", item -> item.remove("reason")),
        bad("setBy is missing", item -> item.remove("setBy")),
        bad("reason is empty", item -> item.put("reason", AttributeValue.fromS("  "))),
        bad(
            "scope 'server:' is not valid",
            item -> item.put("scope", AttributeValue.fromS("server:"))),
        bad(
            "scope 'host:MX01' is not valid: unknown scope 'host:MX01'",
            item -> item.put("scope", AttributeValue.fromS("host:MX01"))),
        bad(
            "start '2026-12-01T22:00:00' has no UTC offset",
            item -> item.put("start", AttributeValue.fromS("2026-12-01T22:00:00"))),
        bad(
            "end '1 December 2026 23:30' is not an ISO-8601 time with a UTC offset",
            item -> item.put("end", AttributeValue.fromS("1 December 2026 23:30"))),
        bad(
            "start must be a string (S), not a number (N) 1764622800",
            item -> item.put("start", AttributeValue.fromN("1764622800"))),
        bad(
            "scope must be a string (S), not a string set (SS) [server:MX01]",
            item -> item.put("scope", AttributeValue.fromSs(List.of("server:MX01")))),
        bad(
            "end '2026-12-01T21:00:00Z' is not after start '2026-12-01T22:00:00+01:00'",
            item -> item.put("end", AttributeValue.fromS("2026-12-01T21:00:00Z"))),
        bad(
            "end '+999999999-01-01T00:00:00Z' lies outside the years 1970 to 9999",
            item -> item.put("end", AttributeValue.fromS("+999999999-01-01T00:00:00Z"))),
        bad(
            "start '1969-12-31T23:00:00Z' lies outside the years 1970 to 9999",
            item -> item.put("start", AttributeValue.fromS("1969-12-31T23:00:00Z"))),
        bad(
            "expiresAt must be a number (N) of epoch seconds, not a string (S) '2026-12-02'",
            item -> item.put("expiresAt", AttributeValue.fromS("2026-12-02"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badItems")
  void read_ofABadItem_rejectsItNamingTheAttributeAndTheValue(
      String expectedReason, Consumer<Map<String, AttributeValue>> damage) {
    Map<String, AttributeValue> item = item();
    damage.accept(item);

    WindowItem.Reading reading = WindowItem.read(item);

    assertThat(reading.window()).isNull();
    assertThat(reading.rejected().key()).isEqualTo("mx01-patching");
    assertThat(reading.rejected().reason()).startsWith(expectedReason);
    assertThat(reading.rejected().fingerprint()).isEqualTo(WindowItem.fingerprint(item));
  }

  @Test
  void read_ofAWindowLongerThanAllowed_refusesIt_soAnEndIn9999SilencesNothing() {
    Map<String, AttributeValue> item = item();
    item.put("scope", AttributeValue.fromS("all"));
    item.put("end", AttributeValue.fromS("9999-12-31T23:00:00Z"));

    WindowItem.Reading reading = WindowItem.read(item);
    WindowItem.Reading longer = WindowItem.read(item, java.time.Duration.ofDays(3_000_000));

    assertThat(reading.window()).isNull();
    assertThat(reading.rejected().reason())
        .startsWith("the window lasts ")
        .contains("longer than the longest allowed, 7d (MAILFLOW_MAX_WINDOW_LENGTH)");
    assertThat(longer.window()).isNotNull();
  }

  @Test
  void read_ofAWindowOfExactlyTheLongestAllowed_takesIt() {
    Map<String, AttributeValue> item = item();
    item.put("start", AttributeValue.fromS("2026-12-01T22:00:00Z"));
    item.put("end", AttributeValue.fromS("2026-12-08T22:00:00Z"));

    assertThat(WindowItem.read(item).window()).isNotNull();
  }

  @Test
  void read_ofAnItemWithSeveralFaults_namesEachOfThem() {
    Map<String, AttributeValue> item = item();
    item.remove("setBy");
    item.put("scope", AttributeValue.fromS("everything"));
    item.put("start", AttributeValue.fromS("tonight"));

    RejectedWindow rejected = WindowItem.read(item).rejected();

    assertThat(rejected.reason())
        .contains("scope 'everything'")
        .contains("start 'tonight'")
        .contains("setBy is missing");
  }

  @Test
  void fingerprint_ofTheSameItem_isTheSameWhateverTheOrderOfItsAttributesAndSets() {
    Map<String, AttributeValue> item = item();
    item.put("tags", AttributeValue.fromSs(List.of("patching", "mx01")));
    Map<String, AttributeValue> reordered = new LinkedHashMap<>();
    List.of("tags", "setBy", "end", "windowId", "reason", "start", "scope")
        .forEach(name -> reordered.put(name, item.get(name)));
    reordered.put("tags", AttributeValue.fromSs(List.of("mx01", "patching")));

    assertThat(WindowItem.fingerprint(reordered)).isEqualTo(WindowItem.fingerprint(item));
    assertThat(WindowItem.fingerprint(item)).matches("window-item:[0-9a-f]{32}");
  }

  @Test
  void fingerprint_changesWithAnyAttribute_keyIncluded() {
    Map<String, AttributeValue> edited = item();
    edited.put("reason", AttributeValue.fromS("monthly patches, again"));
    Map<String, AttributeValue> renamed = item();
    renamed.put("windowId", AttributeValue.fromS("mx01-patching-2"));
    Map<String, AttributeValue> retyped = item();
    retyped.put("reason", AttributeValue.fromSs(List.of("monthly patches")));

    assertThat(List.of(edited, renamed, retyped))
        .extracting(WindowItem::fingerprint)
        .doesNotContain(WindowItem.fingerprint(item()))
        .doesNotHaveDuplicates();
  }

  private static Arguments bad(String reason, Consumer<Map<String, AttributeValue>> damage) {
    return Arguments.of(reason, damage);
  }

  /** The item of the put-item example in docs/maintenance-windows.md. */
  private static Map<String, AttributeValue> item() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("windowId", AttributeValue.fromS("mx01-patching"));
    item.put("scope", AttributeValue.fromS("server:MX01"));
    item.put("start", AttributeValue.fromS("2026-12-01T22:00:00+01:00"));
    item.put("end", AttributeValue.fromS("2026-12-01T23:30:00+01:00"));
    item.put("reason", AttributeValue.fromS("monthly patches"));
    item.put("setBy", AttributeValue.fromS("ops@example.com"));
    return item;
  }
}
