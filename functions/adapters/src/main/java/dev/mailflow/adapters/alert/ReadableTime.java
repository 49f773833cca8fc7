package dev.mailflow.adapters.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Instants and durations as people read them in alerts: "48m 46s" rather than 2926000 ms, ISO-8601
 * UTC for instants. The domain's notice texts write durations the same way.
 */
final class ReadableTime {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReadableTime() {}

  /** "2006-07-28T11:07:47Z": ISO-8601 in UTC, the form every log and tool accepts. */
  static String instant(Instant value) {
    return value == null ? "-" : value.toString();
  }

  /** "2006-07-28T11:07:47Z (2006-07-28 13:07:47 Europe/Stockholm)", or UTC only without a zone. */
  static String instant(Instant value, ZoneId alsoIn) {
    if (value == null || alsoIn == null) {
      return instant(value);
    }
    return instant(value) + " (" + LOCAL.format(value.atZone(alsoIn)) + " " + alsoIn.getId() + ")";
  }

  /**
   * "48m 46s", "2h", "250ms"; parts that are zero are left out, and milliseconds shown only below
   * one second.
   */
  static String duration(Duration value) {
    if (value == null) {
      return "-";
    }
    long seconds = value.getSeconds();
    if (value.isNegative() && value.getNano() > 0) {
      // Duration keeps nanos positive: -0.5 s is -1 s + 500 ms. Round towards zero.
      seconds++;
    }
    if (seconds == 0) {
      return value.toMillis() == 0 ? "0s" : value.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder(seconds < 0 ? "-" : "");
    seconds = Math.abs(seconds);
    appendPart(text, seconds / 86_400, "d");
    appendPart(text, seconds % 86_400 / 3600, "h");
    appendPart(text, seconds % 3600 / 60, "m");
    appendPart(text, seconds % 60, "s");
    return text.toString();
  }

  private static void appendPart(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      if (text.length() > 0 && text.charAt(text.length() - 1) != '-') {
        text.append(' ');
      }
      text.append(amount).append(unit);
    }
  }
}
