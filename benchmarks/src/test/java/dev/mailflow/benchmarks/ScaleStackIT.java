package dev.mailflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import dev.mailflow.send.SendFunction;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The scale benchmark's stack at a few hundred routes, without latency: holds the DynamoDB calls
 * each route costs the evaluate and the send function to what they are, so that one more call per
 * route, which at ten thousand routes is ten thousand calls, fails here rather than in a budget.
 * The sharded round is driven as the benchmark drives 100,000 routes, in three shards of 100.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// The send run adds probes after the time the evaluate runs are made at: it comes last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleStackIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int ROUTES = 300;

  private final List<Route> routes = MeshEvaluationBenchmark.mesh(ROUTES);
  private final String downServer = routes.get(0).source();
  private final long down =
      routes.stream().filter(route -> route.source().equals(downServer)).count();
  private ScaleStack stack;

  @BeforeAll
  void seed(MotoServer moto) {
    stack = ScaleStack.start(Duration.ZERO, moto);
    stack.seed(routes, route -> route.source().equals(downServer));
  }

  @AfterAll
  void close() {
    stack.close();
  }

  @Test
  @Order(1)
  void evaluate_readsEachRoutesStateAndProbesOnce_andWritesOnlyWhatChanged() throws Exception {
    ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW);
    try (EvaluateFunction evaluate = stack.evaluateFunction(routes, clock)) {
      stack.dynamoDb().resetCalls();
      JsonNode first = ScaleStack.invoke(evaluate);
      Map<String, Long> firstCalls = stack.dynamoDb().calls();
      stack.dynamoDb().resetCalls();
      JsonNode second = ScaleStack.invoke(evaluate);
      Map<String, Long> secondCalls = stack.dynamoDb().calls();

      assertThat(first.path("routes")).hasSize(ROUTES);
      assertThat(conditions(first, "FAILING")).isEqualTo(down);
      assertThat(conditions(first, "HEALTHY")).isEqualTo(ROUTES - down);
      // Each route: its state (GetItem) and its probes (Query); the windows once (Scan). The
      // routes that turn failing store their state (PutItem); their one fault notice is claimed
      // (PutItem), checked (GetItem) and confirmed (UpdateItem) in the ledger.
      assertThat(firstCalls.get("Query")).isEqualTo(ROUTES);
      assertThat(firstCalls.get("Scan")).isEqualTo(1);
      assertThat(firstCalls.get("GetItem")).isBetween((long) ROUTES, ROUTES + 2L);
      assertThat(firstCalls.get("PutItem")).isBetween(down, down + 2);
      assertThat(firstCalls.getOrDefault("UpdateItem", 0L)).isBetween(0L, 2L);
      assertThat(firstCalls.keySet())
          .containsOnly("GetItem", "Query", "Scan", "PutItem", "UpdateItem");
      // Nothing changed since: reads only, two a route.
      assertThat(conditions(second, "FAILING")).isEqualTo(down);
      assertThat(secondCalls)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("GetItem", (long) ROUTES, "Query", (long) ROUTES, "Scan", 1L));
    }
  }

  @Test
  @Order(2)
  void send_claimsAndRecordsEachDueProbe_andReadsNothingToKnowWhatIsDue() throws Exception {
    ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW.plus(Duration.ofHours(1)));
    try (SendFunction send = stack.sendFunction(routes, clock)) {
      long mailsBefore = stack.smtp().mails();
      stack.dynamoDb().resetCalls();
      JsonNode summary = ScaleStack.invoke(send);
      Map<String, Long> calls = stack.dynamoDb().calls();

      // Spread over the probe interval, about a fifth of the routes are due in a one-minute run.
      long due = summary.path("accepted").asLong();
      assertThat(due).isBetween(ROUTES / 10L, ROUTES / 2L);
      assertThat(due + summary.path("notDue").asLong()).isEqualTo(ROUTES);
      assertThat(stack.smtp().mails() - mailsBefore).isEqualTo(due);
      // Each due route: its send slot claimed and its submission recorded, UpdateItem each.
      assertThat(calls).containsOnly(Map.entry("UpdateItem", 2L * due));
    }
  }

  @Test
  @Order(3)
  void inboundPathDown_opensOneFaultOverEveryRoute_whoseRoutesAreStoredOnce(MotoServer moto)
      throws Exception {
    ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW);
    // A stack of its own, where every route's probes are lost.
    try (ScaleStack inbound = ScaleStack.start(Duration.ZERO, moto)) {
      inbound.seed(routes, route -> true);
      SubscriberQueue alerts = inbound.subscribeToAlerts();
      try (EvaluateFunction evaluate = inbound.evaluateFunction(routes, clock)) {
        JsonNode first = ScaleStack.invoke(evaluate);
        List<Message> opened = alerts.receiveAvailable();
        inbound.dynamoDb().resetCalls();
        JsonNode second = ScaleStack.invoke(evaluate);
        Map<String, Long> secondCalls = inbound.dynamoDb().calls();

        assertThat(conditions(first, "FAILING")).isEqualTo(ROUTES);
        assertThat(opened).hasSize(1);
        assertThat(JSON.readTree(opened.get(0).body()).path("type").asText()).isEqualTo("OPENED");
        // Steady: reads only, two a route; nothing rewritten, nothing told.
        assertThat(conditions(second, "FAILING")).isEqualTo(ROUTES);
        assertThat(secondCalls)
            .containsExactlyInAnyOrderEntriesOf(
                Map.of("GetItem", (long) ROUTES, "Query", (long) ROUTES, "Scan", 1L));
        assertThat(alerts.receiveAvailable()).isEmpty();
      }
      // Every route's incident is in the fault; one of them lists its 300 routes.
      List<Integer> listed = new ArrayList<>();
      for (Route route : routes) {
        Fault fault = inbound.storedFault(route.id()).orElseThrow();
        if (!fault.routes().isEmpty()) {
          listed.add(fault.routes().size());
        }
      }
      assertThat(listed).containsExactly(ROUTES);
    }
  }

  @Test
  @Order(4)
  void shardedRound_judgesEachShardInAnInvocationOfItsOwn_andTheLastEndsIt(MotoServer moto)
      throws Exception {
    int shardSize = ROUTES / 3;
    ScaleStack.SetClock clock = new ScaleStack.SetClock(ScaleStack.NOW);
    // A stack of its own: the runs above already opened the fault this round is to open.
    try (ScaleStack sharded = ScaleStack.start(Duration.ZERO, moto)) {
      sharded.seed(routes, route -> route.source().equals(downServer));
      String queueUrl = sharded.createShardQueue();
      SubscriberQueue alerts = sharded.subscribeToAlerts();
      try (EvaluateFunction one =
              sharded.shardedEvaluateFunction(routes, clock, queueUrl, shardSize);
          EvaluateFunction other =
              sharded.shardedEvaluateFunction(routes, clock, queueUrl, shardSize)) {
        List<EvaluateHandler> containers =
            List.of(new EvaluateHandler(one), new EvaluateHandler(other));
        Map<String, Long> calls = new TreeMap<>();
        sharded.dynamoDb().resetCalls();
        JsonNode opened = ScaleStack.invokeScheduled(containers.get(0));
        sharded
            .dynamoDb()
            .calls()
            .forEach((operation, count) -> calls.merge(operation, count, Long::sum));
        List<Message> orders = new ArrayList<>(sharded.receiveShards(queueUrl, 3));
        orders.sort(Comparator.comparingInt(order -> json(order).path("shard").asInt()));
        List<Long> callsPerShard = new ArrayList<>();
        List<Boolean> endedAfterEach = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
          sharded.dynamoDb().resetCalls();
          JsonNode answer =
              ScaleStack.invoke(containers.get(i % 2), queueUrl, List.of(orders.get(i)));
          assertThat(answer.path("batchItemFailures")).as("shards to deliver again").isEmpty();
          Map<String, Long> shardCalls = sharded.dynamoDb().calls();
          shardCalls.forEach((operation, count) -> calls.merge(operation, count, Long::sum));
          callsPerShard.add(shardCalls.values().stream().mapToLong(Long::longValue).sum());
          // Read after the shard's calls were counted: the check is not the function's call.
          endedAfterEach.add(sharded.roundEnded(ScaleStack.NOW));
        }

        assertThat(opened.path("routes")).as("routes judged in the scheduled run").isEmpty();
        assertThat(orders)
            .extracting(order -> json(order).path("routes").asInt())
            .containsExactly(shardSize, shardSize, shardSize);
        assertThat(endedAfterEach).containsExactly(false, false, true);
        // A shard that does not end the round: its routes' state and probes, the windows, and
        // its judgement on the board (put, then marked recorded).
        assertThat(callsPerShard.subList(0, 2)).containsOnly(2L * shardSize + 3);
        // Each route read once by its shard, and the failing ones, held for the round's end,
        // once more there; the windows by the open and by each shard. The end reads the three
        // judgements, stores the failing routes and claims and confirms the fault's notice.
        assertThat(calls.get("Query")).isEqualTo(ROUTES + down);
        assertThat(calls.get("Scan")).isEqualTo(4);
        assertThat(calls.get("GetItem")).isBetween(ROUTES + down + 3, ROUTES + down + 3 + 2);
        assertThat(calls.get("PutItem")).isBetween(down + 3, down + 3 + 2);
        assertThat(calls.keySet())
            .containsOnly("GetItem", "Query", "Scan", "PutItem", "UpdateItem");
        assertThat(alerts.receiveAvailable())
            .extracting(notice -> json(notice).path("type").asText())
            .containsExactly("OPENED");
      }
    }
  }

  private static JsonNode json(Message message) {
    try {
      return JSON.readTree(message.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long conditions(JsonNode summary, String condition) {
    long count = 0;
    for (JsonNode route : summary.path("routes")) {
      count += route.path("condition").asText().equals(condition) ? 1 : 0;
    }
    return count;
  }
}
