package dev.mailflow.domain.probe;

import java.time.Instant;
import java.util.Objects;

/**
 * What the source server said when the probe was submitted.
 *
 * @param accepted true when the server took the mail (SENT), false when it refused it or could not
 *     be reached (SEND_FAILED)
 * @param at when the answer came
 * @param replyCode the SMTP reply code, or 0 when there was no SMTP reply (connection refused,
 *     timeout, TLS failure)
 * @param reply the server's reply text (its queue id helps trace the mail in its logs), or the
 *     reason no reply came
 */
public record Submission(boolean accepted, Instant at, int replyCode, String reply) {
  public Submission {
    Objects.requireNonNull(at, "at");
    reply = reply == null ? "" : reply;
  }

  public static Submission accepted(Instant at, int replyCode, String reply) {
    return new Submission(true, at, replyCode, reply);
  }

  public static Submission failed(Instant at, int replyCode, String reply) {
    return new Submission(false, at, replyCode, reply);
  }
}
