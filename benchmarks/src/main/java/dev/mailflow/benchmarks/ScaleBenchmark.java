package dev.mailflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.send.SendFunction;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * The evaluate and send functions at scale: one invocation each over 1,000 and 10,000 routes (or
 * the sizes given), against a DynamoDB whose every call takes 5 ms (see {@link ScaleStack}).
 * Prints, for a first and a second run of each, the wall time, the DynamoDB calls per route by
 * operation and the heap, and judges the evaluate run against its budget: 10,000 routes in one
 * invocation in at most 30 s.
 *
 * <p>A size above {@code --sharded-above} (such as 100,000) is judged as the product judges it with
 * a shard queue: the scheduled run opens the round and hands one shard order per {@code
 * --shard-size} routes to an SQS queue on the moto server, and each shard is then delivered to a
 * container's handler as the queue's event source would, one shard an invocation. Each invocation
 * is timed; the round's wall time at {@code --concurrency} containers is simulated from the
 * measured times, since two cores cannot run ten containers at once. Its budget: every route judged
 * within one evaluation period (60 s), and no invocation over 60 s.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mailflow.benchmarks.ScaleBenchmark [options] [routes...]
 *   --latency-ms N      each DynamoDB call takes N ms (default 5)
 *   --send-up-to N      run the send function only at sizes up to N routes (default 1000)
 *   --sharded-above N   judge sizes above N routes in shards (default 10000)
 *   --shard-size N      routes a shard holds, MAILFLOW_SHARD_SIZE (default 5000)
 *   --concurrency N     containers the round's wall time is simulated for (default 10)
 *   --inbound-down      every route's probes are lost, as when the inbound path fails, instead of
 *                       one server's: one fault over every route
 * </pre>
 */
public final class ScaleBenchmark {

  /** What one invocation of 10,000 routes may take. */
  static final Duration BUDGET_10K = Duration.ofSeconds(30);

  /** What a round judged in shards may take, and any one of its invocations: the period. */
  static final Duration EVALUATION_PERIOD = Duration.ofSeconds(60);

  private static final int BUDGET_ROUTES = 10_000;
  static final long MB = 1024 * 1024;

