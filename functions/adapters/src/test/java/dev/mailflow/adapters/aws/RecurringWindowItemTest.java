package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing recurring window items, without a table. */
class RecurringWindowItemTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  @Test
  void item_ofASeries_isTheDocumentedItem_andReadsBackAsTheSameSeries() {
    RecurringWindow series =
        new RecurringWindow(
            "mx01-patch-night",
            MaintenanceScope.server("MX01"),
            Recurrence.of(
                "FREQ=MONTHLY;BYDAY=2TU",
                STOCKHOLM,
                LocalDateTime.parse("2026-12-08T22:00"),
                Duration.ofHours(4)),
            new TreeSet<>(List.of(LocalDate.parse("2027-01-12"))),
            new TreeMap<>(
                Map.of(LocalDate.parse("2027-02-09"), LocalDateTime.parse("2027-02-10T22:00"))),
            "monthly patches",
            "ops@example.com");

    Map<String, AttributeValue> item = WindowItem.item(series, OptionalLong.empty());

    assertThat(item)
        .containsEntry("windowId", AttributeValue.fromS("mx01-patch-night"))
        .containsEntry("every", AttributeValue.fromS("FREQ=MONTHLY;BYDAY=2TU"))
        .containsEntry("start", AttributeValue.fromS("2026-12-08T22:00:00+01:00"))
        .containsEntry("zone", AttributeValue.fromS("Europe/Stockholm"))
        .containsEntry("duration", AttributeValue.fromS("PT4H"))
        .containsEntry("skip", AttributeValue.fromSs(List.of("2027-01-12")))
        .containsEntry(
            "moved",
            AttributeValue.fromM(
                Map.of("2027-02-09", AttributeValue.fromS("2027-02-10T22:00:00+01:00"))))
        .doesNotContainKey("end");
    WindowItem.Reading reading = WindowItem.read(item);
    assertThat(reading.rejected()).isNull();
    assertThat(reading.window()).isNull();
    assertThat(reading.series()).isEqualTo(series);
  }

  @Test
  void read_ofAHandWrittenSeries_takesTheWallClockTimeOfItsStartInItsZone() {
    Map<String, AttributeValue> item = series();
    // Written in UTC: 21:00Z is 22:00 in Stockholm in December.
    item.put("start", AttributeValue.fromS("2026-12-08T21:00:00Z"));

    RecurringWindow series = WindowItem.read(item).series();

    assertThat(series.recurrence().firstStart()).isEqualTo(LocalDateTime.parse("2026-12-08T22:00"));
    assertThat(series.skipped()).isEmpty();
    assertThat(series.moved()).isEmpty();
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "every    | FREQ=SOMETIMES      | every: 'FREQ=SOMETIMES' is not an RFC 5545 recurrence rule",
        "every    | FREQ=HOURLY         | repeats more than once a day",
        "every    | FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 | has no occurrence",
        "zone     | Europe/Stockholmm   | zone: 'Europe/Stockholmm' is not a time zone",
        "duration | 4h                  | duration '4h' is not an ISO-8601 duration",
        "duration | PT0S                | duration 'PT0S' must be longer than 0",
        "duration | -PT1H               | duration '-PT1H' must be longer than 0",
        "duration | P8D                 | each occurrence lasts 8d, longer than the longest allowed, 7d",
        "start    | 2026-12-08T22:00:00 | start '2026-12-08T22:00:00' has no UTC offset",
        "end      | 2026-12-09T02:00:00+01:00 | end does not belong on a recurring window",
      })
  void read_ofABadSeries_rejectsItSayingWhy(String attribute, String value, String reason) {
    Map<String, AttributeValue> item = series();
    item.put(attribute, AttributeValue.fromS(value));

    WindowItem.Reading reading = WindowItem.read(item);

    assertThat(reading.series()).isNull();
    assertThat(reading.window()).isNull();
    assertThat(reading.rejected().key()).isEqualTo("mx01-patch-night");
    assertThat(reading.rejected().reason()).contains(reason);
  }

  @Test
  void read_ofBadSkipsAndMoves_rejectsTheSeriesNamingThem() {
    Map<String, AttributeValue> item = series();
    item.put("skip", AttributeValue.fromSs(List.of("2027-13-01")));
    item.put("moved", AttributeValue.fromM(Map.of("2027-02-09", AttributeValue.fromS("soon"))));

    WindowItem.Reading reading = WindowItem.read(item);

    assertThat(reading.rejected().reason())
        .contains("skip '2027-13-01' is not an occurrence's date")
        .contains("moved.2027-02-09 'soon' is not an ISO-8601 time");
  }

  @Test
  void read_ofAMissingZoneAndDuration_namesBoth() {
    Map<String, AttributeValue> item = series();
    item.remove("zone");
    item.remove("duration");

    assertThat(WindowItem.read(item).rejected().reason())
        .contains("zone is missing")
        .contains("duration is missing");
  }

  private static Map<String, AttributeValue> series() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("windowId", AttributeValue.fromS("mx01-patch-night"));
    item.put("scope", AttributeValue.fromS("server:MX01"));
    item.put("every", AttributeValue.fromS("FREQ=MONTHLY;BYDAY=2TU"));
    item.put("start", AttributeValue.fromS("2026-12-08T22:00:00+01:00"));
    item.put("zone", AttributeValue.fromS("Europe/Stockholm"));
    item.put("duration", AttributeValue.fromS("PT4H"));
    item.put("reason", AttributeValue.fromS("monthly patches"));
    item.put("setBy", AttributeValue.fromS("ops@example.com"));
    return item;
  }
}
