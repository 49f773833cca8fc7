package dev.mailflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.send.SendFunction;
import dev.mailflow.testsupport.MotoServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scale benchmark's stack at a few hundred routes, without latency: holds the DynamoDB calls
 * each route costs the evaluate and the send function to what they are, so that one more call per
 * route, which at ten thousand routes is ten thousand calls, fails here rather than in a budget.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// The send run adds probes after the time the evaluate runs are made at: it comes last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleStackIT {

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

  private static long conditions(JsonNode summary, String condition) {
    long count = 0;
    for (JsonNode route : summary.path("routes")) {
      count += route.path("condition").asText().equals(condition) ? 1 : 0;
    }
    return count;
  }
}
