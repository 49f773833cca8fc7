package dev.mailflow.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpEndpointTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"mx01.contoso.se", "127.0.0.1", "localhost", "smtp_relay.corp", "[2001:db8::25]"})
  void new_takesHostNamesAndAddresses(String host) {
    assertThat(new SmtpEndpoint(host, 587, TransportSecurity.STARTTLS, null).host())
        .isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\u0000", "mx01 .contoso.se", "mx01.contoso.se\r\nRCPT", "mx01/25", "ü.se"})
  void new_refusesAHostThatIsNoNameOrAddress_writingItPrintably(String host) {
    assertThatThrownBy(() -> new SmtpEndpoint(host, 587, TransportSecurity.STARTTLS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a host name or address")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0000", "\r", "\n"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void new_refusesAPortOutsideTheRange(int port) {
    assertThatThrownBy(() -> new SmtpEndpoint("mx01", port, TransportSecurity.STARTTLS, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside 1..65535");
  }
}
