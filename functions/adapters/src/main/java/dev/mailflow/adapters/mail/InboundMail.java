package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.ReceivedStamp;
import java.time.Instant;
import java.util.List;

/**
 * The headers of an inbound mail that matter to Mailflow, as {@link InboundMailParser} read them.
 *
 * <p>Nothing here is verified yet: {@link ArrivalReader} checks the token before any of it is
 * believed. Values are unfolded and trimmed; encoded words (RFC 2047) are left as they are, since
 * Mailflow writes none and only shows foreign subjects in logs.
 *
 * @param probeToken the {@code X-Mailflow-Probe} value, or {@code null} when the mail has none: it
 *     is not a probe
 * @param messageId the Message-ID, angle brackets included; empty when absent
 * @param date the Date header, or {@code null} when absent or unreadable
 * @param from the From header as written; empty when absent
 * @param subject the Subject header as written; empty when absent
 * @param received the Received headers, oldest first (the reverse of their order in the mail)
 * @param authentication the verdicts of the newest Authentication-Results header, which the
 *     receiving service added; the older ones were written by hosts on the way
 * @param origin the host that handed the mail to the receiving service and the domains whose DKIM
 *     signatures passed, from that service's own Received and Authentication-Results headers
 */
public record InboundMail(
    String probeToken,
    String messageId,
    Instant date,
    String from,
    String subject,
    List<ReceivedStamp> received,
    AuthenticationVerdicts authentication,
    Origin origin) {
  public InboundMail {
    messageId = messageId == null ? "" : messageId;
    from = from == null ? "" : from;
    subject = subject == null ? "" : subject;
    received = received == null ? List.of() : List.copyOf(received);
    authentication = authentication == null ? AuthenticationVerdicts.unknown() : authentication;
    origin = origin == null ? Origin.unknown() : origin;
  }

  /** True when the mail carries a probe token, valid or not. */
  public boolean hasProbeToken() {
    return probeToken != null;
  }
}
