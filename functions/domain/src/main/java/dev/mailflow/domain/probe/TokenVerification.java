package dev.mailflow.domain.probe;

import java.util.Objects;

/**
 * The answer to "is this header a probe token we signed?", from {@link ProbeTokenSigner#verify}.
 *
 * <p>Bad input is an ordinary answer here, not an exception: the receive function sees foreign,
 * mangled and hostile mail every day and must count each kind, not crash on it.
 *
 * <pre>{@code
 * TokenVerification verification = signer.verify(headerValue);
 * if (verification instanceof TokenVerification.Valid valid) {
 *   record(valid.token());
 * } else if (verification instanceof TokenVerification.Rejected rejected) {
 *   log.info("probe token rejected: {} ({})", rejected.reason(), rejected.detail());
 * }
 * }</pre>
 */
public sealed interface TokenVerification {

  /** The token is ours and unaltered. */
  record Valid(ProbeToken token) implements TokenVerification {
    public Valid {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * The token is not accepted.
   *
   * @param reason what kind of problem, for counting and alerting
   * @param detail one line for a person reading the log; never holds key material
   */
  record Rejected(TokenRejection reason, String detail) implements TokenVerification {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }
}
