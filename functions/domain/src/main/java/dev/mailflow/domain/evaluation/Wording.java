package dev.mailflow.domain.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How instants and durations are written for people: in UTC, to the second. Notices, alert texts
 * and reports all use it, so a duration reads the same wherever it appears.
 */
public final class Wording {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Wording() {}

  /** "2006-07-28 11:07:47Z". */
  public static String instant(Instant value) {
    return INSTANT.format(value);
  }

  /**
   * "2926 s" reads badly in an alert; "48m 46s" does not. Zero parts are left out ("2h"), and
   * milliseconds are shown only below one second ("250ms").
   */
  public static String duration(Duration value) {
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
