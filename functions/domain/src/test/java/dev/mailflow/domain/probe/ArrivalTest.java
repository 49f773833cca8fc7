package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalTest {

  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");
  private static final Instant ARRIVED = Instant.parse("2006-07-28T11:07:47Z");
  private static final ProbeToken TOKEN = new ProbeToken("k1", "MX02-to-MX01", SENT, "abcdefgh12");
  private static final List<Hop> HOPS =
      List.of(new Hop("MX02", "MX01", "SMTP", ARRIVED, Duration.ofSeconds(2926), false, null));

  @Test
  void of_measuresEndToEndFromTheTokensSentTime() {
    Arrival arrival = Arrival.of(TOKEN, ARRIVED, HOPS, "<probe@x>", null);

    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofSeconds(2926));
    assertThat(arrival.routeId()).isEqualTo("MX02-to-MX01");
    assertThat(arrival.probeId()).isEqualTo("abcdefgh12");
    assertThat(arrival.authentication()).isEqualTo(AuthenticationVerdicts.unknown());
  }

  @Test
  void toDelivery_givesTheProbeTheSameLatencyAsTheArrival() {
    Arrival arrival = Arrival.of(TOKEN, ARRIVED, HOPS, "<probe@x>", null);

    Probe probe =
        Probe.sent(arrival.routeId(), arrival.probeId(), SENT).withDelivery(arrival.toDelivery());

    assertThat(probe.latency()).contains(arrival.endToEnd());
    assertThat(probe.delivery().hops()).isEqualTo(HOPS);
    assertThat(probe.delivery().deliveredAt()).isEqualTo(ARRIVED);
  }

  @Test
  void constructor_whenEndToEndDisagreesWithTokenAndArrival_refuses() {
    assertThatThrownBy(() -> new Arrival(TOKEN, ARRIVED, HOPS, Duration.ofSeconds(1), "", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Arrival.of");
  }

  @Test
  void constructor_whenOptionalPartsMissing_usesEmptyValues() {
    Arrival arrival = Arrival.of(TOKEN, ARRIVED, null, null, null);

    assertThat(arrival.hops()).isEmpty();
    assertThat(arrival.messageId()).isEmpty();
  }

  @Test
  void authenticationVerdicts_areLowerCasedAndMissingOnesEmpty() {
    AuthenticationVerdicts verdicts = new AuthenticationVerdicts(" PASS ", null, "None");

    assertThat(verdicts.spf()).isEqualTo("pass");
    assertThat(verdicts.dkim()).isEmpty();
    assertThat(verdicts.dmarc()).isEqualTo("none");
  }
}
