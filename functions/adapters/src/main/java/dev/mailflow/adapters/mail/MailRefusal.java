package dev.mailflow.adapters.mail;

/** Why {@link InboundMailParser} did not read a mail. */
public enum MailRefusal {
  /** Larger than {@link MailLimits#maxBytes()}. */
  OVERSIZED,
  /** More header lines, or more Received headers, than the limits allow. */
  TOO_MANY_HEADERS,
  /** A header line longer than {@link MailLimits#maxHeaderLineLength()}. */
  HEADER_LINE_TOO_LONG,
  /** Empty, or without a single header field. */
  MALFORMED
}
