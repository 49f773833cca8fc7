package dev.mailflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.evaluation.EvaluationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class EvaluateSummaryTest {

  @Test
  void emitMetrics_ofTheEndOfARoundInShards_countsTheOpenIncidentsOfEveryRoute() {
    String line = metricLine(new EvaluationReport(List.of(), 0, 0, 0, OptionalInt.of(7)));

    assertThat(line).contains("\"OpenIncidents\":7");
  }

  @Test
  void emitMetrics_ofAShardThatDidNotEndTheRound_leavesOpenIncidentsToTheEnd() {
    String line = metricLine(new EvaluationReport(List.of(), 0, 0, 0, OptionalInt.empty()));

    assertThat(line).doesNotContain("OpenIncidents").contains("\"LostProbes\":0");
  }

  @Test
  void emitMetrics_ofARunThatJudgedEveryRoute_countsItsOwnRoutes() {
    String line = metricLine(new EvaluationReport(List.of(), 0, 0, 0));

    assertThat(line).contains("\"OpenIncidents\":0");
  }

  private static String metricLine(EvaluationReport report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EvaluateSummary(report, 12)
        .emitMetrics(
            new EmbeddedMetrics(
                "Mailflow",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                false));
    return out.toString(StandardCharsets.UTF_8);
  }
}
