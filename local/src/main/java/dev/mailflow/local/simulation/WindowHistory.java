package dev.mailflow.local.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A maintenance window as operators set it during a run: when it was put, its extent then and at
 * the end, and whether it was deleted.
 *
 * @param id the window id
 * @param scope its scope: server:ID, route:ID or all
 * @param reason why it was set
 * @param putAt when the item was put
 * @param start its start
 * @param firstEnd its end when it was put
 * @param end its end at the end of the run, or when it was deleted
 * @param endChanges when its end was set, and to what, in order
 * @param deletedAt when it was deleted, if it was
 */
public record WindowHistory(
    String id,
    String scope,
    String reason,
    Instant putAt,
    Instant start,
    Instant firstEnd,
    Instant end,
    List<EndChange> endChanges,
    Optional<Instant> deletedAt) {
  public WindowHistory {
    endChanges = List.copyOf(endChanges);
  }

  /** One update of a window's end. */
  public record EndChange(Instant at, Instant end) {}

  /** True when the window covers {@code routeSource}, {@code routeTarget} or the route itself. */
  public boolean covers(String routeId, String source, String target) {
    return scope.equals("all")
        || scope.equals("server:" + source)
        || scope.equals("server:" + target)
        || scope.equals("route:" + routeId);
  }

  /** Collects a window's history during a run. */
  static final class Builder {
    private final String id;
    private final String scope;
    private final String reason;
    private final Instant putAt;
    private final Instant start;
    private final Instant firstEnd;
    private Instant end;
    private final List<EndChange> endChanges = new ArrayList<>();
    private Instant deletedAt;
    private boolean openAnnounced;
    private boolean closeAnnounced;

    Builder(String id, String scope, String reason, Instant putAt, Instant start, Instant end) {
      this.id = id;
      this.scope = scope;
      this.reason = reason;
      this.putAt = putAt;
      this.start = start;
      this.firstEnd = end;
      this.end = end;
    }

    String id() {
      return id;
    }

    String scope() {
      return scope;
    }

    Instant start() {
      return start;
    }

    Instant end() {
      return end;
    }

    void endSet(Instant at, Instant newEnd) {
      end = newEnd;
      endChanges.add(new EndChange(at, newEnd));
      if (newEnd.isAfter(at)) {
        closeAnnounced = false;
      }
    }

    void deleted(Instant at) {
      deletedAt = at;
    }

    boolean isDeleted() {
      return deletedAt != null;
    }

    boolean openAnnounced() {
      return openAnnounced;
    }

    void announceOpen() {
      openAnnounced = true;
    }

    boolean closeAnnounced() {
      return closeAnnounced;
    }

    void announceClose() {
      closeAnnounced = true;
    }

    WindowHistory build() {
      return new WindowHistory(
          id,
          scope,
          reason,
          putAt,
          start,
          firstEnd,
          end,
          endChanges,
          Optional.ofNullable(deletedAt));
    }
  }
}
