package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTokenTest {

  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");

  @Test
  void constructor_whenFieldsValid_keepsThemAndNamesProbeByNonce() {
    ProbeToken token = new ProbeToken("k1", "MX02-to-MX01", SENT, "q3Jx0bW8LkPz1mNe");

    assertThat(token.keyId()).isEqualTo("k1");
    assertThat(token.routeId()).isEqualTo("MX02-to-MX01");
    assertThat(token.sentAt()).isEqualTo(SENT);
    assertThat(token.probeId()).isEqualTo("q3Jx0bW8LkPz1mNe");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "short7c",
        "has.dot1",
        "has space",
        "ünïcödé1",
        "123456789012345678901234567890123"
      })
  void constructor_whenNonceInvalid_refuses(String nonce) {
    assertThatThrownBy(() -> new ProbeToken("k1", "MX02-to-MX01", SENT, nonce))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }

  @ParameterizedTest
  @ValueSource(strings = {"abcdefgh", "A-_z0123", "12345678901234567890123456789012"})
  void constructor_whenNonceAtTheBounds_accepts(String nonce) {
    assertThat(new ProbeToken("k1", "r", SENT, nonce).nonce()).isEqualTo(nonce);
  }

  @Test
  void constructor_whenRouteIdHasDot_refusesBecauseDotSeparatesFields() {
    assertThatThrownBy(() -> new ProbeToken("k1", "MX02.to.MX01", SENT, "abcdefgh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route id");
  }

  @Test
  void constructor_whenKeyIdInvalid_refuses() {
    assertThatThrownBy(() -> new ProbeToken("k 1", "MX02-to-MX01", SENT, "abcdefgh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key id");
  }

  @Test
  void constructor_whenSentAtFinerThanMillisecond_refuses() {
    Instant micros = SENT.plusNanos(1_000);

    assertThatThrownBy(() -> new ProbeToken("k1", "r", micros, "abcdefgh"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncatedTo");
  }

  @Test
  void constructor_whenSentAtBeforeEpoch_refuses() {
    assertThatThrownBy(() -> new ProbeToken("k1", "r", Instant.ofEpochMilli(-1), "abcdefgh"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_whenSentAtMissing_refuses() {
    assertThatThrownBy(() -> new ProbeToken("k1", "r", null, "abcdefgh"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void header_isTheNameSendAndReceiveAgreeOn() {
    assertThat(ProbeToken.HEADER).isEqualTo("X-Mailflow-Probe");
  }
}
