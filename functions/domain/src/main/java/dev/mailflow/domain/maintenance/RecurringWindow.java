package dev.mailflow.domain.maintenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A maintenance window that repeats, such as the monthly patch night: one item of the window table
 * that stands for every occurrence of its {@link Recurrence}.
 *
 * <p>An occurrence is named by the date it starts on, on the series' wall clock. One can be skipped
 * or moved without touching the rule: a skipped date has no window, a moved date's window starts at
 * its new wall-clock time instead, and lasts as long as the others. A skip or move of a date the
 * rule does not produce changes nothing. The evaluate function never sees a series, only the
 * concrete {@link MaintenanceWindow}s of {@link #occurrencesBetween} around the time it judges.
 *
 * @param id key of the series' item
 * @param scope what every occurrence covers
 * @param recurrence when the occurrences are
 * @param skipped the dates whose occurrence does not happen
 * @param moved the dates whose occurrence starts at another wall-clock time, and that time
 * @param reason why, as the operator wrote it
 * @param setBy who set it
 */
public record RecurringWindow(
    String id,
    MaintenanceScope scope,
    Recurrence recurrence,
    SortedSet<LocalDate> skipped,
    SortedMap<LocalDate, LocalDateTime> moved,
    String reason,
    String setBy) {

  /** Separates the series id from the occurrence's date in the id of an occurrence's window. */
  public static final String OCCURRENCE_SEPARATOR = "@";

  public RecurringWindow {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("maintenance window id is missing");
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(recurrence, "recurrence");
    skipped = Collections.unmodifiableSortedSet(new TreeSet<>(skipped));
    moved = Collections.unmodifiableSortedMap(new TreeMap<>(moved));
    reason = reason == null ? "" : reason;
    setBy = setBy == null ? "" : setBy;
  }

  /**
   * One occurrence as a concrete window.
   *
   * @param date the date it starts on by the rule, its name for a skip or a move
   * @param window its window, id {@code SERIES@DATE}
   * @param moved true when it was moved from the rule's time
   */
  public record Occurrence(LocalDate date, MaintenanceWindow window, boolean moved) {}

  /**
   * The occurrences whose window overlaps {@code [from, to)}, in order of start, at most {@code
   * limit}. Skipped ones are left out, moved ones are where they were moved to, and one wholly
   * inside an hour the clocks skip is left out, as it has no real instant.
   */
  public List<Occurrence> occurrencesBetween(Instant from, Instant to, int limit) {
    // The rule runs on the wall clock: widen the search by a day each way so that no offset, and
    // by the length so that no occurrence started before from but still running, is missed.
    LocalDateTime searchFrom = recurrence.wallClock(from).minus(recurrence.length()).minusDays(1);
    LocalDateTime searchTo = recurrence.wallClock(to).plusDays(1);
    List<Occurrence> occurrences = new ArrayList<>();
    for (LocalDateTime start :
        recurrence.starts(searchFrom, searchTo, Recurrence.MOST_CANDIDATES)) {
      LocalDate date = start.toLocalDate();
      if (!skipped.contains(date) && !moved.containsKey(date)) {
        occurrence(date, start, false, from, to).ifPresent(occurrences::add);
      }
    }
    for (Map.Entry<LocalDate, LocalDateTime> move : moved.entrySet()) {
      LocalDate date = move.getKey();
      if (!skipped.contains(date) && recurrence.startOn(date).isPresent()) {
        occurrence(date, move.getValue(), true, from, to).ifPresent(occurrences::add);
      }
    }
    occurrences.sort(
        Comparator.comparing((Occurrence occurrence) -> occurrence.window().start())
            .thenComparing(Occurrence::date));
    return occurrences.size() > limit ? List.copyOf(occurrences.subList(0, limit)) : occurrences;
  }

  /** The windows of {@link #occurrencesBetween}, every one of them. */
  public List<MaintenanceWindow> windowsBetween(Instant from, Instant to) {
    return occurrencesBetween(from, to, Integer.MAX_VALUE).stream()
        .map(Occurrence::window)
        .toList();
  }

  /** A stable name of the series as it is now: changes when any part of it changes. */
  public String fingerprint() {
    String described =
        String.join(
            "|",
            id,
            scope.toString(),
            recurrence.toString(),
            skipped.toString(),
            moved.toString(),
            reason,
            setBy);
    return "recurrence:" + id + ":" + Integer.toHexString(described.hashCode());
  }

  private Optional<Occurrence> occurrence(
      LocalDate date, LocalDateTime start, boolean wasMoved, Instant from, Instant to) {
    WallClockStretch stretch = recurrence.stretchFrom(start);
    if (stretch.isSkipped()) {
      return Optional.empty();
    }
    Instant first = stretch.firstInstant();
    Instant end = stretch.endInstant();
    if (!end.isAfter(from) || !first.isBefore(to)) {
      return Optional.empty();
    }
    return Optional.of(
        new Occurrence(
            date,
            new MaintenanceWindow(
                id + OCCURRENCE_SEPARATOR + date, scope, first, end, reason, setBy),
            wasMoved));
  }
}
