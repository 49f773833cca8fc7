package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.local.scenario.ScenarioServer;
import dev.mailflow.local.smtp.Envelope;
import dev.mailflow.local.smtp.SmtpClient;
import dev.mailflow.local.smtp.SmtpReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two mail servers and the inbound bridge on loopback, driven step by step on a simulated clock, as
 * the simulation drives them.
 */
class MailServerTest {
  private static final Instant NOON = Instant.parse("2026-03-02T11:00:00Z");
  private static final String TO_MX01 = "probe-from-mx02@mx01.example.com";

  private final SimulatedClock clock = new SimulatedClock(NOON);
  private final List<RunEvent> events = new ArrayList<>();
  private final InboundBridge bridge =
      new InboundBridge(
          clock, "eu-west-1", recipient -> recipient.equals(TO_MX01) ? "MX02-to-MX01" : null);
  private MailServer mx01;
  private MailServer mx02;

  @BeforeEach
  void start() {
    bridge.start();
    mx01 = server("MX01", Duration.ofMinutes(-3));
    mx02 = server("MX02", Duration.ZERO);
    Map<String, MailServer> servers = new LinkedHashMap<>();
    servers.put("MX01", mx01);
    servers.put("MX02", mx02);
    mx01.connect(servers, bridge);
    mx02.connect(servers, bridge);
    mx01.start();
    mx02.start();
  }

  @AfterEach
  void stop() {
    mx01.close();
    mx02.close();
    bridge.close();
  }

  @Test
  void mail_passesEachServerAfterItsProcessingTime_andArrivesWithAReceivedHeaderPerHop() {
    submitToMx02();

    relayAt(NOON.plusSeconds(1));
    relayAt(NOON.plusSeconds(2));

    List<InboundBridge.InboundMail> arrived = bridge.take();
    assertThat(arrived)
        .singleElement()
        .satisfies(mail -> assertThat(mail.receivedAt()).isEqualTo(NOON.plusSeconds(2)));
    String content = new String(arrived.get(0).content(), StandardCharsets.US_ASCII);
    assertThat(content)
        .contains("by inbound-smtp.eu-west-1.amazonaws.com with SMTP id")
        .contains("by mx01.example.com (Mailflow local) with ESMTP id MX01-0001")
        .contains("by mx02.example.com (Mailflow local) with ESMTP id MX02-0001");
  }

  @Test
  void receivedHeader_isDatedByTheServersOwnClock() {
    submitToMx02();
    relayAt(NOON.plusSeconds(1));

    relayAt(NOON.plusSeconds(2));

    String content = new String(bridge.take().get(0).content(), StandardCharsets.US_ASCII);
    // MX01's clock is three minutes behind: it stamps 11:57:01 local (+01:00) at 12:00:01.
    assertThat(content).contains("for <" + TO_MX01 + ">; Mon, 2 Mar 2026 11:57:01 +0100");
    assertThat(content).contains("; Mon, 2 Mar 2026 12:00:00 +0100");
  }

  @Test
  void aNextHopThatIsDown_keepsTheMailQueued_untilARetryAfterItComesBack() {
    mx01.down();
    submitToMx02();

    relayAt(NOON.plusSeconds(1));
    mx01.up();
    relayAt(NOON.plusSeconds(61));

    assertThat(mx02.queued()).isEqualTo(1);
    assertThat(mx02.nextDue()).contains(NOON.plusSeconds(1).plus(Duration.ofMinutes(5)));
    assertThat(events)
        .filteredOn(RunEvent.RelayDeferred.class::isInstance)
        .singleElement()
        .satisfies(
            event ->
                assertThat(((RunEvent.RelayDeferred) event).reason())
                    .endsWith("Connection refused"));
    relayAt(NOON.plusSeconds(301));
    assertThat(mx02.queued()).isZero();
    assertThat(mx01.queued()).isEqualTo(1);
  }

  @Test
  void aMailThatKeepsFailing_waitsTwiceAsLongAfterEachAttempt_upToTheMaximum() {
    mx01.down();
    submitToMx02();
    List<Instant> attempts = new ArrayList<>();

    Instant next = NOON.plusSeconds(1);
    for (int attempt = 0; attempt < 5; attempt++) {
      attempts.add(next);
      relayAt(next);
      next = mx02.nextDue().orElseThrow();
    }

    // 5m, 10m, 20m, then the 30-minute maximum.
    assertThat(attempts)
        .containsExactly(
            NOON.plusSeconds(1),
            NOON.plusSeconds(1).plus(Duration.ofMinutes(5)),
            NOON.plusSeconds(1).plus(Duration.ofMinutes(15)),
            NOON.plusSeconds(1).plus(Duration.ofMinutes(35)),
            NOON.plusSeconds(1).plus(Duration.ofMinutes(65)));
    assertThat(next).isEqualTo(NOON.plusSeconds(1).plus(Duration.ofMinutes(95)));
    assertThat(events)
        .filteredOn(RunEvent.RelayDeferred.class::isInstance)
        .extracting(event -> ((RunEvent.RelayDeferred) event).retryAt())
        .last()
        .isEqualTo(next);
  }

