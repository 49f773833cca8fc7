package dev.mailflow.domain.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurringWindowTest {
  private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @ParameterizedTest(name = "{0} {1} {2}-{3}: {4} to {5}")
  @CsvSource({
    // Stockholm: clocks go back from 03:00 CEST to 02:00 CET on 25 October 2026.
    "Europe/Stockholm, 2026-10-25, 02:00, 04:00, 2026-10-25T00:00:00Z, 2026-10-25T03:00:00Z",
    "Europe/Stockholm, 2026-10-18, 02:00, 04:00, 2026-10-18T00:00:00Z, 2026-10-18T02:00:00Z",
    "Europe/Stockholm, 2026-11-01, 02:00, 04:00, 2026-11-01T01:00:00Z, 2026-11-01T03:00:00Z",
    "Europe/Stockholm, 2026-10-25, 02:30, 02:45, 2026-10-25T00:30:00Z, 2026-10-25T01:45:00Z",
    // Stockholm: clocks jump from 02:00 CET to 03:00 CEST on 29 March 2026.
    "Europe/Stockholm, 2026-03-29, 02:00, 04:00, 2026-03-29T01:00:00Z, 2026-03-29T02:00:00Z",
    "Europe/Stockholm, 2026-03-29, 01:30, 02:30, 2026-03-29T00:30:00Z, 2026-03-29T01:00:00Z",
    "Europe/Stockholm, 2026-03-29, 02:30, 03:30, 2026-03-29T01:00:00Z, 2026-03-29T01:30:00Z",
    // New York: clocks jump from 02:00 EST to 03:00 EDT on 8 March 2026.
    "America/New_York, 2026-03-08, 01:30, 03:30, 2026-03-08T06:30:00Z, 2026-03-08T07:30:00Z",
    "America/New_York, 2026-03-08, 02:00, 04:00, 2026-03-08T07:00:00Z, 2026-03-08T08:00:00Z",
    // New York: clocks go back from 02:00 EDT to 01:00 EST on 1 November 2026.
    "America/New_York, 2026-11-01, 01:00, 03:00, 2026-11-01T05:00:00Z, 2026-11-01T08:00:00Z",
    "America/New_York, 2026-11-01, 00:30, 01:30, 2026-11-01T04:30:00Z, 2026-11-01T06:30:00Z",
    "America/New_York, 2026-11-01, 01:30, 04:00, 2026-11-01T05:30:00Z, 2026-11-01T09:00:00Z",
  })
  void occurrence_onTheNightClocksChange_coversTheWholeWallClockStretch(
      String zone,
      LocalDate day,
      String from,
      String to,
      Instant expectedStart,
      Instant expectedEnd) {
    LocalDateTime start = day.atTime(java.time.LocalTime.parse(from));
    Duration length =
        Duration.between(java.time.LocalTime.parse(from), java.time.LocalTime.parse(to));
    RecurringWindow weekly =
        series(Recurrence.of("FREQ=WEEKLY", ZoneId.of(zone), start.minusWeeks(3), length));

    List<Occurrence> occurrences =
        weekly.occurrencesBetween(
            day.atStartOfDay(ZoneId.of(zone)).toInstant(),
            day.plusDays(1).atStartOfDay(ZoneId.of(zone)).toInstant(),
            10);

    assertThat(occurrences).singleElement();
    MaintenanceWindow window = occurrences.get(0).window();
    assertThat(window.start()).isEqualTo(expectedStart);
    assertThat(window.end()).isEqualTo(expectedEnd);
    assertThat(window.id()).isEqualTo("patch-night@" + day);
    assertThat(occurrences.get(0).date()).isEqualTo(day);
  }

  @Test
  void occurrence_whollyInsideTheSkippedHour_doesNotHappenThatNight() {
    RecurringWindow weekly =
        series(
            Recurrence.of(
                "FREQ=WEEKLY;BYDAY=SU",
                STOCKHOLM,
                LocalDateTime.parse("2026-03-01T02:15"),
                Duration.ofMinutes(30)));

    List<Occurrence> occurrences =
        weekly.occurrencesBetween(
            Instant.parse("2026-03-21T00:00:00Z"), Instant.parse("2026-04-06T00:00:00Z"), 10);

    assertThat(occurrences)
        .extracting(Occurrence::date)
        .containsExactly(LocalDate.parse("2026-03-22"), LocalDate.parse("2026-04-05"));
  }

  @Test
  void monthlyPatchNight_secondTuesdayAt22ForFourHours_crossesMidnight() {
    RecurringWindow patchNight = series(secondTuesdays());

    List<Occurrence> occurrences =
        patchNight.occurrencesBetween(
            Instant.parse("2026-09-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), 10);

    assertThat(occurrences)
        .extracting(occurrence -> occurrence.window().start() + "/" + occurrence.window().end())
        .containsExactly(
            "2026-09-08T20:00:00Z/2026-09-09T00:00:00Z",
            "2026-10-13T20:00:00Z/2026-10-14T00:00:00Z",
            "2026-11-10T21:00:00Z/2026-11-11T01:00:00Z",
            "2026-12-08T21:00:00Z/2026-12-09T01:00:00Z");
  }

  @Test
  void occurrencesBetween_includesAnOccurrenceThatStartedBeforeAndStillRuns() {
    RecurringWindow patchNight = series(secondTuesdays());

    List<MaintenanceWindow> windows =
        patchNight.windowsBetween(
            Instant.parse("2026-12-09T00:30:00Z"), Instant.parse("2026-12-09T00:31:00Z"));

    assertThat(windows).extracting(MaintenanceWindow::id).containsExactly("patch-night@2026-12-08");
  }

  @Test
  void skippedAndMovedOccurrences_changeOnlyThoseDates() {
    Recurrence monthly = secondTuesdays();
    RecurringWindow patchNight =
        new RecurringWindow(
            "patch-night",
            MaintenanceScope.server("MX01"),
            monthly,
            new TreeSet<>(Set.of(LocalDate.parse("2026-11-10"))),
            new TreeMap<>(
                Map.of(LocalDate.parse("2026-12-08"), LocalDateTime.parse("2026-12-09T23:00"))),
            "monthly patches",
            "ops@contoso.se");

    List<Occurrence> occurrences =
        patchNight.occurrencesBetween(
            Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2027-01-31T00:00:00Z"), 10);

    assertThat(occurrences)
        .extracting(
            occurrence ->
                occurrence.date() + " " + occurrence.window().start() + " " + occurrence.moved())
        .containsExactly(
            "2026-10-13 2026-10-13T20:00:00Z false",
            "2026-12-08 2026-12-09T22:00:00Z true",
            "2027-01-12 2027-01-12T21:00:00Z false");
  }

  @Test
  void movedDateTheRuleDoesNotProduce_changesNothing() {
    RecurringWindow patchNight =
        new RecurringWindow(
            "patch-night",
            MaintenanceScope.all(),
            secondTuesdays(),
            new TreeSet<>(),
            new TreeMap<>(
                Map.of(LocalDate.parse("2026-12-01"), LocalDateTime.parse("2026-12-02T22:00"))),
            "",
            "");

    assertThat(
            patchNight.windowsBetween(
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z")))
        .isEmpty();
  }

  @Test
  void untilInUtc_isReadAsTheWallClockTimeItMeans() {
    Recurrence daily =
        Recurrence.of(
            "FREQ=DAILY;UNTIL=20261203T210000Z",
            STOCKHOLM,
            LocalDateTime.parse("2026-12-01T22:00"),
            Duration.ofHours(1));

    assertThat(
            daily.starts(
                LocalDateTime.parse("2026-12-01T00:00"),
                LocalDateTime.parse("2027-01-01T00:00"),
                10))
        .containsExactly(
            LocalDateTime.parse("2026-12-01T22:00"),
            LocalDateTime.parse("2026-12-02T22:00"),
            LocalDateTime.parse("2026-12-03T22:00"));
  }

  @Test
  void firstStart_isAnOccurrenceOnlyWhenTheRuleMatchesIt() {
    Recurrence secondTuesdays =
        Recurrence.of(
            "RRULE:FREQ=MONTHLY;BYDAY=2TU",
            STOCKHOLM,
            LocalDateTime.parse("2026-12-04T22:00"),
            Duration.ofHours(4));

    assertThat(secondTuesdays.firstOccurrence()).contains(LocalDateTime.parse("2026-12-08T22:00"));
    assertThat(secondTuesdays.rule()).isEqualTo("FREQ=MONTHLY;BYDAY=2TU");
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "FREQ=SOMETIMES | PT1H | is not an RFC 5545 recurrence rule",
        "BYDAY=2TU | PT1H | is not an RFC 5545 recurrence rule",
        "'' | PT1H | the recurrence rule is missing",
        "FREQ=HOURLY | PT1H | repeats more than once a day",
        "FREQ=DAILY;BYHOUR=1,2 | PT1H | sets the time of day with BYHOUR",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30 | PT1H | has no occurrence",
        "FREQ=DAILY;UNTIL=20200101T000000Z | PT1H | has no occurrence",
        "FREQ=DAILY | PT0S | must last longer than 0",
        "FREQ=DAILY | -PT1H | must last longer than 0",
      })
  void of_refusesWhatCannotBeASeries_sayingWhy(String rule, Duration length, String message) {
    assertThatThrownBy(
            () -> Recurrence.of(rule, STOCKHOLM, LocalDateTime.parse("2026-12-01T22:00"), length))
        .isInstanceOf(InvalidRecurrenceException.class)
        .hasMessageContaining(message);
  }

  @Test
  void zone_refusesAnUnknownZone_sayingWhatToGive() {
    assertThatThrownBy(() -> Recurrence.zone("Europe/Stockholmm"))
        .isInstanceOf(InvalidRecurrenceException.class)
        .hasMessageContaining("'Europe/Stockholmm' is not a time zone")
        .hasMessageContaining("Europe/Stockholm");
    assertThat(Recurrence.zone(" America/New_York ")).isEqualTo(NEW_YORK);
  }

  @Test
  void expandedBetween_turnsSeriesIntoWindowsBesideTheOneOffOnes() {
    MaintenanceWindow oneOff =
        new MaintenanceWindow(
            "mx02-once",
            MaintenanceScope.server("MX02"),
            Instant.parse("2026-12-08T12:00:00Z"),
            Instant.parse("2026-12-08T13:00:00Z"),
            "",
            "");
    RecurringWindow patchNight = series(secondTuesdays());
    WindowLoad load = new WindowLoad(List.of(oneOff), List.of(patchNight), List.of());

    WindowLoad expanded =
        load.expandedBetween(
            Instant.parse("2026-12-08T10:00:00Z"), Instant.parse("2026-12-09T10:00:00Z"));

    assertThat(expanded.windows())
        .extracting(MaintenanceWindow::id)
        .containsExactly("mx02-once", "patch-night@2026-12-08");
    assertThat(expanded.series()).isEmpty();
    assertThat(expanded.rejected()).isEmpty();
  }

  /** The monthly patch night: second Tuesdays 22:00-02:00 in Stockholm, from September 2026. */
  private static Recurrence secondTuesdays() {
    return Recurrence.of(
        "FREQ=MONTHLY;BYDAY=2TU",
        STOCKHOLM,
        LocalDateTime.parse("2026-09-01T22:00"),
        Duration.ofHours(4));
  }

  private static RecurringWindow series(Recurrence recurrence) {
    return new RecurringWindow(
        "patch-night",
        MaintenanceScope.server("MX01"),
        recurrence,
        new TreeSet<>(),
        new TreeMap<>(),
        "monthly patches",
        "ops@contoso.se");
  }
}
