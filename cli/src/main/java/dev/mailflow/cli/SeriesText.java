package dev.mailflow.cli;

import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A recurring maintenance window as the maintenance commands print it, for people and in JSON. */
final class SeriesText {

  /** How far ahead the commands look for a series' next occurrences. */
  static final Duration HORIZON = Duration.ofDays(400);

  /** How many next occurrences a command shows unless asked for more. */
  static final int NEXT = 3;

  private static final DateTimeFormatter CLOCK_TIME =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private SeriesText() {}

  /**
   * The occurrences of {@code series} in force at {@code now} or after it, at most {@code count}.
   */
  static List<Occurrence> next(RecurringWindow series, Instant now, int count) {
    return series.occurrencesBetween(now, now.plus(HORIZON), count);
  }

  /** The series' JSON fields, named as the table item's attributes, and its next occurrences. */
  static Map<String, Object> json(RecurringWindow series, List<Occurrence> next, Instant now) {
    Recurrence recurrence = series.recurrence();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("windowId", series.id());
    json.put("scope", series.scope().toString());
    json.put("every", recurrence.rule());
    json.put("zone", recurrence.zone().getId());
    json.put("start", wallClock(recurrence.firstStart()));
    json.put("duration", recurrence.length().toString());
    json.put("skip", series.skipped().stream().map(LocalDate::toString).toList());
    Map<String, Object> moved = new LinkedHashMap<>();
    series.moved().forEach((date, start) -> moved.put(date.toString(), wallClock(start)));
    json.put("moved", moved);
    json.put("reason", series.reason());
    json.put("setBy", series.setBy());
    json.put("state", "recurring");
    List<Map<String, Object>> occurrences = new ArrayList<>();
    for (Occurrence occurrence : next) {
      occurrences.add(json(series, occurrence, now));
    }
    json.put("next", occurrences);
    return json;
  }

  /** One occurrence as a window, with the series and the date it is named by. */
  static Map<String, Object> json(RecurringWindow series, Occurrence occurrence, Instant now) {
    Map<String, Object> json =
        WindowText.json(occurrence.window(), java.util.OptionalLong.empty(), now);
    json.put("series", series.id());
    json.put("occurrence", occurrence.date().toString());
    json.put("moved", occurrence.moved());
    return json;
  }

  /** Several lines for people: the rule in words of the table, then the occurrences given. */
  static String text(
      RecurringWindow series, List<Occurrence> occurrences, Instant now, ZoneId zone) {
    Recurrence recurrence = series.recurrence();
    StringBuilder text =
        new StringBuilder()
            .append(series.id())
            .append("  ")
            .append(series.scope())
            .append("  recurring\n  every ")
            .append(recurrence.rule())
            .append(" at ")
            .append(recurrence.firstStart().format(CLOCK_TIME))
            .append(' ')
            .append(recurrence.zone().getId())
            .append(" for ")
            .append(Output.duration(recurrence.length()))
            .append(", from ")
            .append(recurrence.firstStart().toLocalDate())
            .append('\n');
    if (!series.skipped().isEmpty()) {
      text.append("  skipped: ")
          .append(String.join(", ", series.skipped().stream().map(LocalDate::toString).toList()))
          .append('\n');
    }
    series
        .moved()
        .forEach(
            (date, start) ->
                text.append("  moved: ")
                    .append(date)
                    .append(" to ")
                    .append(wallClock(start).replace('T', ' '))
                    .append('\n'));
    for (Occurrence occurrence : occurrences) {
      text.append("  ").append(occurrence(occurrence, now, zone)).append('\n');
    }
    if (occurrences.isEmpty()) {
      text.append("  no occurrence to come\n");
    }
    return text.append("  reason: ")
        .append(series.reason())
        .append("; set by ")
        .append(series.setBy())
        .append('\n')
        .toString();
  }

  /** One line for people: the occurrence's date, state, and both ends with their instants. */
  static String occurrence(Occurrence occurrence, Instant now, ZoneId zone) {
    return occurrence.date()
        + (occurrence.moved() ? " (moved)" : "")
        + "  "
        + WindowText.state(occurrence.window(), now)
        + "  "
        + TimeText.describe(occurrence.window().start(), zone)
        + " to "
        + TimeText.describe(occurrence.window().end(), zone);
  }

  private static String wallClock(LocalDateTime wallClock) {
    return wallClock.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
  }
}
