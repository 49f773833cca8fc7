package dev.mailflow.domain.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Expanding a series only around the time asked, as the evaluate function does, must give exactly
 * the occurrences that walking the rule from its first start gives: none lost at a jump, none
 * doubled at a seam, none lost or doubled on a night the clocks change.
 */
class RecurringWindowPropertyTest {

  private static final List<String> ZONES =
      List.of(
          "Europe/Stockholm",
          "America/New_York",
          "Australia/Sydney",
          "Australia/Lord_Howe",
          "America/Santiago",
          "UTC");

  private static final List<String> RULES =
      List.of(
          "FREQ=DAILY",
          "FREQ=DAILY;INTERVAL=3",
          "FREQ=WEEKLY;BYDAY=SU",
          "FREQ=WEEKLY;BYDAY=SA,SU",
          "FREQ=MONTHLY;BYDAY=2TU",
          "FREQ=MONTHLY;BYDAY=-1SU",
          "FREQ=MONTHLY;BYMONTHDAY=1,15",
          "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
          "FREQ=WEEKLY;COUNT=40",
          "FREQ=DAILY;UNTIL=20270101T000000Z");

  /** A series and a stretch of time to expand it over, cut in two somewhere. */
  record Case(RecurringWindow series, Instant from, Instant cut, Instant to) {}

  @Property(tries = 300)
  void expansionAroundATime_findsExactlyTheOccurrencesOfTheWholeRule(@ForAll("cases") Case c) {
    List<LocalDate> expanded =
        c.series().occurrencesBetween(c.from(), c.to(), Integer.MAX_VALUE).stream()
            .map(Occurrence::date)
            .toList();

    assertThat(expanded).doesNotHaveDuplicates().isEqualTo(walkedFromFirstStart(c, c.to()));
  }

  @Property(tries = 300)
  void expansionOfTwoAdjacentStretches_coversTheWholeStretchWithoutLossOrDouble(
      @ForAll("cases") Case c) {
    Set<LocalDate> whole = dates(c.series().occurrencesBetween(c.from(), c.to(), 10_000));
    Set<LocalDate> joined = new LinkedHashSet<>();
    joined.addAll(dates(c.series().occurrencesBetween(c.from(), c.cut(), 10_000)));
    joined.addAll(dates(c.series().occurrencesBetween(c.cut(), c.to(), 10_000)));

    assertThat(joined).containsExactlyInAnyOrderElementsOf(whole);
  }

  @Property(tries = 300)
  void everyOccurrence_lastsItsWallClockLengthGiveOrTakeOneClockChange(@ForAll("cases") Case c) {
    Duration length = c.series().recurrence().length();
    for (Occurrence occurrence : c.series().occurrencesBetween(c.from(), c.to(), 10_000)) {
      Duration real = Duration.between(occurrence.window().start(), occurrence.window().end());
      assertThat(real.minus(length).abs()).isLessThanOrEqualTo(Duration.ofHours(1));
      LocalDateTime wallClockStart =
          LocalDateTime.ofInstant(occurrence.window().start(), c.series().recurrence().zone());
      assertThat(wallClockStart.toLocalDate()).isEqualTo(occurrence.date());
    }
  }

  /** The occurrences overlapping [from, to), found by walking the rule from its first start. */
  private static List<LocalDate> walkedFromFirstStart(Case c, Instant to) {
    Recurrence recurrence = c.series().recurrence();
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDateTime start :
        recurrence.starts(recurrence.firstStart(), recurrence.wallClock(to).plusDays(2), 100_000)) {
      WallClockStretch stretch = recurrence.stretchFrom(start);
      if (!stretch.isSkipped()
          && stretch.endInstant().isAfter(c.from())
          && stretch.firstInstant().isBefore(to)) {
        dates.add(start.toLocalDate());
      }
    }
    return dates;
  }

  private static Set<LocalDate> dates(List<Occurrence> occurrences) {
    Set<LocalDate> dates = new LinkedHashSet<>();
    for (Occurrence occurrence : occurrences) {
      assertThat(dates.add(occurrence.date())).as("%s doubled", occurrence.date()).isTrue();
    }
    return dates;
  }

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<ZoneId> zone = Arbitraries.of(ZONES).map(ZoneId::of);
    Arbitrary<String> rule = Arbitraries.of(RULES);
    Arbitrary<LocalDateTime> firstStart =
        Combinators.combine(
                Arbitraries.longs().between(0, 3 * 365),
                Arbitraries.integers().between(0, 23),
                Arbitraries.of(0, 15, 30, 45))
            .as(
                (day, hour, minute) ->
                    LocalDate.parse("2024-01-01").plusDays(day).atTime(LocalTime.of(hour, minute)));
    Arbitrary<Duration> length =
        Arbitraries.of(15, 30, 60, 90, 120, 240, 600, 1440, 2880).map(Duration::ofMinutes);
    Arbitrary<Long> fromHours = Arbitraries.longs().between(0, 4 * 365 * 24);
    Arbitrary<Long> spanMinutes = Arbitraries.longs().between(1, 60 * 24 * 45);
    Arbitrary<Double> cutAt = Arbitraries.doubles().between(0, 1);
    return Combinators.combine(zone, rule, firstStart, length, fromHours, spanMinutes, cutAt)
        .as(
            (z, r, s, l, f, span, cut) -> {
              RecurringWindow series =
                  new RecurringWindow(
                      "series",
                      MaintenanceScope.all(),
                      Recurrence.of(r, z, s, l),
                      new TreeSet<>(),
                      new TreeMap<>(),
                      "",
                      "");
              Instant from = Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(f));
              Instant to = from.plus(Duration.ofMinutes(span));
              Instant middle = from.plus(Duration.ofMinutes((long) (span * cut)));
              return new Case(series, from, middle, to);
            });
  }
}
