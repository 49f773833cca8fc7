package dev.mailflow.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectedOriginTest {

  @Test
  void relayHosts_acceptAddressesRangesAndNames_normalised() {
    ExpectedOrigin origin =
        new ExpectedOrigin(
            List.of(" 198.51.100.10", "198.51.100.0/28", "2001:DB8::/32", "MX01.Contoso.SE."),
            "Contoso.SE");

    assertThat(origin.relayHosts())
        .containsExactly("198.51.100.10", "198.51.100.0/28", "2001:db8::/32", "mx01.contoso.se");
    assertThat(origin.dkimDomain()).isEqualTo("contoso.se");
    assertThat(origin.isSet()).isTrue();
    assertThat(ExpectedOrigin.NONE.isSet()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"999.1.1.1", "198.51.100.0/33", "mx01 contoso", "mx01.contoso.se/24", ""})
  void relayHosts_refuseWhatIsNeitherAnAddressARangeNorAName(String host) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ExpectedOrigin(List.of(host), ""))
        .withMessageContaining("relay host");
  }

  @Test
  void dkimDomain_mustBeADomainName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ExpectedOrigin(List.of(), "contoso se"))
        .withMessageContaining("dkimDomain");
  }

  @Test
  void isRelay_matchesAnAddressWithinARange_butNeverAnIPv4AgainstAnIPv6Range() {
    ExpectedOrigin origin = new ExpectedOrigin(List.of("0.0.0.0/0"), "");

    assertThat(origin.isRelay("203.0.113.7", "")).isTrue();
    assertThat(origin.isRelay("2001:db8::1", "")).isFalse();
    assertThat(origin.isRelay("not-an-address", "")).isFalse();
  }
}
