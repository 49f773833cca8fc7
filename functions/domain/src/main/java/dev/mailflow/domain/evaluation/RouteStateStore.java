package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where each route's state is kept between evaluations, with the notices not yet published.
 *
 * <p>Every write is conditional on the version read, so two evaluations racing on a route cannot
 * both store their transition: the loser gets an empty answer and publishes nothing.
 */
public interface RouteStateStore {

  /** The stored state and unsent notices of the route, if it was ever evaluated. */
  Optional<StoredRouteState> load(String routeId);

  /**
   * Stores {@code next} with its unsent notices if the stored version is still {@code
   * expectedVersion} (0 when nothing is stored yet).
   *
   * @param publishingUntil until when the writer is publishing {@code unsent}: other runs leave
   *     them alone until then; {@code null} when nobody is
   * @return the new version, or empty when another evaluation wrote first
   */
  OptionalLong save(
      RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil);

  /**
   * A route's state as stored.
   *
   * @param state the state; its version is the stored version
   * @param unsent notices decided but not yet published, oldest first
   * @param publishingUntil until when another run is publishing them, or {@code null}
   */
  record StoredRouteState(RouteState state, List<Notice> unsent, Instant publishingUntil) {
    public StoredRouteState {
      unsent = List.copyOf(unsent);
    }

    /** True when the unsent notices are free to be published by a run at {@code now}. */
    public boolean unsentAreFree(Instant now) {
      return publishingUntil == null || !publishingUntil.isAfter(now);
    }
  }
}
