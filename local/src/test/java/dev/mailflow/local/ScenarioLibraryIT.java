package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunListener;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.Simulation;
import dev.mailflow.testsupport.FaultInjector;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays every scenario of the library ({@code local/scenarios/}) through the real functions against
 * one moto server, and holds each to exactly the notices it expects: none missing, none extra, as
 * read back from the subscriber's queue.
 *
 * <p>Then plays every scenario again with one attempt in ten of the functions' AWS calls failing
 * ({@link FaultInjector}: throttled, a 500 before execution, a 500 after execution, chosen evenly
 * from a seed), and holds it to the same notices and arrivals: no arrival lost or miscounted, no
 * notice lost, late or doubled, no function failed. The allowances are the two the alert docs make
 * for a publish answered with a 500, which leaves unknown whether SNS took the message: the outbox
 * publishes it again at the next evaluate run, so the notice may reach the subscriber at that run
 * instead of its own, and, where SNS had taken it, twice, the copy recognisable by its key. The
 * check counts a notice received at exactly the next run as on time and drops copies by key, each
 * only as often as such publishes were injected; anything else late or doubled still fails. The
 * seed is {@value #DEFAULT_SEED} unless {@code -Dmailflow.faults.seed=N} names another; each
 * scenario draws from the seed mixed with its file name, so a failure replays from the seed and the
 * scenario alone.
 *
 * <p>Then plays every scenario a third time judged in shards of {@value #SHARD_SIZE} route: every
 * route its own shard, handed by the scheduled run to a shard queue and delivered back to the
 * evaluate function one shard an invocation, the last shard first (see {@link Simulation}), and
 * holds it to the same notices: a round judged in several invocations tells what one tells.
 */
@ExtendWith(MotoServerExtension.class)
class ScenarioLibraryIT {
  static final Path LIBRARY = Path.of(System.getProperty("basedir", "."), "scenarios");

  static final long DEFAULT_SEED = 20261204L;
  static final double FAULT_PROBABILITY = 0.10;

  /** The harshest: every route is a shard of its own, and the round ends in the last one in. */
  static final int SHARD_SIZE = 1;

  private static final Logger LOG = LoggerFactory.getLogger(ScenarioLibraryIT.class);

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(LIBRARY)) {
      return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario_sendsExactlyTheNoticesItExpects(Path file, MotoServer moto) {
    Scenario scenario = ScenarioReader.read(file);

    RunResult result = new Simulation(scenario, moto.environment(), List.of()).run();

    assertThat(result.expectations().differences(scenario.zone()))
        .as("how %s differs from what it expects", scenario.name())
        .isEmpty();
    assertThat(result.notices()).hasSameSizeAs(scenario.expectations().notices());
  }

  @ParameterizedTest(name = "{0} under faults")
  @MethodSource("scenarios")
  void scenario_underInjectedFaults_sendsExactlyTheNoticesItExpects(Path file, MotoServer moto) {
    Scenario scenario = ScenarioReader.read(file);
    long seed = seed() ^ file.getFileName().toString().hashCode();
    FaultInjector faults =
        FaultInjector.builder().seed(seed).probability(FAULT_PROBABILITY).build();

    RunResult played =
        new Simulation(scenario, moto.environment(), List.of(), List.of(faults)).run();
    Map<String, Integer> byOperation = faults.injectedByOperation();
    int publishedAnyway = byOperation.getOrDefault("Publish SERVER_ERROR_AFTER", 0);
    RunResult result = withoutCopies(played, publishedAnyway);

    LOG.info(
        "{} under faults (seed {}): {} of {} attempts failed {}, by operation {}",
        scenario.name(),
        seed,
        faults.injectedTotal(),
        faults.attempts(),
        faults.injected(),
        byOperation);
    assertThat(faults.injectedTotal()).as("faults injected").isPositive();
    assertThat(result.expectations().differences(scenario.zone()))
        .as("how %s differs from what it expects under faults (seed %d)", scenario.name(), seed)
        .isEmpty();
    assertThat(result.notices()).hasSameSizeAs(scenario.expectations().notices());
  }

  @ParameterizedTest(name = "{0} judged in shards")
  @MethodSource("scenarios")
  void scenario_judgedInShards_sendsExactlyTheNoticesItExpects(Path file, MotoServer moto) {
    Scenario scenario = ScenarioReader.read(file);
    AtomicInteger evaluateInvocations = new AtomicInteger();
    RunListener counter =
        new RunListener() {
          @Override
          public void event(RunEvent event) {}

          @Override
          public void invoking(String function) {
            if (function.equals("evaluate")) {
              evaluateInvocations.incrementAndGet();
            }
          }
        };

    RunResult result =
        new Simulation(
                scenario,
                moto.environment(),
                List.of(counter),
                List.of(),
                OptionalInt.of(SHARD_SIZE))
            .run();

    assertThat(result.expectations().differences(scenario.zone()))
        .as("how %s differs from what it expects judged in shards", scenario.name())
        .isEmpty();
    assertThat(result.notices()).hasSameSizeAs(scenario.expectations().notices());
    // Each round's scheduled invocation, then one per shard; a scenario of no more routes than a
    // shard would be judged in the scheduled one alone, as a stack that small is.
    int routes = scenario.routes().size();
    int shards = routes > SHARD_SIZE ? (routes + SHARD_SIZE - 1) / SHARD_SIZE : 0;
    int rounds = result.eventsOf(RunEvent.Evaluated.class).size();
    assertThat(evaluateInvocations.get())
        .as("evaluate invocations: each round's scheduled one, then one per shard")
        .isEqualTo(rounds * (1 + shards));
  }

  /**
   * The run as a subscriber that drops copies by notice key saw it: the first copy of each notice
   * kept, at most {@code allowed} later copies dropped (one per publish that failed after SNS
   * accepted it); any copy beyond that stays, and fails the check.
   */
  private static RunResult withoutCopies(RunResult result, int allowed) {
    Set<String> seen = new HashSet<>();
    List<ReceivedNotice> kept = new ArrayList<>();
    int dropped = 0;
    for (ReceivedNotice notice : result.notices()) {
      if (!seen.add(notice.key()) && dropped < allowed) {
        dropped++;
        continue;
      }
      kept.add(notice);
    }
    return withNotices(result, kept);
  }

  private static RunResult withNotices(RunResult result, List<ReceivedNotice> notices) {
    return new RunResult(
        result.scenario(),
        result.events(),
        notices,
        result.probes(),
        result.windows(),
        result.wallTime());
  }

  private static long seed() {
    return Long.getLong("mailflow.faults.seed", DEFAULT_SEED);
  }

  @Test
  void library_coversTheFailureCasesMailflowIsBuiltFor() throws IOException {
    assertThat(scenarios().map(file -> file.getFileName().toString()))
        .contains(
            "seed-story.yaml",
            "unplanned-outage.yaml",
            "quiet-maintenance.yaml",
            "window-shortened.yaml",
            "window-deleted.yaml",
            "still-down-after-window.yaml",
            "recurring-patch-night.yaml",
            "slow-relay.yaml",
            "lost-mail.yaml",
            "greylisting.yaml",
            "clock-skew.yaml",
            "monitor-stalled.yaml",
            "bad-window-item.yaml",
            "alert-topic-outage.yaml",
            "submission-failures.yaml",
            "duplicate-delivery.yaml",
            "forged-and-replayed.yaml",
            "captured-probe.yaml");
  }
}
