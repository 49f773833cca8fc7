package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
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

  private static final Scenario INCIDENTS =
      ScenarioReader.read(
          """
          name: incidents
          date: 2026-03-02
          timeZone: Z
          start: "12:00"
          end: "13:00"
          servers: [{id: MX01}, {id: MX02}]
          routes: [{source: MX01, target: MX02}]
          expect:
            notices:
              - {type: OPENED, route: MX01-to-MX02, at: "12:10", received: "12:20"}
              - {type: RESOLVED, route: MX01-to-MX02, at: "12:30"}
          """,
          "incidents.yaml");

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

  @Test
  void aNoticeReceivedLaterThanItWasDecided_matchesOnlyAnExpectationThatSaysSo() {
    ReceivedNotice late =
        ReceivedNotice.read(
            NoticeJson.write(
                new ConfigurationNotice("window item patching", "refused", at("12:10"))),
            at("12:15"));

    ExpectationReport report = result(late, notice("window item other", "12:20")).expectations();

    assertThat(report.differences(ZoneOffset.UTC))
        .containsExactly(
            "missing (line 10): CONFIGURATION  at 12:10:00 containing \"patching\"",
            "not expected: CONFIGURATION  at 12:10:00, received at 12:15:00 WARNING: CONFIGURATION"
                + " window item patching");
  }

  @Test
  void aNoticeKeptWhileTheTopicWasDown_matchesItsExpectedTimeOfReceipt() {
    ExpectationReport report =
        new RunResult(
                INCIDENTS,
                List.of(),
                List.of(
                    incident(NoticeType.OPENED, "MX01-to-MX02-A", "12:10", "12:20"),
                    incident(NoticeType.RESOLVED, "MX01-to-MX02-A", "12:30", "12:30")),
                Map.of(),
                List.of(),
                Duration.ofSeconds(1))
            .expectations();

    assertThat(report.passed()).isTrue();
  }

  @Test
  void aResolutionUnderAnotherIncidentThanTheOneOpened_isAProblem() {
    ExpectationReport report =
        new RunResult(
                INCIDENTS,
                List.of(),
                List.of(
                    incident(NoticeType.OPENED, "MX01-to-MX02-A", "12:10", "12:20"),
                    incident(NoticeType.RESOLVED, "MX01-to-MX02-B", "12:30", "12:30")),
                Map.of(),
                List.of(),
                Duration.ofSeconds(1))
            .expectations();

    assertThat(report.problems())
        .containsExactly(
            "RESOLVED MX01-to-MX02 of 2026-03-02 12:30:00Z names incident MX01-to-MX02-B, but the"
                + " subscriber was told MX01-to-MX02-A opened");
  }

  @Test
  void aNoticeReceivedTwice_isAProblemEvenWhereTheOtherCopyIsExpected() {
    ReceivedNotice opened = incident(NoticeType.OPENED, "MX01-to-MX02-A", "12:10", "12:20");

    ExpectationReport report =
        new RunResult(
                INCIDENTS,
                List.of(),
                List.of(
                    opened,
                    incident(NoticeType.OPENED, "MX01-to-MX02-A", "12:10", "12:25"),
                    incident(NoticeType.RESOLVED, "MX01-to-MX02-A", "12:30", "12:30")),
                Map.of(),
                List.of(),
                Duration.ofSeconds(1))
            .expectations();

    assertThat(report.problems())
        .containsExactly(
            "the subscriber received OPENED MX01-to-MX02 of 2026-03-02 12:10:00Z more than once");
    assertThat(report.unexpected()).hasSize(1);
  }

  @Test
  void aTimelineEventThatFoundNothingToActOn_failsTheRun() {
    RunResult result =
        new RunResult(
            SCENARIO,
            List.of(
                new RunEvent.EventWithoutEffect(
                    at("12:30"), "replayProbe for MX01-to-MX02 found no probe delivered yet")),
            List.of(notice("window item patching", "12:10"), notice("window item other", "12:20")),
            Map.of(),
            List.of(),
            Duration.ofSeconds(1));

    assertThat(result.expectations().problems())
        .containsExactly(
            "the scenario's replayProbe for MX01-to-MX02 found no probe delivered yet (at"
                + " 2026-03-02 12:30:00Z)");
  }

  @Test
  void mailTurnedAwayOtherwiseThanExpected_failsTheRun() {
    Scenario scenario =
        ScenarioReader.read(
            """
            name: turned-away
            date: 2026-03-02
            start: "12:00"
            end: "13:00"
            servers: [{id: MX01}, {id: MX02}]
            routes: [{source: MX01, target: MX02}]
            expect: {notices: [], turnedAway: [FORGED, REPLAYED]}
            """,
            "turned-away.yaml");
    RunResult result =
        new RunResult(
            scenario,
            List.of(
                new RunEvent.ArrivalRefused(
                    at("12:15"), "m1", "MX01-to-MX02", "FORGED", "a forged probe")),
            List.of(),
            Map.of(),
            List.of(),
            Duration.ofSeconds(1));

    assertThat(result.expectations().problems())
        .containsExactly(
            "the receive function was expected to turn away [FORGED, REPLAYED] and turned away"
                + " [FORGED]");
  }

  private static RunResult result(ReceivedNotice... notices) {
    return new RunResult(
        SCENARIO, List.of(), List.of(notices), Map.of(), List.of(), Duration.ofSeconds(1));
  }

  private static ReceivedNotice notice(String subject, String time) {
    return ReceivedNotice.read(
        NoticeJson.write(new ConfigurationNotice(subject, "refused: " + subject, at(time))),
        at(time));
  }

  private static ReceivedNotice incident(
      NoticeType type, String incidentId, String decided, String received) {
    return ReceivedNotice.read(
        NoticeJson.write(
            new Notice(
                type,
                "MX01-to-MX02",
                "MX01",
                "MX02",
                incidentId,
                at("12:10"),
                Severity.CRITICAL,
                RouteCondition.FAILING,
                at(decided),
                type + " CRITICAL MX01-to-MX02: 2 lost",
                "2 lost",
                List.of(),
                List.of(),
                0)),
        at(received));
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-02T" + time + ":00Z");
  }
}
