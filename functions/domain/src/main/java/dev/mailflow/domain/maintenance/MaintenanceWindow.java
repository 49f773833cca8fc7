package dev.mailflow.domain.maintenance;

import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Planned maintenance: a time range on a scope, with the reason and who set it.
 *
 * <p>The window is half-open, {@code [start, end)}. A route's policy adds a grace period after the
 * end, because a server back from maintenance first drains the mail queued for and on it.
 *
 * @param id key of the window item, for logs and for the people who set it
 * @param scope what it covers
 * @param start first instant covered
 * @param end first instant no longer covered; after {@code start}
 * @param reason why, as the operator wrote it
 * @param setBy who set it
 */
public record MaintenanceWindow(
    String id, MaintenanceScope scope, Instant start, Instant end, String reason, String setBy) {
  public MaintenanceWindow {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("maintenance window id is missing");
    }
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "maintenance window " + id + ": end " + end + " is not after start " + start);
    }
    reason = reason == null ? "" : reason;
    setBy = setBy == null ? "" : setBy;
  }

  /** The first instant the window no longer applies to a route with this grace. */
  public Instant endWithGrace(Duration grace) {
    return end.plus(grace);
  }

  /** True when the window covers the route at all. */
  public boolean covers(Route route) {
    return scope.covers(route);
  }

  /**
   * True when the window, extended by {@code grace}, covers the route at some instant of the closed
   * interval {@code [from, to]}: the flight of a probe.
   */
  public boolean overlaps(Route route, Instant from, Instant to, Duration grace) {
    return covers(route) && !to.isBefore(start) && from.isBefore(endWithGrace(grace));
  }

  /** True when the window, extended by {@code grace}, covers the route at {@code instant}. */
  public boolean isActive(Route route, Instant instant, Duration grace) {
    return overlaps(route, instant, instant, grace);
  }

  /** True when {@code instant} lies inside the window proper, grace not included. */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