  private ScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    // The functions' metrics go to standard output, as in Lambda: one line a route, not shown here.
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8));
    Duration latency = Duration.ofMillis(5);
    int sendUpTo = 1000;
    int shardedAbove = BUDGET_ROUTES;
    int shardSize = 5000;
    int concurrency = 10;
    boolean inboundDown = false;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--latency-ms" -> latency = Duration.ofMillis(Long.parseLong(args[++i]));
        case "--send-up-to" -> sendUpTo = Integer.parseInt(args[++i]);
        case "--sharded-above" -> shardedAbove = Integer.parseInt(args[++i]);
        case "--shard-size" -> shardSize = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--inbound-down" -> inboundDown = true;
        default -> sizes.add(Integer.parseInt(args[i].replace("_", "").replace(",", "")));
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(1_000, 10_000);
    }
    out.printf(
        "Mailflow at scale: DynamoDB stand-in at %d ms a call, SMTP sink on 127.0.0.1, %d cores,"
            + " max heap %d MB%n",
        latency.toMillis(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / MB);
    out.println(
        "The first run in a JVM is cold (classes loaded, code interpreted): each size is run"
            + " twice, and the second run is the warm figure.");
    MotoServer moto = MotoServer.shared();
    boolean pass = true;
    for (int size : sizes) {
      if (size > shardedAbove) {
        pass &= ShardedScale.run(out, size, latency, shardSize, concurrency, inboundDown, moto);
      } else {
        pass &= runSize(out, size, latency, size <= sendUpTo, inboundDown, moto);
      }
    }
    System.exit(pass ? 0 : 1);
  }

  /** Seeds {@code size} routes and runs evaluate twice, then send twice; false if over budget. */
  private static boolean runSize(
      PrintStream out,
      int size,
      Duration latency,
      boolean send,
      boolean inboundDown,
      MotoServer moto)
      throws Exception {
    List<Route> routes = MeshEvaluationBenchmark.mesh(size);
    String downServer = routes.get(0).source();
    Predicate<Route> lost =
        inboundDown ? route -> true : route -> route.source().equals(downServer);
    long down = routes.stream().filter(lost).count();
    out.printf(
        "%n== %,d routes in one invocation (not the sharded path); %s ==%n",
        size,
        inboundDown
            ? "every route's probes lost, as when the inbound path is down"
            : down + " of them out of " + downServer + ", which is down");
    boolean pass = true;
    try (ScaleStack stack = ScaleStack.start(latency, moto)) {
      long seeding = System.nanoTime();
      stack.seed(routes, lost);
      out.printf(
          "seeded in %,d ms; heap with the stand-in's tables: %,d MB%n",
          (System.nanoTime() - seeding) / 1_000_000, settledHeap() / MB);
      out.printf(
          "configuration document: %,d characters%n", stack.configurationDocument(routes).length());
      SubscriberQueue alerts = stack.subscribeToAlerts();
      ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW);
      try (EvaluateFunction evaluate = stack.evaluateFunction(routes, clock)) {
        for (int run = 1; run <= 2; run++) {
          Measured measured;
          try {
            measured = measure(stack, () -> ScaleStack.invoke(evaluate));
          } catch (ConfigurationUnavailableException refused) {
            out.printf(
                "evaluate: not run, the configuration was refused: %s%n", refused.getMessage());
            return false;
          }
          JsonNode summary = measured.summary();
          long failing = 0;
          for (JsonNode route : summary.path("routes")) {
            failing += route.path("condition").asText().equals("FAILING") ? 1 : 0;
          }
          out.printf(
              "evaluate run %d: %,d routes judged in %,d ms (%d failing); %s%n",
              run, summary.path("routes").size(), measured.millis(), failing, measured.calls(size));
          out.printf("  heap: %s%n", measured.heap());
          Map<String, Long> notices = ShardedScale.noticesOn(alerts);
          // The first run opens the one fault, over every failing route; the second tells nothing.
          boolean toldOnce = notices.equals(run == 1 ? Map.of("OPENED", 1L) : Map.of());
          pass &= toldOnce;
          out.printf(
              "  notices on the alert topic: %s (expected: %s): %s%n",
              notices.isEmpty() ? "none" : notices,
              run == 1 ? "one OPENED, the fault of every failing route" : "none",
              toldOnce ? "PASS" : "FAIL");
          if (size == BUDGET_ROUTES && run == 2) {
            boolean within = measured.millis() <= BUDGET_10K.toMillis();
            pass &= within;
            out.printf(
                "  budget: %,d routes in one invocation in at most %d s: %s%n",
                size, BUDGET_10K.toSeconds(), within ? "PASS" : "FAIL");
          }
        }
      }
      if (!send) {
        out.printf("send: not run at %,d routes (--send-up-to)%n", size);
        return pass;
      }
      try (SendFunction sendFunction = stack.sendFunction(routes, clock)) {
        for (int run = 1; run <= 2; run++) {
          clock.set(ScaleStack.NOW.plus(Duration.ofMinutes(5L * (run - 1))));
          long mailsBefore = stack.smtp().mails();
          Measured measured = measure(stack, () -> ScaleStack.invoke(sendFunction));
          JsonNode summary = measured.summary();
          out.printf(
              "send run %d: %,d probes accepted, %,d send failures, %,d not due, %,d mails at the"
                  + " sink over %,d connections so far, in %,d ms; %s%n",
              run,
              summary.path("accepted").asLong(),
              summary.path("sendFailures").asLong(),
              summary.path("notDue").asLong(),
              stack.smtp().mails() - mailsBefore,
              stack.smtp().connections(),
              measured.millis(),
              measured.calls(size));
          out.printf("  heap: %s%n", measured.heap());
        }
      }
    }
    return pass;
  }

  private interface Invocation {
    JsonNode invoke();
  }

  /** Runs {@code invocation} once, with the stand-in's calls and the heap's peak counted afresh. */
  private static Measured measure(ScaleStack stack, Invocation invocation) {
    long before = settledHeap();
    List<MemoryPoolMXBean> heapPools = heapPools();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    stack.dynamoDb().resetCalls();
    long started = System.nanoTime();
    JsonNode summary = invocation.invoke();
    long millis = (System.nanoTime() - started) / 1_000_000;
    Map<String, Long> calls = stack.dynamoDb().calls();
    long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    long after = settledHeap();
    return new Measured(summary, millis, calls, before, peak, after);
  }

  private record Measured(
      JsonNode summary,
      long millis,
      Map<String, Long> callCounts,
      long before,
      long peak,
      long after) {

    String calls(int routes) {
      return callsPerRoute(callCounts, routes);
    }

    String heap() {
      return heapLine(before, peak, after);
    }
  }

  /** The DynamoDB calls per route by operation, with their counts and the totals. */
  static String callsPerRoute(Map<String, Long> callCounts, int routes) {
    StringJoiner line = new StringJoiner(", ", "DynamoDB calls per route: ", "");
    long total = 0;
    for (Map.Entry<String, Long> call : callCounts.entrySet()) {
      line.add(
          String.format(
              "%s %.3f (%,d)", call.getKey(), call.getValue() / (double) routes, call.getValue()));
      total += call.getValue();
    }
    line.add(String.format("all %.3f (%,d calls)", total / (double) routes, total));
    return line.toString();
  }

  /** The heap before a run, the most above it during the run, and what the run left reachable. */
  static String heapLine(long before, long peak, long after) {
    return String.format(
        "%,d MB before (the stand-in's tables included), at most %,d MB more at the peak (garbage"
            + " not yet collected included), %,d MB more after",
        before / MB, Math.max(0, peak - before) / MB, (after - before) / MB);
  }

  /** The heap in use after a full collection: what is still reachable. */
  static long settledHeap() {
    System.gc();
    return heapPools().stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
  }

  static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }
}
