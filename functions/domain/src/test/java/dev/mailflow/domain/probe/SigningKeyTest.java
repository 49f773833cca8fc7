package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

  private static byte[] secret(char fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return bytes;
  }

  @Test
  void constructor_whenSecretShorterThan32Bytes_refusesNamingTheKey() {
    assertThatThrownBy(() -> new SigningKey("k1", new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1")
        .hasMessageContaining("31 bytes");
  }

  @Test
  void constructor_whenIdInvalid_refuses() {
    assertThatThrownBy(() -> new SigningKey("k.1", secret('a')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signing key id");
  }

  @Test
  void constructor_copiesSecret_soCallerCannotChangeTheKey() {
    byte[] original = secret('a');
    SigningKey key = new SigningKey("k1", original);

    original[0] = 'z';

    assertThat(key.secret()).isEqualTo(secret('a'));
  }

  @Test
  void secret_returnsCopy_soCallerCannotChangeTheKey() {
    SigningKey key = new SigningKey("k1", secret('a'));

    key.secret()[0] = 'z';

    assertThat(key.secret()).isEqualTo(secret('a'));
  }

  @Test
  void toString_showsIdButNeverTheSecret() {
    byte[] bytes = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    SigningKey key = new SigningKey("k1", bytes);

    assertThat(key.toString())
        .contains("k1")
        .doesNotContain("0123456789")
        .doesNotContain(Arrays.toString(bytes));
  }

  @Test
  void signingKeys_whenPreviousSharesCurrentId_refuses() {
    SigningKey current = new SigningKey("k1", secret('a'));
    SigningKey previous = new SigningKey("k1", secret('b'));

    assertThatThrownBy(() -> new SigningKeys(current, previous))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share the id k1");
  }

  @Test
  void signingKeys_find_returnsCurrentOrPreviousOrNull() {
    SigningKey current = new SigningKey("k2", secret('a'));
    SigningKey previous = new SigningKey("k1", secret('b'));
    SigningKeys keys = new SigningKeys(current, previous);

    assertThat(keys.find("k2")).isSameAs(current);
    assertThat(keys.find("k1")).isSameAs(previous);
    assertThat(keys.find("k0")).isNull();
    assertThat(SigningKeys.of(current).find("k1")).isNull();
  }

  @Test
  void signingKeys_whenCurrentMissing_refuses() {
    assertThatThrownBy(() -> SigningKeys.of(null)).isInstanceOf(NullPointerException.class);
  }

  @org.junit.jupiter.api.Test
  void sameAs_tellsAKeyReadAgainFromARotatedOne() {
    byte[] secret =
        "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] other =
        "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    SigningKeys keys = SigningKeys.of(new SigningKey("k1", secret));

    assertThat(keys.sameAs(SigningKeys.of(new SigningKey("k1", secret.clone())))).isTrue();
    assertThat(keys.sameAs(SigningKeys.of(new SigningKey("k1", other)))).isFalse();
    assertThat(keys.sameAs(SigningKeys.of(new SigningKey("k2", secret)))).isFalse();
    assertThat(
            keys.sameAs(new SigningKeys(new SigningKey("k2", other), new SigningKey("k1", secret))))
        .isFalse();
    assertThat(keys.sameAs(null)).isFalse();
  }
}
