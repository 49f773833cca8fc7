package dev.mailflow.domain.evaluation;

import java.util.List;

/**
 * Hands the shards of a round to parallel invocations of the evaluate function: a queue whose
 * consumer (an SQS event source, with bounded concurrency) runs each shard once it can.
 */
public interface ShardQueue {

  /**
   * Hands over every order; an order handed twice is judged twice, which the {@link RoundBoard}
   * makes harmless.
   *
   * @throws RuntimeException when an order could not be handed over; the round's invocation fails
   *     and the schedule's retry hands them all again
   */
  void hand(List<ShardOrder> orders);
}
