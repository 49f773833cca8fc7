package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.Simulation;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plays every scenario of the library ({@code local/scenarios/}) through the real functions against
 * one moto server, and holds each to exactly the notices it expects: none missing, none extra, as
 * read back from the subscriber's queue.
 */
@ExtendWith(MotoServerExtension.class)
class ScenarioLibraryIT {
  static final Path LIBRARY = Path.of(System.getProperty("basedir", "."), "scenarios");

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
            "forged-and-replayed.yaml");
  }
}
