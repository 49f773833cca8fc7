package dev.mailflow.benchmarks;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
 * One evaluate run over 200 healthy routes whose every store call takes 5 ms, as DynamoDB in a
 * region may: one route after the other, and 16 at once (the default of {@code
 * MAILFLOW_ROUTES_IN_FLIGHT}). Compare the two in the same run: the ratio is what reads in flight
 * buy; the budget of 10,000 routes in 30 s needs about 16 at once at 5 ms a call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(1)
public class RoutesInFlightBenchmark {
  private static final Instant NOW = Instant.parse("2026-03-02T11:00:30Z");
  private static final Duration CALL = Duration.ofMillis(5);

  /** Routes read at once. */
  @Param({"1", "16"})
  public int inFlight;

  private MonitorConfiguration configuration;
  private EvaluationRound round;

  @Setup
  public void setUp() {
    List<Route> mesh = MeshEvaluationBenchmark.mesh(200);
    Map<String, List<Probe>> probes = new HashMap<>();
    Map<String, RouteState> states = new HashMap<>();
    for (Route route : mesh) {
      probes.put(route.id(), MeshEvaluationBenchmark.history(route, NOW, false));
      states.put(route.id(), MeshEvaluationBenchmark.healthy(route, NOW));
    }
    configuration = MeshEvaluationBenchmark.configuration(mesh);
    round =
        new EvaluationRound(
            new SlowProbes(new MeshEvaluationBenchmark.MemoryProbes(probes)),
            new SlowStates(new MeshEvaluationBenchmark.MemoryStates(states)),
            () -> new WindowLoad(List.of(), List.of()),
            new MeshEvaluationBenchmark.CountingPublisher(),
            new MeshEvaluationBenchmark.MemoryLedger(),
            new RouteEvaluator(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(2),
            Optional.empty(),
            inFlight);
  }

  @Benchmark
  public EvaluationReport evaluateEveryRoute() {
    return round.run(configuration);
  }

  private static void waitForTheCall() {
    try {
      Thread.sleep(CALL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record SlowProbes(ProbeStore store) implements ProbeStore {
    @Override
    public Optional<Instant> lastSentAt(String routeId) {
      waitForTheCall();
      return store.lastSentAt(routeId);
    }

    @Override
    public boolean claimSendSlot(String routeId, Instant now, Instant until) {
      waitForTheCall();
      return store.claimSendSlot(routeId, now, until);
    }

    @Override
    public void recordSubmission(Probe probe) {
      waitForTheCall();
      store.recordSubmission(probe);
    }

    @Override
    public ArrivalOutcome recordArrival(Arrival arrival) {
      waitForTheCall();
      return store.recordArrival(arrival);
    }

    @Override
    public List<Probe> probesSince(String routeId, Instant from) {
      waitForTheCall();
      return store.probesSince(routeId, from);
    }
  }

  private record SlowStates(RouteStateStore store) implements RouteStateStore {
    @Override
    public Optional<StoredRouteState> load(String routeId) {
      waitForTheCall();
      return store.load(routeId);
    }

    @Override
    public OptionalLong save(
        RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
      waitForTheCall();
      return store.save(next, expectedVersion, unsent, publishingUntil);
    }
  }
}
