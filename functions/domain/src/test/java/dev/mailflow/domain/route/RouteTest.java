package dev.mailflow.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

  @Test
  void idFor_namesTheDirection() {
    assertThat(Route.idFor("MX02", "MX01")).isEqualTo("MX02-to-MX01");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "probe",
        "@contoso.se",
        "probe@",
        "a@b@c",
        "probe @contoso.se",
        "<p@c.se>",
        "a;b@x.se",
        ".a@x.se",
        "a@x..se",
        "a@x_y.se"
      })
  void construction_refusesARecipientThatIsNotAPlainAddress(String recipient) {
    assertThatThrownBy(
            () ->
                new Route(
                    "MX02-to-MX01",
                    "MX02",
                    "MX01",
                    "mailflow@contoso.se",
                    recipient,
                    RoutePolicy.defaults(),
                    true))
        .hasMessageContaining("route MX02-to-MX01: recipient '" + recipient + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "MX.01",
        "MX 01",
        "a-very-long-name-that-goes-on-and-on-and-on-past-sixty-four-chars-x"
      })
  void identifier_refusesCharactersTheTokenAndKeysCannotCarry(String id) {
    assertThat(Identifier.isValid(id)).isFalse();
  }

  @Test
  void touches_isTrueForEitherEnd() {
    Route route = new Route("r", "MX02", "MX01", "a@b.se", "c@d.se", RoutePolicy.defaults(), true);

    assertThat(route.touches("MX01")).isTrue();
    assertThat(route.touches("MX02")).isTrue();
    assertThat(route.touches("MX03")).isFalse();
  }
}
