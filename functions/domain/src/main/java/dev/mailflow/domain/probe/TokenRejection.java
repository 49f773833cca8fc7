package dev.mailflow.domain.probe;

/**
 * Why a probe token header was not accepted.
 *
 * <p>The reasons are distinct because each points somewhere different: a mail system that cut or
 * rewrote the header, a foreign or forged mail, or a key rotated too soon. A mail whose token is
 * refused for any of them ends in {@link ArrivalOutcome#FORGED}.
 */
public enum TokenRejection {
  /** Missing, empty, or not in the token's shape (bad characters, wrong field count). */
  MALFORMED,
  /** Starts like a token but stops short, as when a mail system cut the header. */
  TRUNCATED,
  /** Longer than any token Mailflow writes; not looked at further. */
  TOO_LONG,
  /** A token of a format version this build does not know. */
  UNSUPPORTED_VERSION,
  /** Signed with a key that is neither current nor previous: retired, or never ours. */
  UNKNOWN_KEY,
  /** The signature does not match: the token was altered, or signed with another secret. */
  BAD_SIGNATURE;

  /** What becomes of a mail whose token is refused: it is not a probe of ours. */
  public ArrivalOutcome outcome() {
    return ArrivalOutcome.FORGED;
  }
}
