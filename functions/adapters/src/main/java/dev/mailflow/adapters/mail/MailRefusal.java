package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.ArrivalOutcome;

/**
 * Why {@link InboundMailParser} did not read a mail, each with the {@link ArrivalOutcome} the mail
 * then ends in.
 */
public enum MailRefusal {
  /** Larger than {@link MailLimits#maxBytes()}. */
  OVERSIZED(ArrivalOutcome.OVERSIZED),
  /** More header lines, or more Received headers, than the limits allow. */
  TOO_MANY_HEADERS(ArrivalOutcome.MALFORMED_MAIL),
  /** A header line longer than {@link MailLimits#maxHeaderLineLength()}. */
  HEADER_LINE_TOO_LONG(ArrivalOutcome.MALFORMED_MAIL),
  /** Empty, or without a single header field. */
  MALFORMED(ArrivalOutcome.MALFORMED_MAIL);

  private final ArrivalOutcome outcome;

  MailRefusal(ArrivalOutcome outcome) {
    this.outcome = outcome;
  }

  /** What becomes of a mail refused for this reason. */
  public ArrivalOutcome outcome() {
    return outcome;
  }
}
