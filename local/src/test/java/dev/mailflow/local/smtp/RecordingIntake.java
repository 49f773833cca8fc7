package dev.mailflow.local.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An intake that takes every mail and keeps it, and refuses the recipients it is told to. */
final class RecordingIntake implements MailIntake {
  private final List<Envelope> envelopes = new ArrayList<>();
  private final List<String> contents = new ArrayList<>();
  private final Map<String, SmtpReply> refusals = new HashMap<>();

  void refuse(String recipient, SmtpReply reply) {
    refusals.put(recipient, reply);
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
  public SmtpReply recipient(String clientName, String sender, String recipient) {
    return refusals.getOrDefault(recipient, SmtpReply.of(250, "2.1.5 Ok"));
  }

  @Override
  public synchronized SmtpReply accept(Envelope envelope, byte[] content) {
    envelopes.add(envelope);
    contents.add(new String(content, StandardCharsets.ISO_8859_1));
    return SmtpReply.of(250, "2.0.0 Ok: queued as Q" + envelopes.size());
  }
}
