package dev.mailflow.domain.receiving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.receiving.VerdictScreen.Check;
import java.util.EnumSet;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VerdictScreenTest {

  private static final AuthenticationVerdicts PASSING =
      new AuthenticationVerdicts("PASS", "PASS", "PASS");

  static Stream<Arguments> verdicts() {
    return Stream.of(
        // screen, spam, virus, spf, dkim, dmarc, refused by
        Arguments.of("spam,virus", "PASS", "PASS", "PASS", "PASS", "PASS", null),
        Arguments.of("spam,virus", "FAIL", "PASS", "PASS", "PASS", "PASS", Check.SPAM),
        Arguments.of("spam,virus", "PASS", "FAIL", "PASS", "PASS", "PASS", Check.VIRUS),
        Arguments.of("spam,virus", "fail", "FAIL", "PASS", "PASS", "PASS", Check.SPAM),
        // Forwarding breaks SPF and DMARC, and changing a mail breaks DKIM: not refused unless
        // asked for.
        Arguments.of("spam,virus", "PASS", "PASS", "FAIL", "FAIL", "FAIL", null),
        Arguments.of("spam,virus,spf", "PASS", "PASS", "FAIL", "PASS", "PASS", Check.SPF),
        Arguments.of("dkim", "PASS", "PASS", "PASS", "FAIL", "PASS", Check.DKIM),
        Arguments.of("dmarc", "PASS", "PASS", "PASS", "PASS", "FAIL", Check.DMARC),
        // No verdict, an unsigned mail, a check SES could not make: never refused.
        Arguments.of("spam,virus,spf,dkim,dmarc", "", "", "", "", "", null),
        Arguments.of("spam,virus,spf,dkim,dmarc", "GRAY", "GRAY", "GRAY", "GRAY", "GRAY", null),
        Arguments.of(
            "spam,virus,spf,dkim,dmarc",
            "PROCESSING_FAILED",
            "PROCESSING_FAILED",
            "PROCESSING_FAILED",
            "PROCESSING_FAILED",
            "PROCESSING_FAILED",
            null),
        Arguments.of("none", "FAIL", "FAIL", "FAIL", "FAIL", "FAIL", null));
  }

  @ParameterizedTest(name = "{0}: spam={1} virus={2} spf={3} dkim={4} dmarc={5} -> {6}")
  @MethodSource("verdicts")
  void failed_refusesOnlyAFailedVerdictOfACheckInForce(
      String screen,
      String spam,
      String virus,
      String spf,
      String dkim,
      String dmarc,
      Check refusedBy) {
    Optional<Check> failed =
        VerdictScreen.parse(screen)
            .failed(spam, virus, new AuthenticationVerdicts(spf, dkim, dmarc));

    assertThat(failed).isEqualTo(Optional.ofNullable(refusedBy));
  }

  @Test
  void defaults_refuseSpamAndVirusesOnly() {
    assertThat(VerdictScreen.defaults().refusing()).isEqualTo(EnumSet.of(Check.SPAM, Check.VIRUS));
    assertThat(VerdictScreen.defaults().failed("FAIL", "PASS", PASSING)).contains(Check.SPAM);
  }

  @Test
  void parse_refusesAWordThatIsNotACheck() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> VerdictScreen.parse("spam,dkmi"))
        .withMessageContaining("'dkmi'");
  }
}
