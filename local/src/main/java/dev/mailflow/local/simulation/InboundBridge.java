package dev.mailflow.local.simulation;

import dev.mailflow.local.smtp.Envelope;
import dev.mailflow.local.smtp.HangUpException;
import dev.mailflow.local.smtp.MailIntake;
import dev.mailflow.local.smtp.SmtpReply;
import dev.mailflow.local.smtp.SmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Amazon SES does for the receiving domain, on loopback: it takes mail over SMTP as SES's
 * inbound endpoint does, adds the header fields SES adds, and keeps each mail with a message id
 * until the simulation stores it in S3 and invokes the receive function with an SES receipt event,
 * as a receipt rule with an S3 action and a Lambda action would.
 *
 * <p>It can be told to drop the connection instead of answering the next mail it takes ({@link
 * #dropReplyToNext}): the mail is kept, but the server that sent it never hears so and sends it
 * again at its next retry, so the same probe arrives twice, under two message ids.
 */
final class InboundBridge implements NextHop, MailIntake, AutoCloseable {
  /** The bridge's name in the timeline. */
  static final String NAME = "SES";

  private static final DateTimeFormatter SES_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final Clock clock;
  private final String hostname;
  private final Function<String, String> routeOfRecipient;
  private final SmtpServer server;
  private final List<InboundMail> received = new ArrayList<>();
  private final List<Optional<String>> repliesToDrop = new ArrayList<>();
  private int sequence;

  /**
   * @param clock SES's clock, which is right: the simulation's, or the system clock when real mail
   *     servers send to it
   * @param region the region whose inbound endpoint it stands for
   * @param routeOfRecipient the route of a probe mailbox, or {@code null} for other addresses
   */
  InboundBridge(Clock clock, String region, Function<String, String> routeOfRecipient) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hostname = "inbound-smtp." + region + ".amazonaws.com";
    this.routeOfRecipient = Objects.requireNonNull(routeOfRecipient, "routeOfRecipient");
    this.server = new SmtpServer("ses-inbound", this);
  }

  /**
   * One mail SES accepted.
   *
   * @param messageId SES's message id, also the key of the stored mail after the prefix
   * @param envelope the envelope it came with
   * @param content the mail as stored, SES's header fields on top
   * @param asSent the mail as the sending server handed it over
   * @param receivedAt when SES took it
   * @param route the route of its recipient's probe mailbox, or {@code null}
   * @param replyDropped true when the connection dropped before the sender heard it was taken
   */
  record InboundMail(
      String messageId,
      Envelope envelope,
      byte[] content,
      byte[] asSent,
      Instant receivedAt,
      String route,
      boolean replyDropped) {}

  void start() {
    server.start();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
  }

  @Override
  public String hostname() {
    return hostname;
  }

  @Override
  public SmtpReply recipient(String clientName, String sender, String recipient) {
    return SmtpReply.of(250, "2.1.5 Ok");
  }

  @Override
  public synchronized SmtpReply accept(Envelope envelope, byte[] content) {
    Instant now = clock.instant();
    sequence++;
    String messageId = messageId(sequence);
    String sender = envelope.sender();
    String headers =
        "Return-Path: <"
            + sender
            + ">\r\n"
            + "Received: from "
            + envelope.clientName()
            + " ("
            + envelope.clientName()
            + " [127.0.0.1])\r\n by "
            + hostname
            + " with SMTP id "
            + messageId
            + "\r\n for "
            + envelope.recipients().get(0)
            + ";\r\n "
            + SES_DATE.format(now)
            + " (UTC)\r\n"
            + "X-SES-Spam-Verdict: PASS\r\n"
            + "X-SES-Virus-Verdict: PASS\r\n"
            + "Authentication-Results: amazonses.com;\r\n spf=none (spfCheck: 127.0.0.1 is"
            + " neither permitted nor denied by domain of "
            + Envelope.domainOf(sender)
            + ") smtp.mailfrom="
            + sender
            + ";\r\n dkim=none; dmarc=none\r\n";
    byte[] stamp = headers.getBytes(StandardCharsets.US_ASCII);
    byte[] stored = new byte[stamp.length + content.length];
    System.arraycopy(stamp, 0, stored, 0, stamp.length);
    System.arraycopy(content, 0, stored, stamp.length, content.length);
    String route = routeOfRecipient.apply(envelope.recipients().get(0));
    boolean dropReply = takeDropFor(route);
    received.add(new InboundMail(messageId, envelope, stored, content, now, route, dropReply));
    if (dropReply) {
      throw new HangUpException("the connection drops before SES's reply to " + messageId);
    }
    return SmtpReply.of(250, "Ok " + messageId);
  }

  /**
   * Keeps the next mail of {@code route} (of any route when empty), but drops the connection
   * instead of answering it.
   */
  synchronized void dropReplyToNext(Optional<String> route) {
    repliesToDrop.add(route);
  }

  /** The message id SES gives in its reply to a mail it took: {@code 250 Ok <id>}. */
  static Optional<String> messageIdIn(String reply) {
    String[] words = reply.trim().split("\\s+");
    return words.length == 3 && words[0].equals("250") && words[1].equals("Ok")
        ? Optional.of(words[2])
        : Optional.empty();
  }

  /** The mails received since the last call, oldest first. */
  synchronized List<InboundMail> take() {
    List<InboundMail> taken = List.copyOf(received);
    received.clear();
    return taken;
  }

  @Override
  public void close() {
    server.close();
  }

  /** Takes the first pending drop that applies to a mail of {@code route}, if there is one. */
  private boolean takeDropFor(String route) {
    for (Iterator<Optional<String>> pending = repliesToDrop.iterator(); pending.hasNext(); ) {
      Optional<String> wanted = pending.next();
      if (wanted.isEmpty() || wanted.get().equals(route)) {
        pending.remove();
        return true;
      }
    }
    return false;
  }

  /** A message id shaped like SES's, 40 lower-case characters, the same in every run. */
  private static String messageId(int sequence) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      byte[] digest = sha1.digest(("mailflow-local/" + sequence).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }
}
