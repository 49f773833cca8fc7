package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.TokenVerification;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

class SecretSignerTest {
  private static final String KEY_1 =
      "{\"keyId\": \"k1\", \"key\": \"first-key-0123456789abcdef0123456789\"}";
  private static final String KEY_2 =
      "{\"keyId\": \"k2\", \"key\": \"second-key-0123456789abcdef012345678\","
          + " \"previousKeyId\": \"k1\", \"previousKey\": \"first-key-0123456789abcdef0123456789\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
  private final StandInSecrets client = new StandInSecrets(KEY_1);
  private final SecretSigner signer =
      new SecretSigner(
          new SecretsManagerSecrets(client, clock, Duration.ofMinutes(5)), "mailflow/signing");

  @Test
  void get_whileTheKeysAreUnchanged_keepsOneSigner() {
    ProbeTokenSigner first = signer.get();
    clock.advance(Duration.ofMinutes(6));

    ProbeTokenSigner later = signer.get();

    assertThat(later).isSameAs(first);
    assertThat(client.reads).isEqualTo(2);
  }

  @Test
  void get_afterTheSecretIsRotated_signsWithTheNewKeyOnceTheCachePeriodHasPassed() {
    assertThat(signer.get().currentKeyId()).isEqualTo("k1");
    client.value = KEY_2;

    String withinCachePeriod = signer.get().currentKeyId();
    clock.advance(Duration.ofMinutes(5));
    ProbeTokenSigner rotated = signer.get();

    assertThat(withinCachePeriod).isEqualTo("k1");
    assertThat(rotated.currentKeyId()).isEqualTo("k2");
    String oldToken =
        new ProbeTokenSigner(
                new SecretsManagerSecrets(new StandInSecrets(KEY_1), clock, Duration.ofMinutes(5))
                    .signingKeys("any"))
            .sign("MX01-to-MX02", clock.instant(), "abcdefgh12345678");
    assertThat(rotated.verify(oldToken)).isInstanceOf(TokenVerification.Valid.class);
  }

  @Test
  void get_whenTheSecretCannotBeReadAnyMore_keepsSigningWithTheKeyInHand() {
    ProbeTokenSigner first = signer.get();
    client.value = null;
    clock.advance(Duration.ofMinutes(6));

    ProbeTokenSigner later = signer.get();

    assertThat(later).isSameAs(first);
  }

  @Test
  void get_whenTheSecretWasNeverRead_failsNamingIt() {
    client.value = null;

    assertThatIllegalStateException()
        .isThrownBy(signer::get)
        .withMessageContaining("mailflow/signing");
  }

  /** Answers GetSecretValue with {@link #value}, or "not found" when it is null. */
  private static final class StandInSecrets implements SecretsManagerClient {
    volatile String value;
    int reads;

    StandInSecrets(String value) {
      this.value = value;
    }

    @Override
    public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
      reads++;
      if (value == null) {
        throw ResourceNotFoundException.builder()
            .message("Secrets Manager can't find the specified secret.")
            .build();
      }
      return GetSecretValueResponse.builder().name(request.secretId()).secretString(value).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
