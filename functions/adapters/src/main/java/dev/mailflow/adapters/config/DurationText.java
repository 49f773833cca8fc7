package dev.mailflow.adapters.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people write them in configuration: {@code 90s}, {@code 5m}, {@code 1h30m}. */
public final class DurationText {
  /**
   * The longest duration any setting takes. Bounding every duration where it is read means no later
   * sum of an instant and a duration (a window's end and its grace, a reminder's due time) can
   * overflow, however the values are combined: a value beyond it is a typing mistake.
   */
  public static final Duration LONGEST = Duration.ofDays(3660);

  private DurationText() {}

  /**
   * Reads {@code 250ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code 1d}, combinations such as
   * {@code 1h30m}, or ISO-8601 such as {@code PT5M}.
   *
   * @throws IllegalArgumentException saying which forms are accepted, or that the duration is
   *     negative or longer than {@link #LONGEST}
   */
  public static Duration parse(String text) {
    Duration duration;
    try {
      duration = read(text);
    } catch (ArithmeticException | DateTimeException e) {
      throw tooLong(text);
    }
    if (duration.isNegative()) {
      throw refused(text);
    }
    if (duration.compareTo(LONGEST) > 0) {
      throw tooLong(text);
    }
    return duration;
  }

  private static Duration read(String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw refused(text);
      }
    }
    Duration total = Duration.ZERO;
    int i = 0;
    if (trimmed.isEmpty()) {
      throw refused(text);
    }
    while (i < trimmed.length()) {
      int start = i;
      while (i < trimmed.length() && Character.isDigit(trimmed.charAt(i))) {
        i++;
      }
      if (start == i || i - start > 9) {
        throw refused(text);
      }
      long amount = Long.parseLong(trimmed.substring(start, i));
      int unitStart = i;
      while (i < trimmed.length() && Character.isLetter(trimmed.charAt(i))) {
        i++;
      }
      String unit = trimmed.substring(unitStart, i).toLowerCase(Locale.ROOT);
      switch (unit) {
        case "ms":
          total = total.plusMillis(amount);
          break;
        case "s":
          total = total.plusSeconds(amount);
          break;
        case "m":
          total = total.plusMinutes(amount);
          break;
        case "h":
          total = total.plusHours(amount);
          break;
        case "d":
          total = total.plusDays(amount);
          break;
        default:
          throw refused(text);
      }
    }
    return total;
  }

  private static IllegalArgumentException tooLong(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is longer than " + LONGEST.toDays() + "d, the longest any setting takes");
  }

  private static IllegalArgumentException refused(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a duration: write it as 90s, 5m, 1h30m, 1d or PT5M");
  }
}
