package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpectationReportTest {
  private static final Scenario SCENARIO =
      ScenarioReader.read(
          """
          name: expectations
          date: 2026-03-02
          timeZone: Z
          start: "12:00"
          end: "13:00"
          servers: [{id: MX01}, {id: MX02}]
          routes: [{source: MX01, target: MX02}]
          expect:
            notices:
              - {type: CONFIGURATION, at: "12:10", contains: "patching"}
              - {type: CONFIGURATION, at: "12:20"}
          """,
          "expectations.yaml");

  @Test
  void aRunWithExactlyTheExpectedNotices_passes() {
    ExpectationReport report =
        result(notice("window item patching", "12:10"), notice("window item other", "12:20"))
            .expectations();

    assertThat(report.passed()).isTrue();
    assertThat(report.matched()).hasSize(2);
  }

  @Test
  void aNoticeAtAnotherTime_isBothMissingAndNotExpected() {
    ExpectationReport report =
        result(notice("window item patching", "12:10"), notice("window item other", "12:25"))
            .expectations();

    assertThat(report.passed()).isFalse();
    assertThat(report.differences(ZoneOffset.UTC))
        .containsExactly(
            "missing (line 11): CONFIGURATION  at 12:20:00",
            "not expected: CONFIGURATION  at 12:25:00 WARNING: CONFIGURATION window item other");
  }

  @Test
  void aNoticeWithoutTheExpectedText_doesNotCount() {
    ExpectationReport report =
        result(notice("window item other", "12:10"), notice("window item other", "12:20"))
            .expectations();

    assertThat(report.missing()).extracting(expected -> expected.line()).containsExactly(10);
    assertThat(report.unexpected()).hasSize(1);
  }

  @Test
  void aFailedFunction_failsTheRunWhateverTheNotices() {
    RunResult result =
        new RunResult(
            SCENARIO,
            List.of(new RunEvent.FunctionFailed(at("12:30"), "send", "IllegalStateException: no")),
            List.of(notice("window item patching", "12:10"), notice("window item other", "12:20")),
            Map.of(),
            List.of(),
            Duration.ofSeconds(1));

    assertThat(result.expectations().problems())
        .singleElement()
        .asString()
        .startsWith("the send function failed at 2026-03-02T12:30:00Z");
  }

  private static RunResult result(ReceivedNotice... notices) {
    return new RunResult(
        SCENARIO, List.of(), List.of(notices), Map.of(), List.of(), Duration.ofSeconds(1));
  }

  private static ReceivedNotice notice(String subject, String time) {
    return ReceivedNotice.read(
        NoticeJson.write(new ConfigurationNotice(subject, "refused: " + subject, at(time))));
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-02T" + time + ":00Z");
  }
}
