package dev.mailflow.adapters.smtp;

import static dev.mailflow.adapters.smtp.SmtpProbes.assertCarries;
import static dev.mailflow.adapters.smtp.SmtpProbes.probes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.adapters.smtp.SmtpProbes.RotatableCredentials;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.testsupport.ScriptedSmtpServer;
import dev.mailflow.testsupport.ScriptedSmtpServer.Mail;
import dev.mailflow.testsupport.ScriptedSmtpServer.Reply;
import dev.mailflow.testsupport.ScriptedSmtpServer.Stage;
import dev.mailflow.testsupport.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SmtpProbeSubmitter} against {@link ScriptedSmtpServer}s in this JVM: STARTTLS, login, and
 * every way a server fails a submission — refusing, falling silent, dropping the connection, not
 * listening. GreenMail, which has no STARTTLS, covers plain and SMTPS in {@link
 * SmtpProbeSubmitterIT}.
 */
class SmtpProbeSubmitterTest {

  private static final TestCertificate LOCALHOST =
      TestCertificate.forNames("localhost", "127.0.0.1");
  private static final TestCertificate OTHER_HOST = TestCertificate.forNames("mx01.contoso.se");
  private static final SSLSocketFactory TRUSTING = TestCertificate.trustedBy(LOCALHOST, OTHER_HOST);
  private static final Clock CLOCK = Clock.fixed(SmtpProbes.SENT.plusSeconds(1), ZoneOffset.UTC);
  private static final Route MX01_TO_MX02 = SmtpProbes.route("MX01", "MX02");

  private final List<AutoCloseable> started = new ArrayList<>();
  private final RotatableCredentials credentials =
      new RotatableCredentials().store("mailflow/smtp/mx01", "probe", "current-password");

  @AfterEach
  void stopServers() throws Exception {
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  @Test
  void submit_overStartTls_sendsEveryProbeOfTheServerOverOneConnection() {
    ScriptedSmtpServer server = start(ScriptedSmtpServer.builder().startTls(tls(LOCALHOST)));
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 3);

    List<Submission> answers = submitter().submit(smtp(server, TransportSecurity.STARTTLS), probes);

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(
            tuple(true, 250, "2.0.0 Ok: queued as Q1x1"),
            tuple(true, 250, "2.0.0 Ok: queued as Q1x2"),
            tuple(true, 250, "2.0.0 Ok: queued as Q1x3"));
    assertThat(answers).allSatisfy(a -> assertThat(a.at()).isEqualTo(CLOCK.instant()));
    assertThat(server.connections()).isEqualTo(1);
    List<Mail> mails = server.mails();
    assertThat(mails).hasSize(3).allSatisfy(mail -> assertThat(mail.secured()).isTrue());
    for (int i = 0; i < probes.size(); i++) {
      assertCarries(mails.get(i).content(), probes.get(i));
      assertThat(mails.get(i).from()).isEqualTo("mailflow@contoso.se");
      assertThat(mails.get(i).recipients()).containsExactly("probe-mx02@contoso.se");
    }
  }

