package dev.mailflow.local.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpClientTest {
  private final RecordingIntake intake = new RecordingIntake();
  private final SmtpClient client = new SmtpClient("relay.example", Duration.ofSeconds(5));
  private SmtpServer server;

  @BeforeEach
  void listen() {
    server = new SmtpServer("test", intake);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void send_handsEveryMailOfABatchOverOneConnection_withItsContentIntact() {
    SmtpClient.Attempt attempt =
        client.send(
            address(),
            List.of(mail("a@mx.test.example", ".dot\r\n"), mail("b@mx.test.example", "two\r\n")));

    assertThat(attempt.connected()).isTrue();
    assertThat(attempt.handovers())
        .extracting(SmtpClient.Handover::outcome)
        .containsExactly(SmtpClient.Outcome.ACCEPTED, SmtpClient.Outcome.ACCEPTED);
    assertThat(attempt.handovers().get(1).answer()).isEqualTo("250 2.0.0 Ok: queued as Q2");
    assertThat(intake.contents()).containsExactly(".dot\r\n", "two\r\n");
    assertThat(intake.envelopes().get(0).clientName()).isEqualTo("relay.example");
  }

  @Test
  void send_toAServerThatIsDown_defersEveryMailAndSaysTheConnectionWasRefused() {
    InetSocketAddress address = address();
    server.stop();

    SmtpClient.Attempt attempt = client.send(address, List.of(mail("a@mx.test.example", "x\r\n")));

    assertThat(attempt.connected()).isFalse();
    assertThat(attempt.handovers())
        .singleElement()
        .satisfies(
            handover -> {
              assertThat(handover.outcome()).isEqualTo(SmtpClient.Outcome.DEFERRED);
              assertThat(handover.answer())
                  .isEqualTo(
                      "connect to 127.0.0.1:" + address.getPort() + " failed: Connection refused");
            });
  }

  @Test
  void send_defersOnATemporaryRefusal_andGivesUpOnAPermanentOne() {
    intake.refuse("later@mx.test.example", SmtpReply.of(451, "4.7.1 Greylisted"));
    intake.refuse("never@mx.test.example", SmtpReply.of(550, "5.1.1 No such user"));

    SmtpClient.Attempt attempt =
        client.send(
            address(),
            List.of(
                mail("later@mx.test.example", "x\r\n"),
                mail("never@mx.test.example", "y\r\n"),
                mail("fine@mx.test.example", "z\r\n")));

    assertThat(attempt.handovers())
        .extracting(SmtpClient.Handover::outcome, SmtpClient.Handover::answer)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                SmtpClient.Outcome.DEFERRED, "451 4.7.1 Greylisted"),
            org.assertj.core.groups.Tuple.tuple(
                SmtpClient.Outcome.REFUSED, "550 5.1.1 No such user"),
            org.assertj.core.groups.Tuple.tuple(
                SmtpClient.Outcome.ACCEPTED, "250 2.0.0 Ok: queued as Q1"));
  }

  @Test
  void send_whenTheServerHangsUpInsteadOfAnsweringTheData_defersTheMailAsNotKnownToHaveArrived() {
    intake.hangUpAfterData();

    SmtpClient.Attempt attempt =
        client.send(
            address(),
            List.of(mail("a@mx.test.example", "x\r\n"), mail("b@mx.test.example", "y\r\n")));

    assertThat(intake.contents()).containsExactly("x\r\n");
    assertThat(attempt.connected()).isTrue();
    assertThat(attempt.handovers())
        .allSatisfy(
            handover -> {
              assertThat(handover.outcome()).isEqualTo(SmtpClient.Outcome.DEFERRED);
              assertThat(handover.answer()).startsWith("lost connection with 127.0.0.1:");
            });
  }

  @Test
  void send_toAServerThatNeverAnswers_givesUpAfterItsTimeout_asNotConnected() {
    intake.beSilent();

    SmtpClient.Attempt attempt =
        new SmtpClient("relay.example", Duration.ofMillis(300))
            .send(address(), List.of(mail("a@mx.test.example", "x\r\n")));

    assertThat(attempt.connected()).isFalse();
    assertThat(attempt.handovers())
        .singleElement()
        .satisfies(handover -> assertThat(handover.answer()).endsWith("Read timed out"));
  }

  private InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  private static SmtpClient.Outgoing mail(String recipient, String content) {
    return new SmtpClient.Outgoing(
        new Envelope("ignored", "sender@relay.example", List.of(recipient)),
        content.getBytes(StandardCharsets.US_ASCII));
  }
}
