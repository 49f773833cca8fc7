package dev.mailflow.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.smtp.SmtpCredentials;
import dev.mailflow.adapters.smtp.SmtpCredentialsProvider;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The secrets Mailflow needs, read from Secrets Manager and cached for a while.
 *
 * <p>Two kinds of secret, both JSON:
 *
 * <ul>
 *   <li>the probe-signing key: {@code {"keyId": "k1", "key": "<at least 32 characters>"}}, with
 *       optional {@code "previousKeyId"} and {@code "previousKey"} while a rotation is under way
 *       (tokens signed with either are accepted; new ones use {@code key});
 *   <li>SMTP credentials: {@code {"username": "...", "password": "..."}}.
 * </ul>
 *
 * <p>Values are never logged or put in exception messages: a fault names the secret and the field.
 */
public final class SecretsManagerSecrets implements SmtpCredentialsProvider {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretsManagerClient client;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param client the Secrets Manager client, built once per container
   * @param clock time source for the cache
   * @param cacheFor how long a read secret is reused
   */
  public SecretsManagerSecrets(SecretsManagerClient client, Clock clock, Duration cacheFor) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cacheFor = Objects.requireNonNull(cacheFor, "cacheFor");
  }

  /** The probe-signing keys in secret {@code secretId}. */
  public SigningKeys signingKeys(String secretId) {
    JsonNode json = json(secretId);
    SigningKey current = key(secretId, json, "keyId", "key");
    SigningKey previous =
        json.hasNonNull("previousKey") ? key(secretId, json, "previousKeyId", "previousKey") : null;
    return new SigningKeys(current, previous);
  }

  @Override
  public SmtpCredentials credentials(String secretName) {
    JsonNode json = json(secretName);
    return new SmtpCredentials(
        text(secretName, json, "username"), text(secretName, json, "password"));
  }

  @Override
  public void forget(String secretName) {
    cache.remove(secretName);
  }

  private SigningKey key(String secretId, JsonNode json, String idField, String keyField) {
    String id = text(secretId, json, idField);
    String key = text(secretId, json, keyField);
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    try {
      return new SigningKey(id, bytes);
    } catch (IllegalArgumentException e) {
      throw new SecretFormatException(
          "secret "
              + secretId
              + ": '"
              + keyField
              + "' or '"
              + idField
              + "' is not usable: "
              + e.getMessage());
    }
  }

  private static String text(String secretId, JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new SecretFormatException("secret " + secretId + " has no text field '" + field + "'");
    }
    return value.asText();
  }

  private JsonNode json(String secretId) {
    Instant now = clock.instant();
    Cached cached = cache.get(secretId);
    if (cached != null && now.isBefore(cached.readAt.plus(cacheFor))) {
      return cached.json;
    }
    String text;
    try {
      text =
          client
              .getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build())
              .secretString();
    } catch (SdkException e) {
      throw new IllegalStateException(
          "secret " + secretId + " cannot be read: " + e.getMessage(), e);
    }
    JsonNode json;
    try {
      json = text == null ? null : JSON.readTree(text);
    } catch (IOException e) {
      // The parser's message may quote the secret: leave it out.
      throw new SecretFormatException("secret " + secretId + " is not a JSON object");
    }
    if (json == null || !json.isObject()) {
      throw new SecretFormatException("secret " + secretId + " is not a JSON object");
    }
    cache.put(secretId, new Cached(json, now));
    return json;
  }

  private record Cached(JsonNode json, Instant readAt) {}
}