  @Test
  void submit_whenStartTlsIsRequiredButNotOffered_sendsNothingInClear() {
    ScriptedSmtpServer server = start(ScriptedSmtpServer.builder());

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.STARTTLS), probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.accepted()).isFalse();
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply())
                  .isEqualTo(
                      "connect to 127.0.0.1:"
                          + server.port()
                          + " failed: STARTTLS is required but host does not support STARTTLS");
            });
    assertThat(server.mails()).isEmpty();
  }

  @Test
  void submit_whenTheCertificateNamesAnotherHost_failsWithTheTlsReason() {
    ScriptedSmtpServer server = start(ScriptedSmtpServer.builder().startTls(tls(OTHER_HOST)));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.STARTTLS), probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply())
                  .startsWith("connect to 127.0.0.1:" + server.port() + " failed: TLS failed: ")
                  .contains("127.0.0.1");
            });
    assertThat(server.mails()).isEmpty();
  }

  @Test
  void submit_withTheJdkTrust_refusesACertificateNoAuthoritySigned() {
    ScriptedSmtpServer server = start(ScriptedSmtpServer.builder().startTls(tls(LOCALHOST)));
    SmtpProbeSubmitter jdkTrust =
        closing(
            new SmtpProbeSubmitter(
                new ProbeMailComposer(),
                credentials,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                CLOCK));

    List<Submission> answers =
        jdkTrust.submit(smtp(server, TransportSecurity.STARTTLS), probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply()).contains("TLS failed: ").contains("certification path");
            });
    assertThat(server.mails()).isEmpty();
  }

  @Test
  void submit_whenTheServerRefusesAtMailFrom_answersEachProbeWithTheRefusal() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MAIL
                            ? Reply.with("554 5.7.1 Relay access denied")
                            : Reply.standard()));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsOnly(tuple(false, 554, "5.7.1 Relay access denied"));
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void submit_whenTheServerRefusesTheRecipient_answersWithTheRcptReply() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.RCPT
                            ? Reply.with("550 5.1.1 <probe-mx02@contoso.se>: user unknown")
                            : Reply.standard()));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(tuple(false, 550, "5.1.1 <probe-mx02@contoso.se>: user unknown"));
  }

  @Test
  void submit_whenTheServerDefersOneMailAtData_stillSendsTheOthersOnTheSameConnection() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MESSAGE && mail == 2
                            ? Reply.with("451 4.3.0 Try again later")
                            : Reply.standard()));
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 3);

    List<Submission> answers = submitter().submit(smtp(server, TransportSecurity.NONE), probes);

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(
            tuple(true, 250, "2.0.0 Ok: queued as Q1x1"),
            tuple(false, 451, "4.3.0 Try again later"),
            tuple(true, 250, "2.0.0 Ok: queued as Q1x3"));
    assertThat(server.connections()).isEqualTo(1);
    assertCarries(server.mails().get(1).content(), probes.get(2));
  }

  @Test
  void submit_whenTheReplyHasSeveralLines_keepsTheirTextWithoutCodesOnOneLine() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MESSAGE
                            ? Reply.with(
                                "250-2.0.0 Ok: queued as 7D1C\r\n250 2.0.0 Have a nice day")
                            : Reply.standard()));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(tuple(true, 250, "2.0.0 Ok: queued as 7D1C 2.0.0 Have a nice day"));
  }

  @Test
  void submit_whenTheServerNeverAnswers_failsAfterTheReadTimeoutWithoutRetrying() {
    ScriptedSmtpServer server =
        start(ScriptedSmtpServer.builder().script((stage, c, m) -> Reply.silence()));
    SmtpProbeSubmitter impatient =
        closing(
            new SmtpProbeSubmitter(
                new ProbeMailComposer(),
                credentials,
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                CLOCK,
                TRUSTING));

    List<Submission> answers =
        impatient.submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .extracting(Submission::replyCode, Submission::reply)
        .containsOnly(
            tuple(0, "connect to 127.0.0.1:" + server.port() + " failed: Read timed out"));
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void submit_whenNothingListens_failsWithConnectionRefused() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = closed.getLocalPort();
    }
    Server server =
        Server.smtp("MX01", new SmtpEndpoint("127.0.0.1", port, TransportSecurity.STARTTLS, null));

    List<Submission> answers = submitter().submit(server, probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsOnly(
            tuple(false, 0, "connect to 127.0.0.1:" + port + " failed: Connection refused"));
  }

  @Test
  void submit_whenTheGreetingRefuses_answersWithTheGreeting() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.GREETING
                            ? Reply.with("554 5.3.2 mx01 is not accepting mail")
                            : Reply.standard()));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .extracting(Submission::replyCode, Submission::reply)
        .containsExactly(tuple(554, "5.3.2 mx01 is not accepting mail"));
  }

  @Test
  void submit_whenTheConnectionDropsMidRound_reconnectsOnceAndSendsTheRest() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MAIL && connection == 1 && mail == 2
                            ? Reply.drop()
                            : Reply.standard()));
    List<OutgoingProbe> probes = probes(MX01_TO_MX02, 3);

    List<Submission> answers = submitter().submit(smtp(server, TransportSecurity.NONE), probes);

    assertThat(answers)
        .extracting(Submission::accepted, Submission::reply)
        .containsExactly(
            tuple(true, "2.0.0 Ok: queued as Q1x1"),
            tuple(true, "2.0.0 Ok: queued as Q2x1"),
            tuple(true, "2.0.0 Ok: queued as Q2x2"));
    assertThat(server.connections()).isEqualTo(2);
    List<Mail> mails = server.mails();
    for (int i = 0; i < probes.size(); i++) {
      assertCarries(mails.get(i).content(), probes.get(i));
    }
  }

  @Test
  void submit_whenEveryConnectionDropsAfterEhlo_reconnectsOnceThenFailsTheRest() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MAIL ? Reply.drop() : Reply.standard()));

    List<Submission> answers =
        submitter().submit(smtp(server, TransportSecurity.NONE), probes(MX01_TO_MX02, 3));

    assertThat(answers)
        .allSatisfy(
            answer -> {
              assertThat(answer.accepted()).isFalse();
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply())
                  .startsWith("connection to 127.0.0.1:" + server.port() + " lost twice")
                  .contains("the server closed the connection");
            });
    assertThat(server.connections()).isEqualTo(2);
    assertThat(server.mails()).isEmpty();
  }

  @Test
  void submit_withCredentials_logsInOverTlsBeforeSending() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .startTls(tls(LOCALHOST))
                .login("probe", "current-password"));

    List<Submission> answers =
        submitter()
            .submit(
                smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"),
                probes(MX01_TO_MX02, 2));

    assertThat(answers).extracting(Submission::accepted).containsExactly(true, true);
    assertThat(server.logins()).containsExactly(new ScriptedSmtpServer.Login(1, "probe", true));
    assertThat(server.mails())
        .allSatisfy(
            mail -> {
              assertThat(mail.user()).isEqualTo("probe");
              assertThat(mail.secured()).isTrue();
            });
  }

  @Test
  void submit_whenTheServerRefusesCachedCredentials_forgetsThemAndLogsInWithTheRotatedOnes() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .startTls(tls(LOCALHOST))
                .login("probe", "current-password"));
    SmtpProbeSubmitter submitter = submitter();
    // The first round caches the password; then the secret and the server are rotated together.
    submitter.submit(
        smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"), probes(MX01_TO_MX02, 1));
    credentials.store("mailflow/smtp/mx01", "probe", "rotated-password");
    server.password("rotated-password");

    List<Submission> answers =
        submitter.submit(
            smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"),
            probes(MX01_TO_MX02, 2));

    assertThat(answers).extracting(Submission::accepted).containsExactly(true, true);
    assertThat(credentials.forgotten).containsExactly("mailflow/smtp/mx01");
    assertThat(server.logins())
        .extracting(ScriptedSmtpServer.Login::accepted)
        .containsExactly(true, false, true);
  }

  @Test
  void submit_whenTheServerRefusesTheOnlyCredentials_failsEveryProbeWithTheReplyAndTriesOnce() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .startTls(tls(LOCALHOST))
                .login("probe", "a-password-nobody-has"));

    List<Submission> answers =
        submitter()
            .submit(
                smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"),
                probes(MX01_TO_MX02, 2));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsOnly(tuple(false, 535, "5.7.8 Authentication credentials invalid"));
    assertThat(credentials.forgotten).containsExactly("mailflow/smtp/mx01");
    assertThat(server.logins()).hasSize(1);
    assertThat(server.mails()).isEmpty();
  }

  @Test
  void submit_whenTheCredentialsSecretCannotBeRead_failsNamingTheSecret() {
    ScriptedSmtpServer server =
        start(ScriptedSmtpServer.builder().startTls(tls(LOCALHOST)).login("probe", "x"));

    List<Submission> answers =
        submitter()
            .submit(
                smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/missing"),
                probes(MX01_TO_MX02, 1));

    assertThat(answers)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply())
                  .startsWith("credentials in secret mailflow/smtp/missing cannot be read");
            });
    assertThat(server.connections()).isZero();
  }

  @Test
  void submit_withNoProbes_opensNoConnection() {
    ScriptedSmtpServer server = start(ScriptedSmtpServer.builder());

    List<Submission> answers = submitter().submit(smtp(server, TransportSecurity.NONE), List.of());

    assertThat(answers).isEmpty();
    assertThat(server.connections()).isZero();
  }

  private SmtpProbeSubmitter submitter() {
    return closing(
        new SmtpProbeSubmitter(
            new ProbeMailComposer(),
            credentials,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            CLOCK,
            TRUSTING));
  }

  private ScriptedSmtpServer start(ScriptedSmtpServer.Builder builder) {
    return closing(builder.start());
  }

  private <T extends AutoCloseable> T closing(T closeable) {
    started.add(closeable);
    return closeable;
  }

  private static SSLContext tls(TestCertificate certificate) {
    return certificate.serverContext();
  }

  private static Server smtp(ScriptedSmtpServer server, TransportSecurity security) {
    return smtp(server, security, null);
  }

  private static Server smtp(ScriptedSmtpServer server, TransportSecurity security, String secret) {
    return Server.smtp("MX01", new SmtpEndpoint(server.host(), server.port(), security, secret));
  }

  @Test
  void submit_whenLoginsFailAndCredentialsRotate_neverLogsOrRepliesWithAPassword() {
    ScriptedSmtpServer server =
        start(
            ScriptedSmtpServer.builder()
                .startTls(tls(LOCALHOST))
                .login("probe", "a-password-nobody-has"));
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    List<Submission> answers;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      SmtpProbeSubmitter submitter = submitter();
      submitter.submit(
          smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"), probes(MX01_TO_MX02, 1));
      credentials.store("mailflow/smtp/mx01", "probe", "rotated-password");
      answers =
          submitter.submit(
              smtp(server, TransportSecurity.STARTTLS, "mailflow/smtp/mx01"),
              probes(MX01_TO_MX02, 1));
    } finally {
      System.setErr(original);
      original.print(log.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    String written = log.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(written).contains("MX01").doesNotContain("current-password", "rotated-password");
    // AUTH PLAIN sends the password in base64: that must not show either.
    assertThat(written)
        .doesNotContain(
            java.util.Base64.getEncoder()
                .encodeToString(
                    "\0probe\0current-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(answers)
        .allSatisfy(
            answer ->
                assertThat(answer.reply()).doesNotContain("current-password", "rotated-password"));
    assertThat(new SmtpCredentials("probe", "current-password").toString())
        .doesNotContain("current-password");
  }
}
