package dev.mailflow.testsupport;

import dev.mailflow.emulator.AwsEndpoint;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A LocalStack container, for running the same integration tests against a second emulator where a
 * Docker engine runs.
 *
 * <p>There is one per test JVM, started on first use by {@link LocalStackExtension} and stopped
 * when JUnit closes its root context (Testcontainers' reaper removes it if the JVM dies). Current
 * {@code localstack/localstack} images start only with an auth token, read from {@code
 * LOCALSTACK_AUTH_TOKEN}. The image is {@code localstack/localstack:2026.03.0}, the first release
 * that needs the token, unless the system property {@code mailflow.localstack.image} names another.
 */
public final class LocalStack {

  static final String AUTH_TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
  static final String DEFAULT_IMAGE = "localstack/localstack:2026.03.0";

  private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

  private static LocalStack shared; // guarded by LocalStack.class

  private final LocalStackContainer container;
  private final AwsEndpoint awsEndpoint;

  private LocalStack(LocalStackContainer container) {
    this.container = container;
    // getEndpoint() gives the Docker host as an IP address, so S3 is addressed path-style.
    this.awsEndpoint =
        new AwsEndpoint(
            container.getEndpoint(),
            container.getRegion(),
            container.getAccessKey(),
            container.getSecretKey());
  }

  /**
   * The container of this JVM, started now if none runs. Check {@link #unavailableReason} first.
   */
  static synchronized LocalStack shared() {
    if (shared == null || !shared.container.isRunning()) {
      String image = System.getProperty("mailflow.localstack.image", DEFAULT_IMAGE);
      LocalStackContainer container =
          new LocalStackContainer(DockerImageName.parse(image))
              .withEnv(AUTH_TOKEN_VARIABLE, System.getenv(AUTH_TOKEN_VARIABLE))
              .withServices("dynamodb", "s3", "sns", "sqs", "ssm", "secretsmanager", "ses")
              // Ready means every service is up, so no first call waits for one to load.
              .withEnv("EAGER_SERVICE_LOADING", "1");
      container.start();
      shared = new LocalStack(container);
      LOG.info("Started LocalStack ({}) at {}", image, shared.awsEndpoint.endpoint());
    }
    return shared;
  }

  /** Endpoint, region and dummy credentials of the container. */
  public AwsEndpoint awsEndpoint() {
    return awsEndpoint;
  }

  /** Stops the container of this JVM, if one runs; the next {@link #shared()} starts a new one. */
  static synchronized void stopShared() {
    if (shared != null) {
      shared.container.stop();
      shared = null;
    }
  }

  /**
   * Why LocalStack cannot run here, or empty if it can. The token is checked first: it costs
   * nothing, while asking Testcontainers for a Docker engine takes a few hundred milliseconds.
   */
  static Optional<String> unavailableReason(Map<String, String> environment) {
    String token = environment.get(AUTH_TOKEN_VARIABLE);
    if (token == null || token.isBlank()) {
      return Optional.of(
          AUTH_TOKEN_VARIABLE
              + " is not set; current localstack/localstack images need it to start");
    }
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.of("no Docker engine answers here (Testcontainers found none)");
    }
    return Optional.empty();
  }
}
