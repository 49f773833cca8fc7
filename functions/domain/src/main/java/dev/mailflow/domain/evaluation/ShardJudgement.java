package dev.mailflow.domain.evaluation;

import java.util.List;

/**
 * What one shard of a round leaves for the round's end.
 *
 * @param shard the shard's number
 * @param briefs the routes the shard judged and stored, in brief
 * @param held the routes the shard judged but left for the round's end, because grouping may change
 *     what they store and tell (see {@link FaultGrouping#mayChange})
 * @param unjudged how many of the shard's routes it could not judge (failed to read, or not reached
 *     in time): the round then did not judge every route, and no fault closes in it
 */
public record ShardJudgement(int shard, List<RouteBrief> briefs, List<String> held, int unjudged) {
  public ShardJudgement {
    briefs = List.copyOf(briefs);
    held = List.copyOf(held);
    if (unjudged < 0) {
      throw new IllegalArgumentException("unjudged routes cannot be negative: " + unjudged);
    }
  }
}
