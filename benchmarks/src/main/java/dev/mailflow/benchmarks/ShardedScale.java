package dev.mailflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.MemoryPoolMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The scale benchmark's sharded path: a round of more routes than one invocation judges, run as the
 * product runs it with a shard queue. The scheduled run opens the round (the "open"), handing one
 * shard order per shard to an SQS queue on the moto server; the shards are received from it and
 * delivered to the containers' handlers, one shard an invocation, in turn, as the queue's event
 * source would; the shard that completes the round board ends the round in its invocation.
 *
 * <p>Each container is an evaluate function and handler of its own, as Lambda builds one per
 * execution environment. Two rounds are run, a minute apart: the first is cold (classes loaded,
 * code interpreted, each container's configuration read) and warms every container; the second is
 * the warm figure and the one judged against the budget.
 *
 * <p>The invocations run one after another: the machine has two cores, and ten containers at once
 * would measure how the cores are shared, not a shard. The round's wall time at a given number of
 * containers is computed from the measured times instead.
 */
final class ShardedScale {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long EVALUATION_PERIOD_MILLIS = ScaleBenchmark.EVALUATION_PERIOD.toMillis();

  private ShardedScale() {}

  /** One shard's invocation: its order's numbers and what it took. */
  private record ShardRun(int shard, int routes, long millis, long calls, boolean endedRound) {}

  /** One round: the open, every shard's invocation, and what the round cost in all. */
  private record RoundRun(
      long openMillis,
      List<ShardRun> shards,
      int redelivered,
      Map<String, Long> calls,
      Map<String, Long> notices,
      long heapBefore,
      long heapPeak,
      long heapAfter) {

    ShardRun slowest() {
      return shards.stream().max(Comparator.comparingLong(ShardRun::millis)).orElseThrow();
    }

    boolean ended() {
      return shards.stream().anyMatch(ShardRun::endedRound);
    }
  }

  /**
   * Seeds {@code size} routes and judges two rounds of them in shards of {@code shardSize}; false
   * if the warm round is over budget or did not judge every route.
   */
  static boolean run(
      PrintStream out,
      int size,
      Duration latency,
      int shardSize,
      int concurrency,
      boolean inboundDown,
      MotoServer moto) {
    List<Route> routes = MeshEvaluationBenchmark.mesh(size);
    String downServer = routes.get(0).source();
    Predicate<Route> lost =
        inboundDown ? route -> true : route -> route.source().equals(downServer);
    long down = routes.stream().filter(lost).count();
    int shards = (size + shardSize - 1) / shardSize;
    int containers = Math.min(concurrency, shards);
    out.printf(
        "%n== %,d routes in %d shards of %,d (the sharded path, MAILFLOW_SHARD_SIZE=%d); %s ==%n",
        size,
        shards,
        shardSize,
        shardSize,
        inboundDown
            ? "every route's probes lost, as when the inbound path is down"
            : down + " of them out of " + downServer + ", which is down");
    try (ScaleStack stack = ScaleStack.start(latency, moto)) {
      long seeding = System.nanoTime();
      stack.seed(routes, lost);
      out.printf(
          "seeded in %,d ms: the first route of each kind written by the real stores, the other"
              + " %,d routes' items copied inside the stand-in's tables (no call made); heap with"
              + " the stand-in's tables: %,d MB%n",
          (System.nanoTime() - seeding) / 1_000_000,
          size - 2,
          ScaleBenchmark.settledHeap() / ScaleBenchmark.MB);
      out.printf(
          "configuration document, read from a file by every container: %,d characters, a mesh of"
              + " the servers with the routes outside it listed (route by route it would be %,d"
              + " characters; the reader takes at most 1,000,000)%n",
          stack.meshDocument(routes).length(), stack.configurationDocument(routes).length());
      String queueUrl = stack.createShardQueue();
      SubscriberQueue alerts = stack.subscribeToAlerts();
      out.printf(
          "shard queue: SQS on the moto server; %d containers, each an evaluate function and"
              + " handler of its own, take the shards in turn, one shard an invocation%n",
          containers);
      out.println(
          "On this machine's 2 cores the invocations run one after another; the round's wall time"
              + " at more containers is computed from their times.");
      ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW);
      List<EvaluateFunction> functions = new ArrayList<>();
      try {
        List<EvaluateHandler> handlers = new ArrayList<>();
        for (int container = 0; container < containers; container++) {
          EvaluateFunction function =
              stack.shardedEvaluateFunction(routes, clock, queueUrl, shardSize);
          functions.add(function);
          handlers.add(new EvaluateHandler(function));
        }
        RoundRun cold = null;
        RoundRun warm = null;
        for (int round = 1; round <= 2; round++) {
          Instant roundAt = ScaleStack.NOW.plus(Duration.ofMinutes(round - 1));
          clock.set(roundAt);
          RoundRun measured = runRound(stack, handlers, queueUrl, alerts, roundAt, shards);
          print(out, round, size, measured);
          cold = cold == null ? measured : cold;
          warm = measured;
        }
        return judge(out, size, concurrency, warm)
            & told(out, cold.notices().getOrDefault("OPENED", 0L) == 1);
      } finally {
        for (EvaluateFunction function : functions) {
          function.close();
        }
      }
    } catch (Exception e) {
      out.printf("sharded run not made: %s%n", e);
      return false;
    }
  }

  /**
   * Opens the round at {@code roundAt} with the first container, then delivers its shards in order,
   * each to the next container in turn, and deletes each shard its invocation judged.
   */
  private static RoundRun runRound(
      ScaleStack stack,
      List<EvaluateHandler> handlers,
      String queueUrl,
      SubscriberQueue alerts,
      Instant roundAt,
      int shardCount) {
    long heapBefore = ScaleBenchmark.settledHeap();
    List<MemoryPoolMXBean> heapPools = ScaleBenchmark.heapPools();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    Map<String, Long> calls = new TreeMap<>();
    stack.dynamoDb().resetCalls();
    long started = System.nanoTime();
    JsonNode opened = ScaleStack.invokeScheduled(handlers.get(0));
    long openMillis = (System.nanoTime() - started) / 1_000_000;
    if (!opened.path("routes").isEmpty()) {
      throw new IllegalStateException(
          "the scheduled run judged " + opened.path("routes").size() + " routes: not sharded");
    }
    stack
        .dynamoDb()
        .calls()
        .forEach((operation, count) -> calls.merge(operation, count, Long::sum));
    List<Message> orders = new ArrayList<>(stack.receiveShards(queueUrl, shardCount));
    orders.sort(Comparator.comparingInt(order -> body(order).path("shard").asInt()));
    List<ShardRun> shards = new ArrayList<>();
    int redelivered = 0;
    boolean ended = false;
    for (int i = 0; i < orders.size(); i++) {
      Message order = orders.get(i);
      stack.dynamoDb().resetCalls();
      started = System.nanoTime();
      JsonNode answer =
          ScaleStack.invoke(handlers.get(i % handlers.size()), queueUrl, List.of(order));
      long millis = (System.nanoTime() - started) / 1_000_000;
      Map<String, Long> shardCalls = stack.dynamoDb().calls();
      shardCalls.forEach((operation, count) -> calls.merge(operation, count, Long::sum));
      if (answer.path("batchItemFailures").isEmpty()) {
        stack.deleteShard(queueUrl, order);
      } else {
        redelivered++;
      }
      // Read after the invocation's calls were counted: the check is not the function's call.
      boolean endedHere = !ended && stack.roundEnded(roundAt);
      ended |= endedHere;
      JsonNode body = body(order);
      shards.add(
          new ShardRun(
              body.path("shard").asInt(),
              body.path("routes").asInt(),
              millis,
              shardCalls.values().stream().mapToLong(Long::longValue).sum(),
              endedHere));
    }
    long heapPeak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    long heapAfter = ScaleBenchmark.settledHeap();
    Map<String, Long> notices = noticesOn(alerts);
    return new RoundRun(
        openMillis, shards, redelivered, calls, notices, heapBefore, heapPeak, heapAfter);
  }

  /** The notices published to the alert topic since the last call, counted by type. */
  static Map<String, Long> noticesOn(SubscriberQueue alerts) {
    Map<String, Long> notices = new TreeMap<>();
    // The moto server delivers to the subscribed queue before the publish returns.
    for (Message notice : alerts.receiveAvailable()) {
      notices.merge(body(notice).path("type").asText("?"), 1L, Long::sum);
    }
    return notices;
  }

  private static JsonNode body(Message order) {
    try {
      return JSON.readTree(order.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void print(PrintStream out, int round, int size, RoundRun run) {
    out.printf(
        "round %d (%s): open %,d ms (the scheduled run: configuration, windows, %d shard orders"
            + " handed to SQS)%n",
        round,
        round == 1 ? "cold, warms every container" : "warm",
        run.openMillis(),
        run.shards().size());
    long invocations = run.openMillis();
    for (ShardRun shard : run.shards()) {
      invocations += shard.millis();
      out.printf(
          "  shard %2d: %,6d routes, %,7d ms, %,6d DynamoDB calls%s%n",
          shard.shard(),
          shard.routes(),
          shard.millis(),
          shard.calls(),
          shard.endedRound()
              ? "  <- completed the board and ended the round in this invocation"
              : "");
    }
    ShardRun slowest = run.slowest();
    out.printf(
        "  slowest invocation: shard %d, %,d ms; every invocation one after another: %,d ms%n",
        slowest.shard(), slowest.millis(), invocations);
    ShardRun ending = run.shards().stream().filter(ShardRun::endedRound).findFirst().orElse(null);
    if (ending == null) {
      out.println("  end: the round was NOT ended");
    } else if (round == 1) {
      // Cold, the first shards take longest while code is compiled: no shard is typical.
      out.printf(
          "  end: shard %d's invocation, judging its shard and ending the round, %,d ms%n",
          ending.shard(), ending.millis());
    } else {
      long typicalShard =
          median(
              run.shards().stream()
                  .filter(shard -> shard != ending && shard.routes() == ending.routes())
                  .map(ShardRun::millis)
                  .toList());
      long endAlone = ending.millis() - typicalShard;
      out.printf(
          "  end: shard %d's invocation, judging its shard and ending the round, %,d ms; the end"
              + " alone %s (that less the median of the other shards of as many routes, %,d ms: an"
              + " estimate)%n",
          ending.shard(),
          ending.millis(),
          endAlone > 0
              ? String.format("about %,d ms", endAlone)
              : "within the spread of the shards' times",
          typicalShard);
    }
    out.printf(
        "  shards delivered again (batchItemFailures): %d; %s%n",
        run.redelivered(), ScaleBenchmark.callsPerRoute(run.calls(), size));
    out.printf(
        "  notices on the alert topic: %s%s%n",
        run.notices().isEmpty() ? "none" : run.notices(),
        round == 1
            ? " (expected: OPENED, the fault of the routes out of the server that is down)"
            : "");
    out.printf(
        "  heap over the round: %s%n",
        ScaleBenchmark.heapLine(run.heapBefore(), run.heapPeak(), run.heapAfter()));
  }

  /** Prints the warm round's wall time at {@code concurrency} containers and the budgets. */
  private static boolean judge(PrintStream out, int size, int concurrency, RoundRun warm) {
    List<Long> times = warm.shards().stream().map(ShardRun::millis).toList();
    int waves = (times.size() + concurrency - 1) / concurrency;
    long byWaves = warm.openMillis() + waves * warm.slowest().millis();
    long byGreedy = warm.openMillis() + greedyMakespan(times, concurrency);
    out.printf(
        "round's wall time at %d containers (warm round, open included): %,d ms as %d wave(s) of the"
            + " slowest shard (%,d ms), the figure judged; %,d ms as greedy assignment (each shard,"
            + " in order, to the container free first)%n",
        concurrency, byWaves, waves, warm.slowest().millis(), byGreedy);
    long slowestInvocation = Math.max(warm.openMillis(), warm.slowest().millis());
    boolean everyRoute = warm.redelivered() == 0 && warm.ended();
    boolean inPeriod = byWaves <= EVALUATION_PERIOD_MILLIS;
    boolean noLongInvocation = slowestInvocation <= EVALUATION_PERIOD_MILLIS;
    out.printf(
        "  budget: every route judged and the round ended (no shard delivered again): %s%n",
        everyRoute ? "PASS" : "FAIL");
    out.printf(
        "  budget: %,d routes judged within one evaluation period (%d s) at %d containers: %s%n",
        size, EVALUATION_PERIOD_MILLIS / 1000, concurrency, inPeriod ? "PASS" : "FAIL");
    out.printf(
        "  budget: no invocation over %d s (slowest %,d ms): %s%n",
        EVALUATION_PERIOD_MILLIS / 1000, slowestInvocation, noLongInvocation ? "PASS" : "FAIL");
    return everyRoute && inPeriod && noLongInvocation;
  }

  /** Prints whether the fault of the server that is down was told, once, in the first round. */
  private static boolean told(PrintStream out, boolean openedOnce) {
    out.printf(
        "  the fault of the server that is down told in one OPENED in the first round: %s%n",
        openedOnce ? "PASS" : "FAIL");
    return openedOnce;
  }

  /**
   * When the last of {@code times} ends if each, in order, goes to whichever of {@code containers}
   * is free first.
   */
  private static long greedyMakespan(List<Long> times, int containers) {
    PriorityQueue<Long> freeAt = new PriorityQueue<>();
    for (int container = 0; container < containers; container++) {
      freeAt.add(0L);
    }
    long makespan = 0;
    for (long time : times) {
      long end = freeAt.poll() + time;
      freeAt.add(end);
      makespan = Math.max(makespan, end);
    }
    return makespan;
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
