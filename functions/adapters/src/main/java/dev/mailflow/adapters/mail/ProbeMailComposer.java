package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.sending.OutgoingProbe;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Builds the probe mail for a route: signed, recognisable, and unattractive to auto-responders.
 *
 * <p>The mail carries its signed token in {@value ProbeToken#HEADER}, a Message-ID of our own
 * ({@code <probe.NONCE.ROUTE@sender-domain>}, so a probe can be found in any server's log by its
 * id), a subject a person recognises in a mailbox, {@code Auto-Submitted: auto-generated} (RFC
 * 3834) and {@code X-Auto-Response-Suppress: All} (Exchange) so that no vacation notice or read
 * receipt answers it, and a short plain-text body that says what it is.
 *
 * <p>The send function composes from an {@link OutgoingProbe} that {@code SendRound} has signed and
 * recorded, so the mail carries exactly the recorded token; the signing overloads sign first and
 * then take the same path, for tools and tests.
 *
 * <p>Build one per container and share it: it holds the signer (if any) and one Jakarta Mail {@link
 * Session}, and is thread-safe.
 */
public final class ProbeMailComposer {

  private static final DateTimeFormatter DATE_HEADER =
      DateTimeFormatter.ofPattern("EEE, d MMM uuuu HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SUBJECT_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final ProbeTokenSigner signer;
  private final Session session;

  /**
   * A composer for probes signed elsewhere, as {@code SendRound} signs them: it builds mails from
   * an {@link OutgoingProbe} only, and {@link #compose(Route, Instant, String)} refuses.
   */
  public ProbeMailComposer() {
    this.signer = null;
    this.session = Session.getInstance(new Properties());
  }

  /** A composer with a Jakarta Mail session of its own, without properties. */
  public ProbeMailComposer(ProbeTokenSigner signer) {
    this(signer, Session.getInstance(new Properties()));
  }

  /** A composer whose messages belong to {@code session}, such as the SMTP sender's. */
  public ProbeMailComposer(ProbeTokenSigner signer, Session session) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.session = Objects.requireNonNull(session, "session");
  }

  /**
   * The probe mail, ready for {@code Transport.send}.
   *
   * @param route the route it travels: From is its sender, To its recipient
   * @param sentAt the instant written into the token and the Date header, to the millisecond
   * @param nonce the probe's id, usually {@link ProbeTokenSigner#newNonce()}
   * @throws IllegalArgumentException when the token cannot be signed (see {@link
   *     ProbeTokenSigner#sign}) or Jakarta Mail refuses an address of the route
   */
  public MimeMessage compose(Route route, Instant sentAt, String nonce) {
    return compose(sign(route, sentAt, nonce));
  }

  /**
   * The mail of a probe already signed, carrying exactly its token: the one {@code SendRound}
   * records, so the arrival matches the record.
   *
   * @param probe the route, the token's facts and the signed token text
   * @throws IllegalArgumentException when Jakarta Mail refuses an address of the route
   */
  public MimeMessage compose(OutgoingProbe probe) {
    Objects.requireNonNull(probe, "probe");
    Route route = probe.route();
    Instant sentAt = probe.token().sentAt();
    String nonce = probe.token().nonce();
    String token = probe.tokenText();
    String sender = route.sender();
    String messageId =
        "<probe."
            + nonce
            + "."
            + route.id()
            + "@"
            + sender.substring(sender.indexOf('@') + 1)
            + ">";
    MimeMessage message = new ProbeMimeMessage(session, messageId);
    try {
      message.setFrom(address(route, "sender", sender));
      message.setRecipient(
          Message.RecipientType.TO, address(route, "recipient", route.recipient()));
      message.setHeader("Date", DATE_HEADER.format(sentAt));
      message.setSubject(
          "Mailflow probe " + route.id() + " " + SUBJECT_TIME.format(sentAt), "UTF-8");
      message.setHeader(ProbeToken.HEADER, token);
      message.setHeader("Auto-Submitted", "auto-generated");
      message.setHeader("X-Auto-Response-Suppress", "All");
      // Older auto-responders and list software honour only this one.
      message.setHeader("Precedence", "bulk");
      message.setText(body(route, sentAt), "UTF-8");
      message.saveChanges();
    } catch (MessagingException e) {
      throw new IllegalStateException(
          "could not build the probe mail for route " + route.id() + ": " + e.getMessage(), e);
    }
    return message;
  }

  /**
   * The probe mail as RFC 5322 bytes with CRLF line ends, for SES raw sending and the simulator.
   *
   * @see #compose
   */
  public byte[] composeBytes(Route route, Instant sentAt, String nonce) {
    return composeBytes(sign(route, sentAt, nonce));
  }

  /**
   * The mail of a probe already signed, as RFC 5322 bytes with CRLF line ends, for SES raw sending.
   *
   * @see #compose(OutgoingProbe)
   */
  public byte[] composeBytes(OutgoingProbe probe) {
    MimeMessage message = compose(probe);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try {
      message.writeTo(out);
    } catch (IOException | MessagingException e) {
      throw new IllegalStateException(
          "could not write the probe mail for route " + probe.route().id() + ": " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  private OutgoingProbe sign(Route route, Instant sentAt, String nonce) {
    Objects.requireNonNull(route, "route");
    if (signer == null) {
      throw new IllegalStateException(
          "this composer has no signer: compose an OutgoingProbe signed by the send round");
    }
    String token = signer.sign(route.id(), sentAt, nonce);
    return new OutgoingProbe(
        route, new ProbeToken(signer.currentKeyId(), route.id(), sentAt, nonce), token);
  }

  private static String body(Route route, Instant sentAt) {
    return "This is a monitoring probe sent by Mailflow on route "
        + route.id()
        + ",\r\nfrom mail server "
        + route.source()
        + " to mail server "
        + route.target()
        + ", at "
        + SUBJECT_TIME.format(sentAt)
        + ".\r\n\r\n"
        + "It measures how long mail takes between the two servers. It is safe to\r\n"
        + "delete. Please do not reply: replies are not read.\r\n";
  }

  private static InternetAddress address(Route route, String what, String address) {
    try {
      return new InternetAddress(address, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "route " + route.id() + ": " + what + " '" + address + "' is not a valid address", e);
    }
  }

  /** Keeps the Message-ID we chose: Jakarta Mail would replace it with its own on save. */
  private static final class ProbeMimeMessage extends MimeMessage {
    private final String messageId;

    ProbeMimeMessage(Session session, String messageId) {
      super(session);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
