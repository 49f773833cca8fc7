package dev.mailflow.emulator;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where an integration test finds its AWS APIs: an emulator's endpoint, the region to sign for and
 * the emulator's dummy credentials.
 *
 * <p>Tests take one of these as a parameter from {@code MotoServerExtension} or {@code
 * LocalStackExtension}, so the same test body runs against either emulator. Code under test is
 * configured the way Lambda configures it, through the standard variables in {@link
 * #environment()}: hand that map to the factory that builds the SDK clients, or to the environment
 * of a child process.
 *
 * @param endpoint base URL of every service, an IP address literal so that S3 is addressed
 *     path-style
 * @param region the region clients sign for
 * @param accessKeyId the emulator's dummy access key id
 * @param secretAccessKey the emulator's dummy secret key
 */
public record AwsEndpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

  public AwsEndpoint {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  /**
   * The standard variables that point an AWS SDK at this endpoint: {@code AWS_ENDPOINT_URL}, {@code
   * AWS_REGION}, {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}.
   */
  public Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AWS_ENDPOINT_URL", endpoint.toString());
    environment.put("AWS_REGION", region);
    environment.put("AWS_ACCESS_KEY_ID", accessKeyId);
    environment.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
    return Map.copyOf(environment);
  }
}
