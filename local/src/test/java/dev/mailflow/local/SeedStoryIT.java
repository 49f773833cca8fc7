package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.output.HtmlReport;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunResult;
import dev.mailflow.local.simulation.Simulation;
import dev.mailflow.testsupport.MotoServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The story Mailflow comes from, played through the whole pipeline: the same timings as in 2006,
 * and the notices of {@code SeedStoryAcceptanceTest}, now from the real functions, SMTP and the
 * emulator.
 */
@ExtendWith(MotoServerExtension.class)
class SeedStoryIT {
  private static Scenario scenario;
  private static RunResult result;

  @BeforeAll
  static void playTheStory(MotoServer moto) {
    scenario = ScenarioReader.read(ScenarioLibraryIT.LIBRARY.resolve("seed-story.yaml"));
    result = new Simulation(scenario, moto.environment(), List.of()).run();
  }

  @Test
  void mx02SendsItsProbesAtTheStorysTimes_andMx01TakesTheQueuedOnesAtOnceAt130747() {
    List<Probe> probes = result.probes().get("MX02-to-MX01");

    assertThat(probes)
        .filteredOn(
            probe -> probe.delivery() != null && probe.latency().orElseThrow().toMinutes() > 1)
        .extracting(probe -> probe.latency().orElseThrow().toSeconds())
        .containsExactly(2926L, 2026L, 1126L, 226L);
    assertThat(probes)
        .filteredOn(probe -> probe.latency().map(l -> l.toMinutes() > 1).orElse(false))
        .allSatisfy(
            probe -> assertThat(probe.delivery().deliveredAt()).isEqualTo(local("13:07:47")));
  }

  @Test
  void probesFromMx01CannotBeSubmittedWhileItIsDown() {
    assertThat(result.eventsOf(RunEvent.ProbeSubmitted.class))
        .filteredOn(sent -> sent.route().equals("MX01-to-MX02") && !sent.accepted())
        .extracting(RunEvent.ProbeSubmitted::sentAt)
        .containsExactly(
            local("12:19:01"), local("12:34:01"), local("12:49:01"), local("13:04:01"));
    assertThat(result.eventsOf(RunEvent.ProbeSubmitted.class))
        .filteredOn(sent -> !sent.accepted())
        .allSatisfy(sent -> assertThat(sent.reply()).contains("Connection refused"));
  }

  @Test
  void theFlushIsReportedOnce_inTheNoticeThatResolvesMx02ToMx01() {
    List<BacklogFlush> flushes =
        result.notices().stream()
            .flatMap(notice -> notice.incident().stream())
            .flatMap(notice -> notice.flushes().stream())
            .toList();

    assertThat(flushes)
        .singleElement()
        .satisfies(
            flush -> {
              assertThat(flush.size()).isEqualTo(4);
              assertThat(flush.sentDuringMaintenance()).isEqualTo(2);
              assertThat(flush.longestLatency()).isEqualTo(Duration.ofSeconds(2926));
            });
    assertThat(result.notices())
        .filteredOn(notice -> !notice.incident().orElseThrow().flushes().isEmpty())
        .extracting(
            ReceivedNotice::type, notice -> notice.route().orElseThrow(), ReceivedNotice::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("RESOLVED", "MX02-to-MX01", local("13:10:00")));
  }

  @Test
  void theStoryPlaysTheSameEveryTime(MotoServer moto) {
    RunResult again = new Simulation(scenario, moto.environment(), List.of()).run();

    assertThat(again.notices())
        .extracting(
            ReceivedNotice::type,
            ReceivedNotice::route,
            ReceivedNotice::at,
            ReceivedNotice::headline)
        .isEqualTo(
            result.notices().stream()
                .map(
                    n ->
                        org.assertj.core.groups.Tuple.tuple(
                            n.type(), n.route(), n.at(), n.headline()))
                .toList());
  }

  @Test
  void theReportIsOnePageWithItsChartsInline_andNothingToFetch() {
    String html = new HtmlReport(result).html();

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<svg class=\"chart\"")
        .contains("flush 13:07:47: 4 queued probes")
        .contains("MX02-to-MX01-20060728T110000Z")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=")
        .doesNotContain("url(http")
        .doesNotContain("@import");
  }

  private static Instant local(String time) {
    return OffsetDateTime.parse("2006-07-28T" + time + "+02:00").toInstant();
  }
}
