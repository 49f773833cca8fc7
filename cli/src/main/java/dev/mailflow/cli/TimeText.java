package dev.mailflow.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as operators type them: {@code now}, {@code 22:00}, {@code tomorrow 22:00}, {@code
 * 2026-12-01 22:00}, or ISO-8601 with an offset, {@code 2026-12-01T22:00:00+01:00}.
 *
 * <p>A time without an offset is read in a zone ({@code --zone}, else the local zone), and every
 * command echoes the instant it took, so a time read in the wrong zone shows at once. A bare {@code
 * 22:00} is the next 22:00 at or after the reference: for {@code --at} that is now, for {@code
 * --until} the window's start, so {@code --at 22:00 --until 02:00} is a night's window. A local
 * time the clocks skip (02:30 on the night summer time begins) moves forward by the gap.
 */
final class TimeText {

  static final String FORMS =
      "use now, 22:00, today 22:00, tomorrow 22:00, 2026-12-01 22:00 or"
          + " 2026-12-01T22:00:00+01:00";

  private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("H:mm");

  private TimeText() {}

  /**
   * Reads {@code text} as an instant.
   *
   * @param reference the instant a bare clock time is the next one after
   * @param zone where a time without an offset is read
   * @throws UsageException naming the text and the accepted forms
   */
  static Instant parse(String text, Instant reference, ZoneId zone) {
    String trimmed = text == null ? "" : text.trim().replaceAll("\\s+", " ");
    String lower = trimmed.toLowerCase(Locale.ROOT);
    try {
      if (lower.equals("now")) {
        return reference;
      }
      if (lower.startsWith("today ")) {
        return onDay(LocalDate.ofInstant(reference, zone), trimmed.substring(6), zone);
      }
      if (lower.startsWith("tomorrow ")) {
        return onDay(LocalDate.ofInstant(reference, zone).plusDays(1), trimmed.substring(9), zone);
      }
      if (trimmed.matches("\\d{1,2}:\\d{2}")) {
        ZonedDateTime today =
            ZonedDateTime.of(
                LocalDate.ofInstant(reference, zone), LocalTime.parse(trimmed, CLOCK_TIME), zone);
        return today.toInstant().isBefore(reference)
            ? today.plusDays(1).toInstant()
            : today.toInstant();
      }
      if (hasOffset(trimmed)) {
        return OffsetDateTime.parse(
                trimmed.replace(' ', 'T'), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            .toInstant();
      }
      return LocalDateTime.parse(trimmed.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .atZone(zone)
          .toInstant();
    } catch (DateTimeException e) {
      throw new UsageException("'" + text + "' is not a time: " + FORMS);
    }
  }

  private static Instant onDay(LocalDate day, String clockTime, ZoneId zone) {
    return ZonedDateTime.of(day, LocalTime.parse(clockTime.trim(), CLOCK_TIME), zone).toInstant();
  }

  /** An offset follows the time: Z, or a sign after the date's own hyphens. */
  private static boolean hasOffset(String text) {
    int time = text.indexOf(':');
    if (time < 0) {
      return false;
    }
    String afterHour = text.substring(time);
    return afterHour.endsWith("Z")
        || afterHour.endsWith("z")
        || afterHour.contains("+")
        || afterHour.contains("-");
  }

  /** {@code instant} for people: in {@code zone} with its offset, then in UTC. */
  static String describe(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    return local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx", Locale.ROOT))
        + " ("
        + DateTimeFormatter.ISO_INSTANT.format(instant)
        + ")";
  }
}
