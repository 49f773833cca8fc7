package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.TokenVerification;
import dev.mailflow.domain.sending.OutgoingProbe;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProbeMailComposerTest {

  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");
  private static final String NONCE = "exch2003flush001";
  private static final ProbeMailComposer COMPOSER = new ProbeMailComposer(Fixtures.SIGNER);

  @Test
  void compose_addressesTheMailFromTheRouteSenderToItsRecipient() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getFrom())
        .extracting(Object::toString)
        .containsExactly("mailflow@contoso.com");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("probe-mx01@contoso.com");
  }

  @Test
  void compose_datesTheMailAtTheSendInstantInUtc() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getHeader("Date", null)).isEqualTo("Fri, 28 Jul 2006 10:19:01 +0000");
    assertThat(message.getSentDate().toInstant()).isEqualTo(SENT);
  }

  @Test
  void compose_givesASubjectAPersonRecognises() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getSubject()).isEqualTo("Mailflow probe MX02-to-MX01 2006-07-28 10:19:01Z");
  }

  @Test
  void compose_carriesATokenTheSignerAccepts() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT.plusMillis(250), NONCE);

    String header = message.getHeader(ProbeToken.HEADER, null);
    TokenVerification verification = Fixtures.SIGNER.verify(header);

    assertThat(verification)
        .isEqualTo(
            new TokenVerification.Valid(
                new ProbeToken("k2024", "MX02-to-MX01", SENT.plusMillis(250), NONCE)));
  }

  @Test
  void compose_keepsItsOwnMessageIdWhenJakartaMailSavesAgain() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    message.saveChanges();

    assertThat(message.getMessageID())
        .isEqualTo("<probe.exch2003flush001.MX02-to-MX01@contoso.com>");
  }

  @Test
  void compose_asksAutoRespondersToStaySilent() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
    assertThat(message.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
  }

  @Test
  void compose_writesAPlainTextBodySayingWhatTheMailIs() throws Exception {
    MimeMessage message = COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
    assertThat((String) message.getContent())
        .contains("monitoring probe")
        .contains("route MX02-to-MX01")
        .contains("from mail server MX02 to mail server MX01")
        .contains("safe to")
        .contains("do not reply");
  }

  @Test
  void composeBytes_writesRfc5322WithCrLfLineEnds() {
    byte[] bytes = COMPOSER.composeBytes(Fixtures.MX02_TO_MX01, SENT, NONCE);
    String text = new String(bytes, StandardCharsets.US_ASCII);

    assertThat(text).contains("\r\n\r\n");
    assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    assertThat(text.substring(0, text.indexOf("\r\n\r\n")))
        .contains("X-Mailflow-Probe: v1.k2024.MX02-to-MX01.1154081941000.exch2003flush001.")
        .contains("Message-ID: <probe.exch2003flush001.MX02-to-MX01@contoso.com>");
  }

  @Test
  void composeBytes_readBackByJakartaMail_givesTheSameHeaders() throws Exception {
    byte[] bytes = COMPOSER.composeBytes(Fixtures.MX02_TO_MX01, SENT, NONCE);

    MimeMessage parsed =
        new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));

    assertThat(parsed.getMessageID())
        .isEqualTo("<probe.exch2003flush001.MX02-to-MX01@contoso.com>");
    assertThat(parsed.getSubject()).isEqualTo("Mailflow probe MX02-to-MX01 2006-07-28 10:19:01Z");
    assertThat(parsed.getHeader(ProbeToken.HEADER, null)).startsWith("v1.k2024.");
  }

  @Test
  void compose_usesTheSessionItWasGiven() {
    Session session = Session.getInstance(new Properties());

    MimeMessage message =
        new ProbeMailComposer(Fixtures.SIGNER, session).compose(Fixtures.MX02_TO_MX01, SENT, NONCE);

    assertThat(message.getSession()).isSameAs(session);
  }

  @Test
  void compose_ofAnOutgoingProbe_carriesExactlyItsTokenText() throws Exception {
    String token = Fixtures.SIGNER.sign("MX02-to-MX01", SENT, NONCE);
    OutgoingProbe probe =
        new OutgoingProbe(
            Fixtures.MX02_TO_MX01, new ProbeToken("k2024", "MX02-to-MX01", SENT, NONCE), token);

    MimeMessage message = new ProbeMailComposer().compose(probe);

    assertThat(message.getHeader(ProbeToken.HEADER, null)).isEqualTo(token);
    assertThat(message.getMessageID())
        .isEqualTo("<probe.exch2003flush001.MX02-to-MX01@contoso.com>");
    assertThat(message.getSentDate().toInstant()).isEqualTo(SENT);
  }

  @Test
  void composeBytes_ofAnOutgoingProbe_equalsTheBytesOfTheSigningOverload() {
    String token = Fixtures.SIGNER.sign("MX02-to-MX01", SENT, NONCE);
    OutgoingProbe probe =
        new OutgoingProbe(
            Fixtures.MX02_TO_MX01, new ProbeToken("k2024", "MX02-to-MX01", SENT, NONCE), token);

    byte[] signedHere = COMPOSER.composeBytes(Fixtures.MX02_TO_MX01, SENT, NONCE);
    byte[] signedBefore = new ProbeMailComposer().composeBytes(probe);

    assertThat(new String(signedBefore, StandardCharsets.US_ASCII))
        .isEqualTo(new String(signedHere, StandardCharsets.US_ASCII));
  }

  @Test
  void compose_withoutASigner_refusesToSignAndSaysWhatToUse() {
    ProbeMailComposer unsigned = new ProbeMailComposer();

    assertThatThrownBy(() -> unsigned.compose(Fixtures.MX02_TO_MX01, SENT, NONCE))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OutgoingProbe");
  }

  @Test
  void compose_whenTheTokenCannotBeSigned_refuses() {
    assertThatThrownBy(() -> COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT, "bad nonce"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> COMPOSER.compose(Fixtures.MX02_TO_MX01, SENT.plusNanos(1), NONCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("millisecond");
  }
}
