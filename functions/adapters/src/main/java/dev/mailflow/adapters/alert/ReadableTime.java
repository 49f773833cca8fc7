package dev.mailflow.adapters.alert;

import dev.mailflow.domain.evaluation.Wording;
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

  /** "48m 46s": the domain's wording, so notices and alert texts agree. */
  static String duration(Duration value) {
    return Wording.duration(value);
  }
}
