package dev.mailflow.domain.fakes;

import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** A route state store in memory with the real one's version check. */
public final class InMemoryRouteStateStore implements RouteStateStore {
  private final Map<String, StoredRouteState> states = new ConcurrentHashMap<>();
  private volatile Runnable beforeSave = () -> {};

  /** Runs {@code action} just before each save checks the version: to stage a race. */
  public void beforeEachSave(Runnable action) {
    this.beforeSave = action;
  }

  @Override
  public Optional<StoredRouteState> load(String routeId) {
    return Optional.ofNullable(states.get(routeId));
  }

  @Override
  public synchronized OptionalLong save(
      RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
    Runnable action = beforeSave;
    beforeSave = () -> {};
    action.run();
    StoredRouteState current = states.get(next.routeId());
    long stored = current == null ? 0 : current.state().version();
    if (stored != expectedVersion) {
      return OptionalLong.empty();
    }
    long version = expectedVersion + 1;
    RouteState versioned =
        new RouteState(
            next.routeId(),
            next.condition(),
            next.incident(),
            next.monitoredSince(),
            next.flushesReportedUntil(),
            next.judgedFrom(),
            next.evaluatedAt(),
            version);
    states.put(next.routeId(), new StoredRouteState(versioned, unsent, publishingUntil));
    return OptionalLong.of(version);
  }
}
