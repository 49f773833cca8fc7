package dev.mailflow.domain.probe;

import java.util.Locale;

/**
 * What the receiving mail service concluded about the probe's sender authentication.
 *
 * <p>Recorded next to an arrival because a probe that starts failing SPF, DKIM or DMARC is about to
 * be junked or refused by stricter receivers, which is worth seeing before it becomes a loss. Each
 * verdict is the lower-case result word of RFC 8601 ("pass", "fail", "softfail", "none", ...), or
 * empty when the receiver did not say.
 *
 * @param spf the SPF result
 * @param dkim the DKIM result
 * @param dmarc the DMARC result
 */
public record AuthenticationVerdicts(String spf, String dkim, String dmarc) {

  private static final AuthenticationVerdicts UNKNOWN = new AuthenticationVerdicts("", "", "");

  public AuthenticationVerdicts {
    spf = normalise(spf);
    dkim = normalise(dkim);
    dmarc = normalise(dmarc);
  }

  /** No verdict known for any of the three. */
  public static AuthenticationVerdicts unknown() {
    return UNKNOWN;
  }

  /**
   * These verdicts, each in place of the one in {@code fromHeader} where this one is given: the
   * receiving service's own verdicts are structured data from the service that checked, a header is
   * text that any host on the way could have added.
   */
  public AuthenticationVerdicts over(AuthenticationVerdicts fromHeader) {
    return new AuthenticationVerdicts(
        spf.isEmpty() ? fromHeader.spf() : spf,
        dkim.isEmpty() ? fromHeader.dkim() : dkim,
        dmarc.isEmpty() ? fromHeader.dmarc() : dmarc);
  }

  private static String normalise(String verdict) {
    return verdict == null ? "" : verdict.trim().toLowerCase(Locale.ROOT);
  }
}
