package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round judged in several invocations, once the routes outgrow one: the round opens, its shards
 * are judged in parallel, and the last shard in ends it.
 *
 * <p>What happens once per round stays once:
 *
 * <ol>
 *   <li>{@link #open} reports the configuration's problems (refused window items, a refused
 *       document), then hands one {@link ShardOrder} per {@code shardSize} routes to the {@link
 *       ShardQueue}. All shards judge as of the round's time.
 *   <li>{@link #judge} loads the windows, reads and judges the shard's routes and stores at once
 *       every route grouping cannot change (see {@link FaultGrouping#mayChange}): most of them, in
 *       most rounds. It leaves the others to the round's end and the rest in brief on the {@link
 *       RoundBoard}.
 *   <li>The shard that completes the board claims the round's end: it judges the held routes again,
 *       groups them with every other route's brief as evidence, stores them through the outbox, and
 *       posts the round's bulletins. The outbox keeps each route's notices in order and once, as in
 *       a round judged in one invocation.
 * </ol>
 *
 * <p>A round in which some shard could not judge some route did not judge every route: as in a
 * round that ran out of time, no fault closes in it. A shard that never completes leaves the round
 * without an end; the next round judges every route again.
 */
public final class ShardedRound {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedRound.class);

  private final EvaluationRound round;
  private final RoundBoard board;
  private final ShardQueue queue;
  private final int shardSize;
  private final Duration endLease;
  private final Clock clock;

  /**
   * @param round the round's parts, shared with rounds judged in one invocation
   * @param shardSize the most routes one invocation judges; a configuration with no more is judged
   *     in one invocation, as before
   * @param endLease how long the round's end may take before another invocation may end it instead
   */
  public ShardedRound(
      EvaluationRound round,
      RoundBoard board,
      ShardQueue queue,
      int shardSize,
      Duration endLease,
      Clock clock) {
    this.round = Objects.requireNonNull(round, "round");
    this.board = Objects.requireNonNull(board, "board");
    this.queue = Objects.requireNonNull(queue, "queue");
    if (shardSize < 1) {
      throw new IllegalArgumentException("a shard holds one route or more, not " + shardSize);
    }
    this.shardSize = shardSize;
    this.endLease = Objects.requireNonNull(endLease, "endLease");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Whether {@code configuration} has more routes than one invocation judges. */
  public boolean needed(MonitorConfiguration configuration) {
    return configuration.routes().size() > shardSize;
  }

  /**
   * Opens the round at {@code roundAt}: reports the configuration's problems once, then hands its
   * shards out.
   */
  public EvaluationReport open(
      MonitorConfiguration configuration,
      Optional<RejectedDocument> rejectedDocument,
      Instant roundAt) {
    WindowLoad load = round.loadWindows(configuration, roundAt);
    int configurationNotices = round.reportConfiguration(load, rejectedDocument, roundAt);
    int routes = configuration.routes().size();
    int shards = (routes + shardSize - 1) / shardSize;
    List<ShardOrder> orders = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      int first = shard * shardSize;
      orders.add(
          new ShardOrder(roundAt, shard, shards, first, Math.min(shardSize, routes - first)));
    }
    queue.hand(orders);
    LOG.info("round {} opened: {} routes in {} shards", roundAt, routes, shards);
    return new EvaluationReport(
        List.of(), load.rejected().size(), configurationNotices, 0, OptionalInt.empty());
  }

  /**
   * Judges one shard as of its round's time, and ends the round when this shard completes it.
   *
   * @return what this invocation did: the routes it stored, and when it ended the round, the held
   *     routes and the bulletins
   */
  public EvaluationReport judge(
      MonitorConfiguration configuration, ShardOrder order, Deadline deadline) {
    Instant now = order.roundAt();
    List<Route> routes = configuration.routes();
    WindowLoad load = round.loadWindows(configuration, now);
    RouteOutcome[] outcomes = new RouteOutcome[routes.size()];
    List<Integer> indexes = new ArrayList<>();
    for (int i = order.firstRoute(); i < order.firstRoute() + order.routes(); i++) {
      if (i < routes.size()) {
        indexes.add(i);
      }
    }
    if (indexes.size() < order.routes()) {
      LOG.warn(
          "{} names routes up to index {}, but {} routes are configured now",
          order.describe(),
          order.firstRoute() + order.routes() - 1,
          routes.size());
    }
    List<EvaluationRound.Read> reads =
        round.readAll(routes, indexes, load, now, deadline, outcomes);
    List<EvaluationRound.Read> quiet = new ArrayList<>();
    List<String> held = new ArrayList<>();
    for (EvaluationRound.Read read : reads) {
      if (FaultGrouping.mayChange(read.judged())) {
        held.add(read.judged().route().id());
      } else {
        quiet.add(read);
      }
    }
    List<Evaluation> own = new ArrayList<>(quiet.size());
    for (EvaluationRound.Read read : quiet) {
      own.add(read.judged().evaluation());
    }
    round.postAll(quiet, own, now, outcomes);
    List<RouteBrief> briefs = new ArrayList<>();
    List<RouteOutcome> reported = new ArrayList<>();
    int unjudged = order.routes() - indexes.size();
    for (int index : indexes) {
      RouteOutcome outcome = outcomes[index];
      if (outcome == null) {
        continue; // held for the round's end
      }
      reported.add(outcome);
      if (outcome.evaluation() != null) {
        briefs.add(RouteBrief.of(routes.get(index), outcome.evaluation(), load.windows()));
      } else {
        unjudged++;
      }
    }
    LOG.info(
        "{}: {} routes stored, {} held for the round's end, {} not judged",
        order.describe(),
        briefs.size(),
        held.size(),
        unjudged);
    boolean complete =
        board.record(order, new ShardJudgement(order.shard(), briefs, held, unjudged));
    if (!complete || !board.claimEnd(order.roundAt(), clock.instant(), endLease)) {
      return new EvaluationReport(reported, 0, 0, 0, OptionalInt.empty());
    }
    EvaluationReport end = end(configuration, order, load, deadline);
    reported.addAll(end.routes());
    return new EvaluationReport(reported, 0, 0, end.bulletins(), end.openIncidents());
  }

  /**
   * Ends the round: judges the held routes again, groups them with every other route's brief,
   * stores them and posts the bulletins.
   */
  private EvaluationReport end(
      MonitorConfiguration configuration, ShardOrder order, WindowLoad load, Deadline deadline) {
    Instant now = order.roundAt();
    List<Route> routes = configuration.routes();
    Map<String, RouteBrief> briefs = new HashMap<>();
    Set<String> held = new HashSet<>();
    int unjudged = 0;
    List<ShardJudgement> judgements = board.judgements(now, order.shards());
    for (ShardJudgement judgement : judgements) {
      for (RouteBrief brief : judgement.briefs()) {
        briefs.put(brief.routeId(), brief);
      }
      held.addAll(judgement.held());
      unjudged += judgement.unjudged();
    }
    List<Integer> heldIndexes = new ArrayList<>();
    List<FaultGrouping.Elsewhere> elsewhere = new ArrayList<>();
    boolean everyRouteAccounted = judgements.size() == order.shards();
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      RouteBrief brief = briefs.get(route.id());
      if (held.contains(route.id())) {
        heldIndexes.add(i);
      } else if (brief != null) {
        elsewhere.add(new FaultGrouping.Elsewhere(route, brief));
      } else {
        everyRouteAccounted = false;
      }
    }
    RouteOutcome[] outcomes = new RouteOutcome[routes.size()];
    List<EvaluationRound.Read> reads =
        round.readAll(routes, heldIndexes, load, now, deadline, outcomes);
    List<FaultGrouping.Judged> judged = new ArrayList<>(reads.size());
    for (EvaluationRound.Read read : reads) {
      judged.add(read.judged());
    }
    boolean everyRouteJudged =
        everyRouteAccounted && unjudged == 0 && reads.size() == heldIndexes.size();
    List<Evaluation> grouped = FaultGrouping.apply(judged, elsewhere, everyRouteJudged, now);
    round.postAll(reads, grouped, now, outcomes);
    List<RouteOutcome> reported = new ArrayList<>();
    for (int index : heldIndexes) {
      reported.add(outcomes[index]);
    }
    briefs.putAll(EvaluationRound.briefs(routes, outcomes, load));
    int told = round.postBulletins(load, routes, briefs, now);
    board.ended(now, clock.instant());
    LOG.info(
        "round {} ended: {} held routes stored, every route judged: {}",
        now,
        reads.size(),
        everyRouteJudged);
    int openIncidents = (int) briefs.values().stream().filter(RouteBrief::openIncident).count();
    return new EvaluationReport(reported, 0, 0, told, OptionalInt.of(openIncidents));
  }
}
