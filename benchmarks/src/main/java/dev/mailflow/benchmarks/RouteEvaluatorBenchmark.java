package dev.mailflow.benchmarks;

import dev.mailflow.domain.evaluation.Evaluation;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evaluation engine on one route with 12 probes in its lookback (an hour of five-minute
 * probes), on one thread: the budget is 1,000,000 route evaluations per second per core.
 *
 * <ul>
 *   <li>{@code HEALTHY}: every probe arrived in seconds; no incident; no notice. The common case.
 *   <li>{@code FAILING}: the newest probes are lost, an incident is open and a reminder is not yet
 *       due; no notice.
 *   <li>{@code FLUSH}: a server back from maintenance delivered its queue at once: most probes are
 *       maintenance-affected and late, and the flush they form was reported by an earlier run.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class RouteEvaluatorBenchmark {
  private static final Instant NOW = Instant.parse("2026-03-02T11:00:30Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** Which route history to evaluate. */
  @Param({"HEALTHY", "FAILING", "FLUSH"})
  public String history;

  private final RouteEvaluator evaluator = new RouteEvaluator();
  private Route route;
  private List<Probe> probes;
  private List<MaintenanceWindow> windows;
  private RouteState previous;

  @Setup
  public void setUp() {
    route =
        new Route(
            "MX02-to-MX01",
            "MX02",
            "MX01",
            "mailflow@contoso.se",
            "probe@contoso.se",
            RoutePolicy.defaults(),
            true);
    probes = new ArrayList<>();
    windows = new ArrayList<>();
    Instant first = NOW.minus(Duration.ofMinutes(60));
    for (int i = 0; i < 12; i++) {
      Instant sent = first.plus(FIVE_MINUTES.multipliedBy(i));
      Submission accepted = Submission.accepted(sent, 250, "2.0.0 Ok: queued as 4F2C1");
      Delivery delivery;
      switch (history) {
        case "FAILING":
          delivery = i < 6 ? new Delivery(sent.plusSeconds(4), List.of()) : null;
          break;
        case "FLUSH":
          delivery =
              i < 10
                  ? new Delivery(NOW.minus(Duration.ofMinutes(8)), List.of())
                  : new Delivery(sent.plusSeconds(3), List.of());
          break;
        default:
          delivery = new Delivery(sent.plusSeconds(4), List.of());
      }
      probes.add(new Probe(route.id(), "probe" + i + "nonce00", sent, accepted, delivery));
    }
    if (history.equals("FLUSH")) {
      windows.add(
          new MaintenanceWindow(
              "mx01-patching",
              MaintenanceScope.server("MX01"),
              first.minus(Duration.ofMinutes(5)),
              NOW.minus(Duration.ofMinutes(20)),
              "patching",
              "ops"));
    }
    // Settle the state the way the running system would have it before this evaluation.
    previous = null;
    for (Instant at = first; at.isBefore(NOW); at = at.plus(Duration.ofMinutes(1))) {
      Instant now = at;
      List<Probe> known = new ArrayList<>();
      for (Probe probe : probes) {
        if (!probe.sentAt().isAfter(now)) {
          Delivery delivery =
              probe.delivery() != null && !probe.delivery().deliveredAt().isAfter(now)
                  ? probe.delivery()
                  : null;
          known.add(probe.withDelivery(delivery));
        }
      }
      previous = evaluator.evaluate(route, known, windows, previous, now).nextState();
    }
  }

  @Benchmark
  public Evaluation evaluate() {
    return evaluator.evaluate(route, probes, windows, previous, NOW);
  }
}
