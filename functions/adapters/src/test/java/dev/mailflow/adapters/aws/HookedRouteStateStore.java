package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A route state store that runs an action once, just before the next save: to stage a race. */
final class HookedRouteStateStore implements RouteStateStore {
  private final RouteStateStore store;
  private Runnable beforeNextSave = () -> {};

  HookedRouteStateStore(RouteStateStore store) {
    this.store = store;
  }

  void beforeNextSave(Runnable action) {
    beforeNextSave = action;
  }

  @Override
  public Optional<StoredRouteState> load(String routeId) {
    return store.load(routeId);
  }

  @Override
  public OptionalLong save(
      RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
    Runnable action = beforeNextSave;
    beforeNextSave = () -> {};
    action.run();
    return store.save(next, expectedVersion, unsent, publishingUntil);
  }
}
