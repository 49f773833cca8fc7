package dev.mailflow.local.simulation;

import dev.mailflow.local.smtp.Envelope;
import dev.mailflow.local.smtp.MailIntake;
import dev.mailflow.local.smtp.SmtpReply;
import dev.mailflow.local.smtp.SmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What Amazon SES does for the receiving domain, on loopback: it takes mail over SMTP as SES's
 * inbound endpoint does, adds the header fields SES adds, and keeps each mail with a message id
 * until the simulation stores it in S3 and invokes the receive function with an SES receipt event,
 * as a receipt rule with an S3 action and a Lambda action would.
 */
final class InboundBridge implements NextHop, MailIntake, AutoCloseable {
  /** The bridge's name in the timeline. */
  static final String NAME = "SES";

  private static final DateTimeFormatter SES_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final SimulatedClock clock;
  private final String hostname;
  private final SmtpServer server;
  private final List<InboundMail> received = new ArrayList<>();
  private int sequence;

  /**
   * @param clock the simulation's clock: SES's clock is right
   * @param region the region whose inbound endpoint it stands for
   */
  InboundBridge(SimulatedClock clock, String region) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hostname = "inbound-smtp." + region + ".amazonaws.com";
    this.server = new SmtpServer("ses-inbound", this);
  }

  /** One mail SES accepted. */
  record InboundMail(String messageId, Envelope envelope, byte[] content, Instant receivedAt) {}

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
    received.add(new InboundMail(messageId, envelope, stored, now));
    return SmtpReply.of(250, "Ok " + messageId);
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
