package dev.mailflow.domain.receiving;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Drops inbound mail the receiving service judged unwanted, before anything else is spent on it: no
 * header parsed, no token checked, no stored mail read.
 *
 * <p>SES scans every mail the receipt rule accepts and says {@code FAIL} when it found spam or a
 * virus, or when the sender's SPF, DKIM or DMARC check failed. A probe of ours is none of these, so
 * a failed spam or virus verdict is refused by default. SPF and DMARC often fail for mail that a
 * server forwards without rewriting its envelope sender, and DKIM for mail a server changed on the
 * way (a disclaimer appended), so those three refuse only where the deployment asks for them. Only
 * {@code FAIL} refuses: {@code GRAY} (no verdict, such as an unsigned mail), {@code
 * PROCESSING_FAILED} and an absent verdict never do.
 *
 * <p>Immutable and thread-safe.
 */
public final class VerdictScreen {

  /** A verdict the receiving service gives about a mail. */
  public enum Check {
    SPAM,
    VIRUS,
    SPF,
    DKIM,
    DMARC
  }

  private static final String FAIL = "fail";

  private final Set<Check> refusing;

  /**
   * @param refusing the checks whose failure refuses a mail; empty refuses none
   */
  public VerdictScreen(Set<Check> refusing) {
    Objects.requireNonNull(refusing, "refusing");
    this.refusing = refusing.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(refusing);
  }

  /** Refuses mail SES found to be spam or to carry a virus. */
  public static VerdictScreen defaults() {
    return new VerdictScreen(EnumSet.of(Check.SPAM, Check.VIRUS));
  }

  /**
   * Reads a list such as {@code spam,virus,dkim}, or {@code none}.
   *
   * @throws IllegalArgumentException naming a word that is not a check
   */
  public static VerdictScreen parse(String list) {
    Set<Check> checks = EnumSet.noneOf(Check.class);
    String trimmed = Objects.requireNonNull(list, "list").trim();
    if (trimmed.equalsIgnoreCase("none")) {
      return new VerdictScreen(checks);
    }
    for (String word : trimmed.split(",", -1)) {
      try {
        checks.add(Check.valueOf(word.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + word.trim() + "' is not one of spam, virus, spf, dkim, dmarc (or none)", e);
      }
    }
    return new VerdictScreen(checks);
  }

  /** The checks whose failure refuses a mail. */
  public Set<Check> refusing() {
    return refusing.isEmpty() ? Set.of() : EnumSet.copyOf(refusing);
  }

  /**
   * The first check in force that failed, in the order of {@link Check}.
   *
   * @param spam the spam verdict, such as {@code PASS} or {@code FAIL}; empty when absent
   * @param virus the virus verdict
   * @param authentication the SPF, DKIM and DMARC verdicts
   * @return the check that refuses the mail, or empty when none does
   */
  public Optional<Check> failed(String spam, String virus, AuthenticationVerdicts authentication) {
    Objects.requireNonNull(authentication, "authentication");
    for (Check check : refusing) {
      String verdict =
          switch (check) {
            case SPAM -> spam;
            case VIRUS -> virus;
            case SPF -> authentication.spf();
            case DKIM -> authentication.dkim();
            case DMARC -> authentication.dmarc();
          };
      if (verdict != null && verdict.trim().equalsIgnoreCase(FAIL)) {
        return Optional.of(check);
      }
    }
    return Optional.empty();
  }
}
