package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.util.Objects;

/**
 * One shard of a round judged in several invocations: which routes of the configuration to judge,
 * and as of when.
 *
 * @param roundAt the round's time: every shard judges as of it, so that a shard judged again after
 *     a failure judges as the first time did, and it names the round
 * @param shard this shard's number, from 0
 * @param shards how many shards the round has
 * @param firstRoute the index in the configured routes of the shard's first route
 * @param routes how many routes the shard judges
 */
public record ShardOrder(Instant roundAt, int shard, int shards, int firstRoute, int routes) {
  public ShardOrder {
    Objects.requireNonNull(roundAt, "roundAt");
    if (shards < 1 || shard < 0 || shard >= shards) {
      throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
    }
    if (firstRoute < 0 || routes < 1) {
      throw new IllegalArgumentException(
          "a shard judges one route or more from index 0 on, not "
              + routes
              + " from "
              + firstRoute);
    }
  }

  /** "shard 3 of 20 of round 2026-12-05T04:40:00Z", for logs. */
  public String describe() {
    return "shard " + (shard + 1) + " of " + shards + " of round " + roundAt;
  }
}
