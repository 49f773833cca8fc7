package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.adapters.smtp.SmtpCredentials;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

class SecretsManagerSecretsTest {
  private final AtomicInteger reads = new AtomicInteger();
  private volatile String stored;

  private final SecretsManagerClient client =
      new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
          reads.incrementAndGet();
          return GetSecretValueResponse.builder()
              .name(request.secretId())
              .secretString(stored)
              .build();
        }

        @Override
        public String serviceName() {
          return "secretsmanager";
        }

        @Override
        public void close() {}
      };

  private final SecretsManagerSecrets secrets =
      new SecretsManagerSecrets(client, Clock.systemUTC(), Duration.ofMinutes(5));

  @Test
  void credentials_areCachedUntilForgotten() {
    stored = "{\"username\": \"probe\", \"password\": \"s3cr3t-value\"}";

    SmtpCredentials first = secrets.credentials("mailflow/smtp/mx01");
    secrets.credentials("mailflow/smtp/mx01");
    stored = "{\"username\": \"probe\", \"password\": \"rotated-value\"}";
    secrets.forget("mailflow/smtp/mx01");
    SmtpCredentials second = secrets.credentials("mailflow/smtp/mx01");

    assertThat(first.password()).isEqualTo("s3cr3t-value");
    assertThat(second.password()).isEqualTo("rotated-value");
    assertThat(reads).hasValue(2);
  }

  @Test
  void aSecretThatIsNotJson_isRefusedWithoutQuotingIt() {
    stored = "username=probe password=s3cr3t-value";

    assertThatThrownBy(() -> secrets.credentials("mailflow/smtp/mx01"))
        .isInstanceOf(SecretFormatException.class)
        .hasMessage("secret mailflow/smtp/mx01 is not a JSON object")
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain("s3cr3t-value"));
  }

  @Test
  void aSecretWithoutAField_namesTheFieldNotTheValues() {
    stored = "{\"user\": \"probe\", \"password\": \"s3cr3t-value\"}";

    assertThatThrownBy(() -> secrets.credentials("mailflow/smtp/mx01"))
        .hasMessage("secret mailflow/smtp/mx01 has no text field 'username'");
  }

  @Test
  void aSigningKeyTooShort_isRefusedWithoutShowingIt() {
    stored = "{\"keyId\": \"k1\", \"key\": \"short-key-value\"}";

    assertThatThrownBy(() -> secrets.signingKeys("mailflow/signing"))
        .isInstanceOf(SecretFormatException.class)
        .hasMessageStartingWith("secret mailflow/signing: 'key' or 'keyId' is not usable")
        .hasMessageNotContaining("short-key-value");
  }
}
