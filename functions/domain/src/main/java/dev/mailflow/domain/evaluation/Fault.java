package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One fault behind the incidents of several routes: what it is blamed on and which routes it
 * affects. Each affected route's incident carries a copy, so the fault needs no table of its own:
 * the routes' states are where it is kept. Only the copy of the fault's first route lists its
 * routes ({@link #storedFor}); a fault over every one of 10,000 routes would otherwise store 10,000
 * copies of a 10,000-route list, and read them all back, at every change. Grouping puts the list
 * back together from the copies it loads.
 *
 * @param id stable id, such as {@code server-MX01-20260302T113000Z}; the incident id of its notices
 * @param suspect what it is blamed on
 * @param openedAt when it opened
 * @param lastNotifiedAt when the last notice about it was sent
 * @param severity the most urgent severity among its routes
 * @param reminders how many reminders have been sent
 * @param routes the ids of the routes it affects, in configuration order
 */
public record Fault(
    String id,
    Suspect suspect,
    Instant openedAt,
    Instant lastNotifiedAt,
    Severity severity,
    int reminders,
    List<String> routes) {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public Fault {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(suspect, "suspect");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(lastNotifiedAt, "lastNotifiedAt");
    Objects.requireNonNull(severity, "severity");
    routes = List.copyOf(routes);
  }

  /**
   * A new fault on {@code routes}, opened and notified at {@code now}. Its id is made of the
   * suspect and {@code firstBad}, when the first probe that went wrong was sent: two runs racing to
   * open it see the same probes, and name it alike however far apart they run.
   */
  static Fault open(
      Suspect suspect, Instant firstBad, Instant now, Severity severity, List<String> routes) {
    return new Fault(
        suspect.key() + "-" + ID_TIME.format(firstBad), suspect, now, now, severity, 0, routes);
  }

  /** The same fault with {@code routeId} among its routes and at least {@code seen} severity. */
  Fault joinedBy(String routeId, Severity seen) {
    List<String> all = new ArrayList<>(routes);
    if (!all.contains(routeId)) {
      all.add(routeId);
    }
    return new Fault(id, suspect, openedAt, lastNotifiedAt, severity.max(seen), reminders, all);
  }

  /**
   * The same fault with {@code more} routes among its routes, after its own, and at least {@code
   * seen} severity; this fault itself when that changes nothing.
   */
  Fault joinedByAll(List<String> more, Severity seen) {
    Severity severest = severity.max(seen);
    if (more.isEmpty() && severest == severity) {
      // The copies that list no routes: merging each of thousands costs nothing.
      return this;
    }
    Set<String> all = new LinkedHashSet<>(routes);
    if (!all.addAll(more) && severest == severity) {
      return this;
    }
    return new Fault(
        id, suspect, openedAt, lastNotifiedAt, severest, reminders, new ArrayList<>(all));
  }

  /**
   * The copy route {@code routeId}'s stored incident carries: this fault on its first route, the
   * same without its routes on every other, so that the list is stored once however many routes it
   * holds.
   */
  public Fault storedFor(String routeId) {
    if (routes.isEmpty() || routes.get(0).equals(routeId)) {
      return this;
    }
    return withoutRoutes();
  }

  /** The same fault without its list of routes. */
  Fault withoutRoutes() {
    return new Fault(id, suspect, openedAt, lastNotifiedAt, severity, reminders, List.of());
  }

  /** The same fault after a notice at {@code now}. */
  Fault reminded(Instant now) {
    return new Fault(id, suspect, openedAt, now, severity, reminders + 1, routes);
  }
}
