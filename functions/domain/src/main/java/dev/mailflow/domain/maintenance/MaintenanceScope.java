package dev.mailflow.domain.maintenance;

import dev.mailflow.domain.route.Identifier;
import dev.mailflow.domain.route.Route;
import java.util.Objects;

/**
 * What a maintenance window covers: one server, one route, or everything.
 *
 * <p>Written as {@code server:MX01}, {@code route:MX02-to-MX01} or {@code all} in the window table,
 * which is the form {@link #parse} reads and {@link #toString} writes.
 *
 * @param kind which of the three
 * @param id the server or route id; empty for {@link Kind#ALL}
 */
public record MaintenanceScope(Kind kind, String id) {

  /** The three sizes of scope. */
  public enum Kind {
    SERVER,
    ROUTE,
    ALL
  }

  public MaintenanceScope {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.ALL) {
      id = "";
    } else {
      Identifier.require(kind.name().toLowerCase(java.util.Locale.ROOT) + " id in scope", id);
    }
  }

  public static MaintenanceScope server(String serverId) {
    return new MaintenanceScope(Kind.SERVER, serverId);
  }

  public static MaintenanceScope route(String routeId) {
    return new MaintenanceScope(Kind.ROUTE, routeId);
  }

  public static MaintenanceScope all() {
    return new MaintenanceScope(Kind.ALL, "");
  }

  /**
   * Reads {@code server:ID}, {@code route:ID} or {@code all}.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static MaintenanceScope parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("scope is missing: use server:ID, route:ID or all");
    }
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("all")) {
      return all();
    }
    int colon = trimmed.indexOf(':');
    if (colon > 0) {
      String kind = trimmed.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      String id = trimmed.substring(colon + 1);
      if (kind.equals("server")) {
        return server(id);
      }
      if (kind.equals("route")) {
        return route(id);
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + text + "': use server:ID, route:ID or all");
  }

  /** True when this scope covers the route: its source, its target, the route itself, or all. */
  public boolean covers(Route route) {
    switch (kind) {
      case ALL:
        return true;
      case ROUTE:
        return route.id().equals(id);
      case SERVER:
        return route.touches(id);
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.ALL ? "all" : kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
