package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.evaluation.RouteBrief;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.ShardJudgement;
import dev.mailflow.domain.evaluation.ShardOrder;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The round board against a route state table created as the template creates it: the last shard in
 * completes the round, and the round ends once, whatever is delivered twice.
 *
 * <p>The emulator comes from the subclass's extension: moto, the scale benchmark's stand-in, or
 * LocalStack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DynamoDbRoundBoardContract {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private AwsClients clients;
  private DynamoDbRoundBoard board;
  private Instant roundAt = Instant.parse("2026-12-05T10:00:00Z");

  @BeforeAll
  void createTable(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment());
    String table = ResourceNames.unique("route-state");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.routeStates(table));
    board = new DynamoDbRoundBoard(clients.dynamoDb(), table);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  /** Each test its own round. */
  private Instant nextRound() {
    roundAt = roundAt.plusSeconds(60);
    return roundAt;
  }

  @Test
  void record_isCompleteOnlyWithTheLastShard_inWhateverOrderTheyCome() {
    Instant round = nextRound();

    boolean second = board.record(order(round, 1, 3), judgement(1, 2));
    boolean first = board.record(order(round, 0, 3), judgement(0, 2));
    boolean secondAgain = board.record(order(round, 1, 3), judgement(1, 2));
    boolean third = board.record(order(round, 2, 3), judgement(2, 2));

    assertThat(List.of(second, first, secondAgain, third))
        .containsExactly(false, false, false, true);
  }

  @Test
  void judgements_giveBackEveryBriefHeldRouteAndCount() {
    Instant round = nextRound();
    ShardJudgement zero =
        new ShardJudgement(
            0,
            List.of(
                new RouteBrief(
                    "MX01-to-MX02",
                    RouteCondition.FAILING,
                    true,
                    List.of("relay.contoso.se"),
                    List.of(new RouteBrief.WindowTally("patch-mx01", 3, 1, Duration.ofMinutes(7)))),
                new RouteBrief(
                    "MX02-to-MX01", RouteCondition.HEALTHY, false, List.of(), List.of())),
            List.of("MX03-to-MX01"),
            1);
    board.record(order(round, 0, 2), zero);
    board.record(order(round, 1, 2), judgement(1, 3));

    List<ShardJudgement> judgements = board.judgements(round, 2);

    assertThat(judgements).containsExactly(zero, judgement(1, 3));
  }

  @Test
  void judgements_ofAShardNeverRecorded_areLeftOut() {
    Instant round = nextRound();
    board.record(order(round, 1, 2), judgement(1, 1));

    assertThat(board.judgements(round, 2)).extracting(ShardJudgement::shard).containsExactly(1);
  }

  @Test
  void claimEnd_holdsForTheLease_thenLapses_andNeverAfterTheRoundEnded() {
    Instant round = nextRound();
    board.record(order(round, 0, 1), judgement(0, 1));
    Instant now = round.plusSeconds(5);

    boolean first = board.claimEnd(round, now, LEASE);
    boolean whileHeld = board.claimEnd(round, now.plusSeconds(30), LEASE);
    boolean afterLease = board.claimEnd(round, now.plus(LEASE).plusSeconds(1), LEASE);
    board.ended(round, now.plus(LEASE).plusSeconds(2));
    boolean afterEnd = board.claimEnd(round, now.plus(LEASE).plusSeconds(600), LEASE);

    assertThat(List.of(first, whileHeld, afterLease, afterEnd))
        .containsExactly(true, false, true, false);
  }

  @Test
  void claimEnd_ofARoundNoShardRecorded_isRefused() {
    assertThat(board.claimEnd(nextRound(), roundAt.plusSeconds(5), LEASE)).isFalse();
  }

  @Test
  void aShardOfTenThousandRoutes_fitsOneItem() {
    Instant round = nextRound();
    List<RouteBrief> briefs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      briefs.add(
          new RouteBrief(
              "mx%03d-to-mx%03d".formatted(i / 100, i % 100),
              RouteCondition.HEALTHY,
              false,
              List.of(),
              List.of()));
    }
    ShardJudgement big = new ShardJudgement(0, briefs, List.of(), 0);

    assertThat(board.record(order(round, 0, 1), big)).isTrue();
    assertThat(board.judgements(round, 1)).containsExactly(big);
  }

  private static ShardOrder order(Instant round, int shard, int shards) {
    return new ShardOrder(round, shard, shards, shard * 5, 5);
  }

  private static ShardJudgement judgement(int shard, int routes) {
    List<RouteBrief> briefs = new ArrayList<>();
    for (int i = 0; i < routes; i++) {
      briefs.add(
          new RouteBrief(
              "S" + shard + "-to-R" + i, RouteCondition.HEALTHY, false, List.of(), List.of()));
    }
    return new ShardJudgement(shard, briefs, List.of(), 0);
  }
}
