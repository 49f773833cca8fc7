package dev.mailflow.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mailflow.domain.maintenance.Recurrence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScenarioReaderTest {
  private static final String VALID =
      """
      name: small
      date: 2006-07-28
      timeZone: "+02:00"
      start: "12:00"
      end: "13:00"
      monitor:
        firstSend: "12:04:01"
        policy: {probeInterval: 15m, lossTimeout: 10m, warningLatency: 5m, criticalLatency: 8m}
      servers:
        - {id: MX01, domain: mx01.contoso.se, clockSkew: -3m}
        - {id: MX02, domain: mx02.contoso.se}
      routes:
        - {source: MX02, target: MX01}
        - {source: MX01, target: MX02, policy: {lossTimeout: 12m}}
      timeline:
        - {at: "12:15", event: down, server: MX01}
        - {at: "12:10", event: putWindow, window: w1, scope: "server:MX01", start: "12:10", end: "12:40"}
        - {at: "12:20", event: setWindowEnd, window: w1, end: "12:30"}
      expect:
        notices:
          - {type: OPENED, route: MX02-to-MX01, at: "12:50", severity: critical}
        clockSkewOn: [MX02-to-MX01]
      """;

  @Test
  void read_aValidScenario_givesItsTimesInItsZoneAndItsPolicies() {
    Scenario scenario = ScenarioReader.read(VALID, "small.yaml");

    assertThat(scenario.start()).isEqualTo(Instant.parse("2006-07-28T10:00:00Z"));
    assertThat(scenario.monitor().send().first()).isEqualTo(Instant.parse("2006-07-28T10:04:01Z"));
    assertThat(scenario.route("MX02-to-MX01").orElseThrow().policy().lossTimeout())
        .isEqualTo(Duration.ofMinutes(10));
    assertThat(scenario.route("MX01-to-MX02").orElseThrow().policy().lossTimeout())
        .isEqualTo(Duration.ofMinutes(12));
    assertThat(scenario.route("MX01-to-MX02").orElseThrow().policy().probeInterval())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(scenario.server("MX01").orElseThrow().clockSkew()).isEqualTo(Duration.ofMinutes(-3));
    assertThat(scenario.timeline())
        .extracting(TimelineEvent::kind)
        .containsExactly("putWindow", "down", "setWindowEnd");
    assertThat(scenario.expectations().notices())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.at()).isEqualTo(Instant.parse("2006-07-28T10:50:00Z"));
              assertThat(notice.severity()).contains("CRITICAL");
              assertThat(notice.line()).isEqualTo(21);
            });
    assertThat(scenario.expectations().clockSkewRoutes())
        .contains(java.util.Set.of("MX02-to-MX01"));
  }

  @Test
  void read_aServerWithoutBackOffFields_backsOffFromFiveMinutesToPostfixsMaximum() {
    ScenarioServer server = ScenarioReader.read(VALID, "small.yaml").server("MX02").orElseThrow();

    assertThat(server.retryAfter(1)).isEqualTo(Duration.ofMinutes(5));
    assertThat(server.retryAfter(2)).isEqualTo(Duration.ofMinutes(10));
    assertThat(server.retryAfter(4)).isEqualTo(Duration.ofMinutes(40));
    assertThat(server.retryAfter(5)).isEqualTo(Duration.ofSeconds(4000));
    assertThat(server.retryAfter(40)).isEqualTo(Duration.ofSeconds(4000));
  }

  @Test
  void read_aMaximumRetryIntervalEqualToTheFirst_retriesAtAFixedInterval() {
    String text =
        VALID.replace(
            "{id: MX02, domain: mx02.contoso.se}",
            "{id: MX02, domain: mx02.contoso.se, retryInterval: 10m, maxRetryInterval: 10m}");

    ScenarioServer server = ScenarioReader.read(text, "small.yaml").server("MX02").orElseThrow();

    assertThat(server.retryAfter(1)).isEqualTo(Duration.ofMinutes(10));
    assertThat(server.retryAfter(4)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void read_aMaximumRetryIntervalShorterThanTheFirst_isRefused() {
    String text =
        VALID.replace(
            "{id: MX02, domain: mx02.contoso.se}",
            "{id: MX02, domain: mx02.contoso.se, retryInterval: 10m, maxRetryInterval: 5m}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 11: servers[1].maxRetryInterval: maxRetryInterval must not be shorter"
                + " than retryInterval (10m)");
  }

  @Test
  void read_theLibrary_seedStory() {
    Path file = Path.of(System.getProperty("basedir", "."), "scenarios", "seed-story.yaml");

    Scenario scenario = ScenarioReader.read(file);

    assertThat(scenario.name()).isEqualTo("seed-story");
    assertThat(scenario.expectations().notices()).hasSize(4);
  }

  @Test
  void read_theLibrary_recurringPatchNight_readsTheSeriesInItsZone() {
    Path file =
        Path.of(System.getProperty("basedir", "."), "scenarios", "recurring-patch-night.yaml");

    Scenario scenario = ScenarioReader.read(file);

    TimelineEvent.PutWindow put = (TimelineEvent.PutWindow) scenario.timeline().get(0);
    Recurrence recurrence = put.recurrence().orElseThrow();
    assertThat(recurrence.rule()).isEqualTo("FREQ=WEEKLY;BYDAY=SU");
    assertThat(recurrence.zone()).isEqualTo(ZoneId.of("Europe/Stockholm"));
    assertThat(recurrence.firstStart()).isEqualTo(LocalDateTime.parse("2026-10-04T02:00"));
    assertThat(recurrence.length()).isEqualTo(Duration.ofHours(2));
    assertThat(put.end()).isNull();
  }

  @Test
  void read_aRecurringWindowWithABadRuleOrAnEnd_isRefusedWithItsLine() {
    String text =
        VALID.replace(
            "start: \"12:10\", end: \"12:40\"}",
            "start: \"12:10\", end: \"12:40\", every: \"FREQ=SOMETIMES\", duration: 30m}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("small.yaml: line 17: timeline[1].every:")
                    .contains("'FREQ=SOMETIMES' is not an RFC 5545 recurrence rule"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("a recurring window has no 'end': each occurrence lasts its"));
  }

  @Test
  void read_aSetWindowEndOnARecurringWindow_isRefused() {
    String text =
        VALID.replace(
            "start: \"12:10\", end: \"12:40\"}",
            "start: \"12:10\", every: \"FREQ=DAILY\", duration: 30m}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 18: timeline[2].window: window 'w1' is recurring: it has no end to"
                + " set, only a duration");
  }

  @Test
  void read_anUnknownServer_namesItsLineAndTheKnownServers() {
    String text =
        VALID.replace(
            "{at: \"12:15\", event: down, server: MX01}",
            "{at: \"12:15\", event: down, server: MX03}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 16: timeline[0].server: unknown server 'MX03' (servers: MX01, MX02)");
  }

  @Test
  void read_aTimeThatIsNotATime_orOutsideTheScenario_isRefusedWithItsLine() {
    String text =
        VALID
            .replace("at: \"12:15\"", "at: \"quarter past\"")
            .replace("at: \"12:50\"", "at: \"14:00\"");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .satisfiesExactly(
            first ->
                assertThat(first)
                    .startsWith(
                        "small.yaml: line 16: timeline[0].at: at 'quarter past' is not a time"),
            second ->
                assertThat(second)
                    .isEqualTo(
                        "small.yaml: line 21: expect.notices[0].at: at 14:00 is outside the scenario,"
                            + " which runs from 12:00 to 13:00"));
  }

  @Test
  void read_anUnknownEventAndAMissingField_areReportedTogether() {
    String text =
        VALID
            .replace("event: down, server: MX01", "event: shutdown, server: MX01")
            .replace("window: w1, end: \"12:30\"", "window: w1");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults()).hasSize(2);
    assertThat(fault.faults().get(0))
        .startsWith(
            "small.yaml: line 16: timeline[0].event: unknown event 'shutdown': use one of putWindow,");
    assertThat(fault.faults().get(1))
        .isEqualTo("small.yaml: line 18: timeline[2]: 'end' is missing");
  }

  @Test
  void read_aBadDate_isReportedWithTheFaultsOfTheRest() {
    String text =
        VALID
            .replace("date: 2006-07-28", "date: 28.07.2006")
            .replace("{source: MX02, target: MX01}", "{source: MX03, target: MX01}")
            .replace("event: down, server: MX01", "event: shutdown, server: MX01");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .anySatisfy(message -> assertThat(message).contains("line 2: date: date '28.07.2006'"))
        .anySatisfy(
            message -> assertThat(message).contains("routes[0].source: unknown server 'MX03'"))
        .anySatisfy(
            message -> assertThat(message).contains("timeline[0].event: unknown event 'shutdown'"));
  }

  @Test
  void read_anEndBeforeTheStart_isReportedWithTheFaultsOfTheRest() {
    String text =
        VALID
            .replace("end: \"13:00\"", "end: \"11:00\"")
            .replace("event: down, server: MX01", "event: down, server: MX03");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 5: end: the end must come after the start",
            "small.yaml: line 16: timeline[0].server: unknown server 'MX03' (servers: MX01, MX02)");
  }

  @Test
  void read_aPolicyThatCannotBe_isRefusedAsTheConfigurationDocumentWouldRefuseIt() {
    String text =
        VALID.replace(
            "warningLatency: 5m, criticalLatency: 8m", "warningLatency: 9m, criticalLatency: 8m");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .singleElement()
        .satisfies(
            message ->
                assertThat(message)
                    .startsWith("small.yaml: line 8: monitor.policy: policy: ")
                    .contains("warning"));
  }

  @Test
  void read_aWindowChangedBeforeItIsPut_isRefused() {
    String text =
        VALID.replace("{at: \"12:20\", event: setWindowEnd", "{at: \"12:05\", event: setWindowEnd");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 18: timeline[2].window: window 'w1' is not put by an earlier putWindow"
                + " or putWindowItem");
  }

  @Test
  void read_anAlertTopicBroughtBackThatWasNeverDown_isRefused() {
    String text =
        VALID.replace(
            "{at: \"12:15\", event: down, server: MX01}", "{at: \"12:15\", event: topicUp}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 16: timeline[0]: the alert topic is not down: put a topicDown before");
  }

  @Test
  void read_aNoticeReceivedBeforeItIsDecided_isRefused() {
    String text =
        VALID.replace(
            "{type: OPENED, route: MX02-to-MX01, at: \"12:50\", severity: critical}",
            "{type: OPENED, route: MX02-to-MX01, at: \"12:50\", received: \"12:45\"}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 21: expect.notices[0].received: a notice is received when it is"
                + " decided ('at') or later, not before");
  }

  @Test
  void read_aSubmissionRefusal_takesItsCodeAndText_andRefusesAReplyThatAccepts() {
    String refusing =
        VALID.replace(
            "{at: \"12:15\", event: down, server: MX01}",
            "{at: \"12:15\", event: refuseSubmission, server: MX01,"
                + " reply: \"554 5.7.1 Sender address rejected: Access denied\"}");
    String accepting = refusing.replace("554 5.7.1 Sender", "250 2.1.0 Sender");

    TimelineEvent event = ScenarioReader.read(refusing, "small.yaml").timeline().get(1);
    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(accepting, "small.yaml"));

    assertThat(event)
        .isEqualTo(
            new TimelineEvent.RefuseSubmission(
                Instant.parse("2006-07-28T10:15:00Z"),
                "",
                "MX01",
                554,
                "5.7.1 Sender address rejected: Access denied"));
    assertThat(fault.faults())
        .singleElement()
        .asString()
        .startsWith(
            "small.yaml: line 16: timeline[0].reply: reply '250 2.1.0 Sender address rejected:"
                + " Access denied' is not a refusal");
  }

  @Test
  void read_inboundFaults_forAnyRouteOrANamedOne_andTheReplayWindowAndOutcomesExpected() {
    String text =
        VALID
            .replace("firstSend: \"12:04:01\"", "firstSend: \"12:04:01\"\n  replayWindow: 30m")
            .replace(
                "{at: \"12:15\", event: down, server: MX01}",
                "{at: \"12:15\", event: invokeTwice}\n"
                    + "  - {at: \"12:16\", event: dropSesReply, route: MX01-to-MX02}\n"
                    + "  - {at: \"12:17\", event: forgeProbe, route: MX02-to-MX01}\n"
                    + "  - {at: \"12:55\", event: replayProbe, route: MX02-to-MX01}")
            .replace("clockSkewOn: [MX02-to-MX01]", "turnedAway: [duplicate, FORGED, REPLAYED]");

    Scenario scenario = ScenarioReader.read(text, "small.yaml");

    assertThat(scenario.monitor().replayWindow()).contains(Duration.ofMinutes(30));
    assertThat(scenario.timeline())
        .filteredOn(event -> event.at().isAfter(Instant.parse("2006-07-28T10:14:00Z")))
        .extracting(TimelineEvent::kind)
        .containsExactly(
            "invokeTwice", "dropSesReply", "forgeProbe", "setWindowEnd", "replayProbe");
    assertThat(((TimelineEvent.InvokeTwice) scenario.timeline().get(1)).route()).isEmpty();
    assertThat(((TimelineEvent.DropSesReply) scenario.timeline().get(2)).route())
        .contains("MX01-to-MX02");
    assertThat(scenario.expectations().turnedAway())
        .contains(java.util.List.of("DUPLICATE", "FORGED", "REPLAYED"));
  }

  @Test
  void read_aForgedProbeWithoutARoute_orForAnUnknownOne_isRefused() {
    String text =
        VALID.replace(
            "{at: \"12:15\", event: down, server: MX01}",
            "{at: \"12:15\", event: forgeProbe}\n"
                + "  - {at: \"12:16\", event: replayProbe, route: MX03-to-MX01}");

    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read(text, "small.yaml"));

    assertThat(fault.faults())
        .containsExactly(
            "small.yaml: line 16: timeline[0]: 'route' is missing",
            "small.yaml: line 17: timeline[1].route: unknown route 'MX03-to-MX01' (routes:"
                + " MX02-to-MX01, MX01-to-MX02)");
  }

  @Test
  void read_textThatIsNotYaml_saysWhere() {
    ScenarioException fault =
        catchThrowableOfType(
            ScenarioException.class, () -> ScenarioReader.read("name: [unclosed", "broken.yaml"));

    assertThat(fault.faults()).singleElement().asString().startsWith("broken.yaml: line ");
  }
}
