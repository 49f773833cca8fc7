package dev.mailflow.adapters.smtp;

import static dev.mailflow.adapters.smtp.SmtpProbes.assertCarries;
import static dev.mailflow.adapters.smtp.SmtpProbes.probes;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.DummySSLServerSocketFactory;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.adapters.smtp.SmtpProbes.RotatableCredentials;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.testsupport.TestCertificate;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link SmtpProbeSubmitter} against GreenMail, a complete SMTP server in this JVM: plain and SMTPS
 * submission, and login with a rotated password. GreenMail has no STARTTLS; {@link
 * SmtpProbeSubmitterTest} covers it with a server of our own.
 */
class SmtpProbeSubmitterIT {

  private static final String SECRET = "mailflow/smtp/mx01";

  /**
   * GreenMail's own certificate names no host, so a client that checks identity refuses it. It
   * reads the key store to present from these properties, once per JVM: they must be set before the
   * extension below starts it.
   */
  private static final TestCertificate LOCALHOST = presentedByGreenMail();

  @RegisterExtension
  static final GreenMailExtension GREENMAIL =
      new GreenMailExtension(
              new ServerSetup[] {
                ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort(),
                ServerSetup.SMTPS.createCopy("127.0.0.1").dynamicPort()
              })
          .withConfiguration(
              GreenMailConfiguration.aConfig()
                  .withUser("probe@contoso.se", "probe", "rotated-password"))
          .withPerMethodLifecycle(true);

  private static final Clock CLOCK = Clock.fixed(SmtpProbes.SENT.plusSeconds(1), ZoneOffset.UTC);
  private static final Route MX01_TO_MX02 = SmtpProbes.route("MX01", "MX02");

  private final RotatableCredentials credentials = new RotatableCredentials();
  private final SmtpProbeSubmitter submitter =
      new SmtpProbeSubmitter(
          new ProbeMailComposer(),
          credentials,
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          CLOCK,
          TestCertificate.trustedBy(LOCALHOST));

  @AfterEach
  void close() {
    submitter.close();
  }

  @Test
  void submit_withoutTls_deliversEveryProbeWithTheTokenItWasSignedWith() throws Exception {
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 2);

    List<Submission> answers =
        submitter.submit(
            server(GREENMAIL.getSmtp().getPort(), TransportSecurity.NONE, null), probes);

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.accepted()).isTrue();
              assertThat(answer.replyCode()).isEqualTo(250);
            });
    MimeMessage[] received = GREENMAIL.getReceivedMessages();
    assertThat(received).hasSize(2);
    for (int i = 0; i < probes.size(); i++) {
      assertCarries(raw(received[i]), probes.get(i));
    }
  }

  @Test
  void submit_overSmtps_checksTheCertificateAndDelivers() throws Exception {
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 1);

    List<Submission> answers =
        submitter.submit(
            server(GREENMAIL.getSmtps().getPort(), TransportSecurity.SMTPS, null), probes);

    assertThat(answers).extracting(Submission::accepted).containsExactly(true);
    assertThat(GREENMAIL.getReceivedMessages()).hasSize(1);
    assertCarries(raw(GREENMAIL.getReceivedMessages()[0]), probes.get(0));
  }

  @Test
  void submit_overSmtpsWithARotatedPassword_forgetsTheCachedOneAndDelivers() throws Exception {
    credentials.store(SECRET, "probe", "password-before-rotation");
    credentials.credentials(SECRET);
    credentials.store(SECRET, "probe", "rotated-password");
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 2);

    List<Submission> answers =
        submitter.submit(
            server(GREENMAIL.getSmtps().getPort(), TransportSecurity.SMTPS, SECRET), probes);

    assertThat(answers).extracting(Submission::accepted).containsExactly(true, true);
    assertThat(credentials.forgotten).containsExactly(SECRET);
    assertThat(GREENMAIL.getReceivedMessages()).hasSize(2);
    assertCarries(raw(GREENMAIL.getReceivedMessages()[1]), probes.get(1));
  }

  @Test
  void submit_whenTheLoginIsRefused_answersEveryProbeWithTheServersReply() {
    credentials.store(SECRET, "probe", "not-the-password");

    List<Submission> answers =
        submitter.submit(
            server(GREENMAIL.getSmtps().getPort(), TransportSecurity.SMTPS, SECRET),
            probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.accepted()).isFalse();
              assertThat(answer.replyCode()).isEqualTo(535);
              assertThat(answer.reply()).isNotBlank().doesNotStartWith("535");
            });
    assertThat(GREENMAIL.getReceivedMessages()).isEmpty();
  }

  private static Server server(int port, TransportSecurity security, String secret) {
    return Server.smtp("MX01", new SmtpEndpoint("127.0.0.1", port, security, secret));
  }

  private static byte[] raw(MimeMessage message) throws IOException, MessagingException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  private static TestCertificate presentedByGreenMail() {
    TestCertificate certificate = TestCertificate.forNames("localhost", "127.0.0.1");
    System.setProperty(
        DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_FILE_PROPERTY,
        certificate.file().toString());
    System.setProperty(
        DummySSLServerSocketFactory.GREENMAIL_KEYSTORE_PASSWORD_PROPERTY, TestCertificate.PASSWORD);
    return certificate;
  }
}
