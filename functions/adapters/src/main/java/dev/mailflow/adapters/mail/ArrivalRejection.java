package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.TokenRejection;

/**
 * Why an inbound mail did not count as the arrival of a probe.
 *
 * <p>One flat list, so the receive function can log and count every outcome by one name: the
 * mail-level refusals of {@link MailRefusal}, the token-level ones of {@link TokenRejection}, and
 * {@link #FOREIGN} for ordinary mail that reached the probe mailbox.
 */
public enum ArrivalRejection {
  /** No probe token: not a probe (a bounce, an out-of-office reply, spam). */
  FOREIGN,
  /** See {@link MailRefusal#OVERSIZED}. */
  OVERSIZED,
  /** See {@link MailRefusal#TOO_MANY_HEADERS}. */
  TOO_MANY_HEADERS,
  /** See {@link MailRefusal#HEADER_LINE_TOO_LONG}. */
  HEADER_LINE_TOO_LONG,
  /** See {@link MailRefusal#MALFORMED}: no header section. */
  MALFORMED_MAIL,
  /** See {@link TokenRejection#MALFORMED}. */
  MALFORMED_TOKEN,
  /** See {@link TokenRejection#TRUNCATED}. */
  TRUNCATED_TOKEN,
  /** See {@link TokenRejection#TOO_LONG}. */
  TOKEN_TOO_LONG,
  /** See {@link TokenRejection#UNSUPPORTED_VERSION}. */
  UNSUPPORTED_TOKEN_VERSION,
  /** See {@link TokenRejection#UNKNOWN_KEY}. */
  UNKNOWN_KEY,
  /** See {@link TokenRejection#BAD_SIGNATURE}: forged or altered. */
  BAD_SIGNATURE;

  static ArrivalRejection of(MailRefusal refusal) {
    return switch (refusal) {
      case OVERSIZED -> OVERSIZED;
      case TOO_MANY_HEADERS -> TOO_MANY_HEADERS;
      case HEADER_LINE_TOO_LONG -> HEADER_LINE_TOO_LONG;
      case MALFORMED -> MALFORMED_MAIL;
    };
  }

  static ArrivalRejection of(TokenRejection rejection) {
    return switch (rejection) {
      case MALFORMED -> MALFORMED_TOKEN;
      case TRUNCATED -> TRUNCATED_TOKEN;
      case TOO_LONG -> TOKEN_TOO_LONG;
      case UNSUPPORTED_VERSION -> UNSUPPORTED_TOKEN_VERSION;
      case UNKNOWN_KEY -> UNKNOWN_KEY;
      case BAD_SIGNATURE -> BAD_SIGNATURE;
    };
  }
}
