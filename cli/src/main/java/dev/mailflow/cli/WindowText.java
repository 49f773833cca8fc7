package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/** A maintenance window as the maintenance commands print it, for people and in JSON. */
final class WindowText {

  private WindowText() {}

  /** Where a window stands at {@code now}: upcoming, active or ended. */
  static String state(MaintenanceWindow window, Instant now) {
    if (now.isBefore(window.start())) {
      return "upcoming";
    }
    return window.contains(now) ? "active" : "ended";
  }

  /** The window's JSON fields, named as the table item's attributes. */
  static Map<String, Object> json(MaintenanceWindow window, OptionalLong expiresAt, Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("windowId", window.id());
    json.put("scope", window.scope().toString());
    json.put("start", Output.instant(window.start()));
    json.put("end", Output.instant(window.end()));
    json.put("reason", window.reason());
    json.put("setBy", window.setBy());
    if (expiresAt.isPresent()) {
      json.put("expiresAt", expiresAt.getAsLong());
    }
    json.put("state", state(window, now));
    return json;
  }

  static Map<String, Object> json(StoredWindow stored, Instant now) {
    if (stored.series() != null) {
      return SeriesText.json(
          stored.series(), SeriesText.next(stored.series(), now, SeriesText.NEXT), now);
    }
    if (stored.window() == null) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("windowId", stored.id());
      json.put("state", "invalid");
      json.put("fault", stored.fault());
      return json;
    }
    return json(stored.window(), stored.expiresAt(), now);
  }

  /** Several lines for people: id, scope, state, both ends with their instants, reason. */
  static String text(MaintenanceWindow window, Instant now, ZoneId zone) {
    Duration length = Duration.between(window.start(), window.end());
    return window.id()
        + "  "
        + window.scope()
        + "  "
        + state(window, now)
        + "\n  from "
        + TimeText.describe(window.start(), zone)
        + "\n  to   "
        + TimeText.describe(window.end(), zone)
        + "  ("
        + Output.duration(length)
        + ")\n  reason: "
        + window.reason()
        + "; set by "
        + window.setBy()
        + "\n";
  }

  /** The stored item for people: a window, a series with its next occurrences, or invalid. */
  static String text(StoredWindow stored, Instant now, ZoneId zone) {
    if (stored.series() != null) {
      return SeriesText.text(
          stored.series(), SeriesText.next(stored.series(), now, SeriesText.NEXT), now, zone);
    }
    if (stored.window() == null) {
      return invalid(stored.id(), stored.fault());
    }
    return text(stored.window(), now, zone);
  }

  /** An item that is not a window, for people. */
  static String invalid(String id, String fault) {
    return id + "  invalid: " + fault + "\n";
  }
}
