package dev.mailflow.domain.probe;

import java.time.Instant;

/**
 * What one Received header of an arrived mail says, before delays are worked out.
 *
 * <p>Mail adapters read these from the header text; {@link HopChain} turns a list of them into
 * {@link Hop}s. Hosts write Received headers in many dialects, so every part may be missing.
 *
 * @param from the host that handed the mail over (the {@code from} clause); empty when absent
 * @param by the host that took it (the {@code by} clause); empty when absent
 * @param protocol the {@code with} clause (ESMTPS, LMTP, "Microsoft SMTP Server"); empty when
 *     absent
 * @param at the date after the last ';', or {@code null} when there was none or it was unreadable
 */
public record ReceivedStamp(String from, String by, String protocol, Instant at) {
  public ReceivedStamp {
    from = from == null ? "" : from;
    by = by == null ? "" : by;
    protocol = protocol == null ? "" : protocol;
  }
}
