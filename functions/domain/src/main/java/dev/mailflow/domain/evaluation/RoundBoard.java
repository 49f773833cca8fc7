package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.probe.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where the shards of a round judged in several invocations leave their judgements, and where the
 * round's end is claimed once.
 *
 * <p>Every method is safe to repeat: a shard judged again overwrites its judgement, and the round
 * ends once whatever order the shards come in.
 */
public interface RoundBoard {

  /**
   * Stores a shard's judgement.
   *
   * @return true when every shard of the round has now stored one
   * @throws StoreException when the store cannot be reached
   */
  boolean record(ShardOrder order, ShardJudgement judgement);

  /**
   * Claims the end of the round at {@code roundAt} for this invocation.
   *
   * @param lease how long the claim holds: a claimant that dies leaves it to a later one
   * @return false when the round has ended, or another invocation holds the claim
   */
  boolean claimEnd(Instant roundAt, Instant now, Duration lease);

  /** The judgements of the round's {@code shards} shards, those stored so far. */
  List<ShardJudgement> judgements(Instant roundAt, int shards);

  /** Marks the round ended: no later claim succeeds. */
  void ended(Instant roundAt, Instant now);
}
