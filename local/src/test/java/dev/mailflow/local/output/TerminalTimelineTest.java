package dev.mailflow.local.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.ReceivedNotice;
import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunSetup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the timeline on the terminal says about the failures the functions must survive. */
class TerminalTimelineTest {
  private static final Scenario SCENARIO =
      ScenarioReader.read(
          """
          name: timeline
          date: 2026-03-02
          start: "12:00"
          end: "13:00"
          servers: [{id: MX01}, {id: MX02}]
          routes: [{source: MX01, target: MX02}]
          expect: {notices: []}
          """,
          "timeline.yaml");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final TerminalTimeline timeline =
      new TerminalTimeline(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new TerminalStyle(false, true),
          false);

  @BeforeEach
  void start() {
    timeline.started(SCENARIO, new RunSetup(Map.of("MX01", 25000, "MX02", 25001), 25002));
  }

  @Test
  void theAlertTopicGoingAwayAndComingBack_isShownWhenItHappens() {
    timeline.event(new RunEvent.AlertTopicState(at("12:25"), false));
    timeline.event(new RunEvent.Evaluated(at("12:30"), Map.of(), 0, 1));
    timeline.event(new RunEvent.AlertTopicState(at("12:37"), true));

    assertThat(lines())
        .containsSubsequence(
            "  12:25:00  ▼   alert topic      deleted: every publish to it fails until it is back",
            "  12:30:00  ⧗   evaluate         could not publish 1 notice; kept for its next run",
            "  12:37:00  ▲   alert topic      back: created again, the subscriber's queue subscribed"
                + " again");
  }

  @Test
  void aNoticePublishedLate_isShownWhenReceived_withWhenItWasDecided() {
    timeline.event(new RunEvent.NoticeReceived(at("12:40"), opened("12:30", "12:40")));

    assertThat(lines())
        .containsSubsequence(
            "  12:40:00  ●   notice           OPENED CRITICAL MX01-to-MX02: 2 not submitted",
            "                                 decided at 12:30:00, published by a later run");
  }

  @Test
  void forgedAndReplayedProbes_areShownAsRefused_andASecondCopyAsRecordedOnce() {
    timeline.event(
        new RunEvent.ArrivalRefused(
            at("12:15"), "m1", "MX01-to-MX02", "FORGED", "a forged probe, nothing recorded"));
    timeline.event(
        new RunEvent.ArrivalRefused(
            at("12:20"),
            "m2",
            "MX01-to-MX02",
            "DUPLICATE",
            "the same receipt event again: recorded once"));

    assertThat(lines())
        .containsExactly(
            "  12:15:00  ⊘   MX01-to-MX02     refused: a forged probe, nothing recorded (FORGED)",
            "  12:20:00  =   MX01-to-MX02     the same receipt event again: recorded once"
                + " (DUPLICATE)");
  }

  private List<String> lines() {
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    // The first two lines say where the servers listen.
    return lines.subList(2, lines.size());
  }

  private static ReceivedNotice opened(String decided, String received) {
    return ReceivedNotice.read(
        NoticeJson.write(
            new Notice(
                NoticeType.OPENED,
                "MX01-to-MX02",
                "MX01",
                "MX02",
                "MX01-to-MX02-20260302T123000Z",
                at(decided),
                Severity.CRITICAL,
                RouteCondition.FAILING,
                at(decided),
                "OPENED CRITICAL MX01-to-MX02: 2 not submitted",
                "2 not submitted",
                List.of(),
                List.of(),
                0)),
        at(received));
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-02T" + time + ":00Z");
  }
}
