package dev.mailflow.domain.receiving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OriginCheckTest {

  private static final ExpectedOrigin RELAYS =
      new ExpectedOrigin(List.of("198.51.100.10", "2001:db8::/32", "mx01.contoso.se"), "");
  private static final ExpectedOrigin DKIM = new ExpectedOrigin(List.of(), "contoso.se");
  private static final ExpectedOrigin BOTH =
      new ExpectedOrigin(List.of("198.51.100.0/28"), "Contoso.SE.");

  static Stream<Arguments> cases() {
    return Stream.of(
        // expected, relay address, relay name, DKIM domains, passes
        Arguments.of(ExpectedOrigin.NONE, "203.0.113.7", "", Set.of(), true),
        Arguments.of(ExpectedOrigin.NONE, "", "", Set.of(), true),
        Arguments.of(RELAYS, "198.51.100.10", "", Set.of(), true),
        Arguments.of(RELAYS, "198.51.100.11", "", Set.of(), false),
        Arguments.of(RELAYS, "IPv6:2001:db8:0:0::25", "", Set.of(), true),
        Arguments.of(RELAYS, "2001:db9::25", "", Set.of(), false),
        Arguments.of(RELAYS, "203.0.113.7", "MX01.contoso.se.", Set.of(), true),
        Arguments.of(RELAYS, "203.0.113.7", "mx01.contoso.se.evil.example", Set.of(), false),
        // The HELO name is not evidence: only the address and its reverse-DNS name are.
        Arguments.of(RELAYS, "", "", Set.of(), false),
        Arguments.of(RELAYS, "203.0.113.7", "", Set.of("contoso.se"), false),
        Arguments.of(DKIM, "203.0.113.7", "", Set.of("contoso.se"), true),
        Arguments.of(DKIM, "203.0.113.7", "", Set.of("mail.contoso.se"), false),
        Arguments.of(DKIM, "198.51.100.10", "mx01.contoso.se", Set.of(), false),
        Arguments.of(BOTH, "198.51.100.15", "", Set.of(), true),
        Arguments.of(BOTH, "198.51.100.16", "", Set.of(), false),
        Arguments.of(BOTH, "203.0.113.7", "", Set.of("outsider.example", "contoso.se"), true),
        Arguments.of(BOTH, "203.0.113.7", "", Set.of("outsider.example"), false));
  }

  @ParameterizedTest(name = "{0} from {1} {2} dkim {3}: {4}")
  @MethodSource("cases")
  void passes_whenTheRelayOrTheDkimDomainIsTheTargets(
      ExpectedOrigin expected, String address, String name, Set<String> dkim, boolean passes) {
    assertThat(OriginCheck.passes(expected, new Origin(address, name, dkim))).isEqualTo(passes);
  }
}
