package dev.mailflow.local.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An intake that takes every mail and keeps it, and refuses the senders and recipients it is told
 * to; it can also say nothing at all, or hang up instead of answering a mail's data.
 */
final class RecordingIntake implements MailIntake {
  private final List<Envelope> envelopes = new ArrayList<>();
  private final List<String> contents = new ArrayList<>();
  private final Map<String, SmtpReply> refusals = new HashMap<>();
  private SmtpReply senderRefusal;
  private boolean silent;
  private boolean hangUpAfterData;

  void refuse(String recipient, SmtpReply reply) {
    refusals.put(recipient, reply);
  }

  synchronized void refuseSenders(SmtpReply reply) {
    senderRefusal = reply;
  }

  synchronized void beSilent() {
    silent = true;
  }

  /** Keeps the next mails, but drops the connection instead of answering their data. */
  synchronized void hangUpAfterData() {
    hangUpAfterData = true;
  }

  synchronized List<Envelope> envelopes() {
    return List.copyOf(envelopes);
  }

  synchronized List<String> contents() {
    return List.copyOf(contents);
  }

  @Override
  public String hostname() {
    return "mx.test.example";
  }

  @Override
  public synchronized boolean answers() {
    return !silent;
  }

  @Override
  public synchronized SmtpReply sender(String clientName, String sender) {
    return senderRefusal == null ? SmtpReply.of(250, "2.1.0 Ok") : senderRefusal;
  }

  @Override
  public SmtpReply recipient(String clientName, String sender, String recipient) {
    return refusals.getOrDefault(recipient, SmtpReply.of(250, "2.1.5 Ok"));
  }

  @Override
  public synchronized SmtpReply accept(Envelope envelope, byte[] content) {
    envelopes.add(envelope);
    contents.add(new String(content, StandardCharsets.ISO_8859_1));
    if (hangUpAfterData) {
      throw new HangUpException("the test drops the connection");
    }
    return SmtpReply.of(250, "2.0.0 Ok: queued as Q" + envelopes.size());
  }
}
