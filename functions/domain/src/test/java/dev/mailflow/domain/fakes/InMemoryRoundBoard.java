package dev.mailflow.domain.fakes;

import dev.mailflow.domain.evaluation.RoundBoard;
import dev.mailflow.domain.evaluation.ShardJudgement;
import dev.mailflow.domain.evaluation.ShardOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A round board in memory, with the same once-only rules as the DynamoDB one. */
public final class InMemoryRoundBoard implements RoundBoard {
  private final Map<Instant, Map<Integer, ShardJudgement>> rounds = new HashMap<>();
  private final Map<Instant, Instant> claimedUntil = new HashMap<>();
  private final Map<Instant, Instant> endedAt = new HashMap<>();
  private int ends;

  @Override
  public synchronized boolean record(ShardOrder order, ShardJudgement judgement) {
    Map<Integer, ShardJudgement> shards =
        rounds.computeIfAbsent(order.roundAt(), at -> new TreeMap<>());
    shards.put(order.shard(), judgement);
    return shards.size() == order.shards();
  }

  @Override
  public synchronized boolean claimEnd(Instant roundAt, Instant now, Duration lease) {
    if (endedAt.containsKey(roundAt)) {
      return false;
    }
    Instant until = claimedUntil.get(roundAt);
    if (until != null && until.isAfter(now)) {
      return false;
    }
    claimedUntil.put(roundAt, now.plus(lease));
    return true;
  }

  @Override
  public synchronized List<ShardJudgement> judgements(Instant roundAt, int shards) {
    return new ArrayList<>(rounds.getOrDefault(roundAt, Map.of()).values());
  }

  @Override
  public synchronized void ended(Instant roundAt, Instant now) {
    endedAt.put(roundAt, now);
    ends++;
  }

  /** How many rounds were ended. */
  public synchronized int ends() {
    return ends;
  }
}