  @Test
  void mailArrivingWhileItsNextHopIsDown_waitsForTheHopsRetry_thenForItsOwnBackOff() {
    mx01.down();
    submitToMx02();
    relayAt(NOON.plusSeconds(1));
    relayAt(NOON.plusSeconds(301));

    clock.moveTo(NOON.plusSeconds(400));
    submitToMx02();

    // The hop was refused at 12:05:01: the new mail waits until 12:10:01, then tries on its own.
    assertThat(mx02.nextDue()).contains(NOON.plusSeconds(601));
    mx01.up();
    relayAt(NOON.plusSeconds(601));
    assertThat(mx02.queued()).as("the older mail waits for its own retry at 12:15:01").isOne();
    assertThat(mx02.nextDue()).contains(NOON.plusSeconds(901));
  }

  @Test
  void aServerRefusingSubmission_answersMailFromWithItsReply_untilItAcceptsAgain() {
    mx02.refuseSubmission(SmtpReply.of(554, "5.7.1 Sender address rejected: Access denied"));

    SmtpClient.Attempt refused = submit(Duration.ofSeconds(5));

    assertThat(refused.handovers())
        .singleElement()
        .satisfies(
            handover -> {
              assertThat(handover.outcome()).isEqualTo(SmtpClient.Outcome.REFUSED);
              assertThat(handover.answer())
                  .isEqualTo("554 5.7.1 Sender address rejected: Access denied");
            });
    assertThat(mx02.queued()).isZero();
    mx02.acceptSubmission();
    submitToMx02();
    assertThat(mx02.queued()).isOne();
  }

  @Test
  void aServerWhoseSubmissionHangs_saysNothingThere_butStillTakesRelayedMail() {
    mx01.hangSubmission();
    mx02.hangSubmission();

    SmtpClient.Attempt hung = submit(Duration.ofMillis(300));
    mx02.acceptSubmission();
    submitToMx02();
    relayAt(NOON.plusSeconds(1));

    assertThat(hung.connected()).isFalse();
    assertThat(hung.handovers().get(0).answer()).endsWith("Read timed out");
    assertThat(mx01.queued()).as("MX01's relay port still answers").isOne();
  }

  @Test
  void aMailWhoseReplySesNeverSent_isSentAgainAtTheNextRetry_soSesHasItTwice() {
    bridge.dropReplyToNext(Optional.of("MX02-to-MX01"));
    submitToMx02();
    relayAt(NOON.plusSeconds(1));

    relayAt(NOON.plusSeconds(2));
    List<InboundBridge.InboundMail> first = bridge.take();
    relayAt(NOON.plusSeconds(2).plus(Duration.ofMinutes(5)));
    List<InboundBridge.InboundMail> again = bridge.take();

    assertThat(first)
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.replyDropped()).isTrue();
              assertThat(mail.route()).isEqualTo("MX02-to-MX01");
            });
    assertThat(again)
        .singleElement()
        .satisfies(
            mail -> {
              assertThat(mail.replyDropped()).isFalse();
              assertThat(mail.messageId()).isNotEqualTo(first.get(0).messageId());
              assertThat(mail.asSent()).isEqualTo(first.get(0).asSent());
            });
    assertThat(mx01.queued()).isZero();
  }

  @Test
  void greylisting_refusesTheFirstAttemptForNow_andTakesTheRetryAfterTheDelay() {
    mx01.greylist(Duration.ofMinutes(4));
    submitToMx02();

    relayAt(NOON.plusSeconds(1));

    assertThat(events).anyMatch(RunEvent.Greylisted.class::isInstance);
    assertThat(mx02.queued()).isEqualTo(1);
    relayAt(NOON.plusSeconds(301));
    assertThat(mx02.queued()).isZero();
    assertThat(mx01.queued()).isEqualTo(1);
  }

  @Test
  void lose_dropsTheNextMailsOfTheRoute_butSaysItTookThem() {
    mx01.lose(1, "MX02-to-MX01");
    submitToMx02();

    relayAt(NOON.plusSeconds(1));

    assertThat(mx02.queued()).isZero();
    assertThat(mx01.queued()).isZero();
    assertThat(events)
        .filteredOn(RunEvent.MailLost.class::isInstance)
        .singleElement()
        .satisfies(
            event -> assertThat(((RunEvent.MailLost) event).route()).isEqualTo("MX02-to-MX01"));
  }

  private MailServer server(String id, Duration skew) {
    ScenarioServer configuration =
        new ScenarioServer(
            id,
            id.toLowerCase(java.util.Locale.ROOT) + ".example.com",
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(30),
            skew,
            Duration.ZERO,
            Duration.ZERO,
            Optional.empty(),
            false);
    return new MailServer(
        configuration,
        clock,
        ZoneId.of("Europe/Stockholm"),
        events::add,
        recipient -> recipient.equals(TO_MX01) ? "MX02-to-MX01" : null);
  }

  private void submitToMx02() {
    SmtpClient.Attempt attempt = submit(Duration.ofSeconds(5));
    assertThat(attempt.handovers())
        .extracting(SmtpClient.Handover::outcome)
        .containsExactly(SmtpClient.Outcome.ACCEPTED);
  }

  private SmtpClient.Attempt submit(Duration timeout) {
    return new SmtpClient("monitor.example.com", timeout)
        .send(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), mx02.submissionPort()),
            List.of(
                new SmtpClient.Outgoing(
                    new Envelope("ignored", "mailflow@monitor.example.com", List.of(TO_MX01)),
                    "Subject: probe\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))));
  }

  private void relayAt(Instant instant) {
    clock.moveTo(instant);
    mx02.relayDue();
    mx01.relayDue();
  }
}
