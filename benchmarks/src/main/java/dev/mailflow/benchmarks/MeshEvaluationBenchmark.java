package dev.mailflow.benchmarks;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.AlertPublisher;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeLedger;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * One whole evaluate run over a mesh of routes that share servers, with stores in memory: the
 * judging of every route, the grouping of faults across them and the outbox, without I/O. The
 * budget: the time of a run grows no worse than linearly with the routes, so the time per route
 * ({@code score / routes}) stays level from 100 to 1,000 routes.
 *
 * <ul>
 *   <li>{@code HEALTHY}: every probe arrived in seconds; nothing to tell. The common case.
 *   <li>{@code SERVER_DOWN}: the run in which one server's routes (its outbound ones refused) are
 *       found failing together and one fault opens for them all.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class MeshEvaluationBenchmark {
  private static final Instant NOW = Instant.parse("2026-03-02T11:00:30Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** How many routes the mesh has. */
  @Param({"100", "1000"})
  public int routes;

  /** What the probes say. */
  @Param({"HEALTHY", "SERVER_DOWN"})
  public String history;

  private MonitorConfiguration configuration;
  private final Map<String, List<Probe>> probes = new HashMap<>();
  private final Map<String, RouteState> settled = new HashMap<>();
  private EvaluationRound round;

  @Setup(Level.Trial)
  public void setUp() {
    List<Route> mesh = mesh(routes);
    List<Server> servers = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Route route : mesh) {
      for (String server : List.of(route.source(), route.target())) {
        if (ids.add(server)) {
          servers.add(
              Server.smtp(
                  server,
                  new SmtpEndpoint("mx.example.com", 587, TransportSecurity.STARTTLS, null)));
        }
      }
    }
    configuration = new MonitorConfiguration(servers, mesh);
    for (Route route : mesh) {
      boolean down = history.equals("SERVER_DOWN") && route.source().equals("MX00");
      List<Probe> history = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Instant sent = NOW.minus(Duration.ofMinutes(60)).plus(FIVE_MINUTES.multipliedBy(i));
        boolean refused = down && i >= 9;
        history.add(
            new Probe(
                route.id(),
                "probe" + i,
                sent,
                refused
                    ? Submission.failed(sent, 421, "4.3.2 Service shutting down")
                    : Submission.accepted(sent, 250, "2.0.0 Ok"),
                refused ? null : new Delivery(sent.plusSeconds(4), List.of())));
      }
      probes.put(route.id(), history);
      // Healthy until now: the state an earlier run stored.
      settled.put(
          route.id(),
          new RouteState(
              route.id(),
              dev.mailflow.domain.evaluation.RouteCondition.HEALTHY,
              null,
              NOW.minus(Duration.ofHours(2)),
              null,
              null,
              NOW.minus(FIVE_MINUTES),
              1));
    }
  }

  /** Every run starts from the same stored states, so each one opens the same fault. */
  @Setup(Level.Invocation)
  public void freshStates() {
    round =
        new EvaluationRound(
            new MemoryProbes(probes),
            new MemoryStates(settled),
            () -> new WindowLoad(List.of(), List.of()),
            new CountingPublisher(),
            new MemoryLedger(),
            new RouteEvaluator(),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(2));
  }

  @Benchmark
  public EvaluationReport evaluateEveryRoute() {
    return round.run(configuration);
  }

  /** The first {@code count} routes of a full mesh of just enough servers, MX00 first. */
  static List<Route> mesh(int count) {
    int servers = 2;
    while (servers * (servers - 1) < count) {
      servers++;
    }
    List<Route> mesh = new ArrayList<>(count);
    for (int s = 0; s < servers && mesh.size() < count; s++) {
      for (int t = 0; t < servers && mesh.size() < count; t++) {
        if (s != t) {
          String source = String.format("MX%02d", s);
          String target = String.format("MX%02d", t);
          mesh.add(
              new Route(
                  Route.idFor(source, target),
                  source,
                  target,
                  "mailflow@example.com",
                  "probe@example.com",
                  RoutePolicy.defaults(),
                  true));
        }
      }
    }
    return mesh;
  }

  private static final class MemoryProbes implements ProbeStore {
    private final Map<String, List<Probe>> probes;

    MemoryProbes(Map<String, List<Probe>> probes) {
      this.probes = probes;
    }

    @Override
    public Optional<Instant> lastSentAt(String routeId) {
      throw new UnsupportedOperationException("not read by an evaluation");
    }

    @Override
    public boolean claimSendSlot(String routeId, Instant now, Instant until) {
      throw new UnsupportedOperationException("not written by an evaluation");
    }

    @Override
    public void recordSubmission(Probe probe) {
      throw new UnsupportedOperationException("not written by an evaluation");
    }

    @Override
    public ArrivalOutcome recordArrival(Arrival arrival) {
      throw new UnsupportedOperationException("not written by an evaluation");
    }

    @Override
    public List<Probe> probesSince(String routeId, Instant from) {
      return probes.getOrDefault(routeId, List.of());
    }
  }

  private static final class MemoryStates implements RouteStateStore {
    private final Map<String, StoredRouteState> states = new HashMap<>();

    MemoryStates(Map<String, RouteState> settled) {
      for (Map.Entry<String, RouteState> entry : settled.entrySet()) {
        states.put(entry.getKey(), new StoredRouteState(entry.getValue(), List.of(), null));
      }
    }

    @Override
    public Optional<StoredRouteState> load(String routeId) {
      return Optional.ofNullable(states.get(routeId));
    }

    @Override
    public OptionalLong save(
        RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
      StoredRouteState stored = states.get(next.routeId());
      long version = stored == null ? 0 : stored.state().version();
      if (version != expectedVersion) {
        return OptionalLong.empty();
      }
      RouteState saved =
          new RouteState(
              next.routeId(),
              next.condition(),
              next.incident(),
              next.monitoredSince(),
              next.flushesReportedUntil(),
              next.judgedFrom(),
              next.evaluatedAt(),
              version + 1);
      states.put(next.routeId(), new StoredRouteState(saved, unsent, publishingUntil));
      return OptionalLong.of(version + 1);
    }
  }

  private static final class MemoryLedger implements NoticeLedger {
    private final Set<String> claimed = new HashSet<>();

    @Override
    public boolean claim(String fingerprint, Instant now) {
      return claimed.add(fingerprint);
    }

    @Override
    public void confirm(String fingerprint, Instant now) {}

    @Override
    public boolean confirmed(String fingerprint, Instant now) {
      return false;
    }

    @Override
    public void release(String fingerprint) {
      claimed.remove(fingerprint);
    }
  }

  private static final class CountingPublisher implements AlertPublisher {
    private int published;

    @Override
    public void publish(Notice notice) {
      published++;
    }

    @Override
    public void publish(ConfigurationNotice notice) {
      published++;
    }
  }
}
