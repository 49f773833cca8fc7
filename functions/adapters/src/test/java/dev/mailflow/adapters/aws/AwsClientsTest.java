package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;

/** Configuration only: building a client makes no network call. */
class AwsClientsTest {

  private static final Map<String, String> MINIMAL = Map.of("AWS_REGION", "eu-west-1");

  @Test
  void forEnvironment_withoutRegion_failsNamingAwsRegion() {
    assertThatIllegalStateException()
        .isThrownBy(() -> AwsClients.forEnvironment(Map.of()))
        .withMessageStartingWith("AWS_REGION is not set");
  }

  @Test
  void forEnvironment_withBlankRegion_failsNamingAwsRegion() {
    assertThatIllegalStateException()
        .isThrownBy(() -> AwsClients.forEnvironment(Map.of("AWS_REGION", "  ")))
        .withMessageStartingWith("AWS_REGION is not set");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:4566", "127.0.0.1:4566", "ftp://127.0.0.1", "http://"})
  void forEnvironment_withAnEndpointThatIsNoUrl_failsNamingTheVariable(String endpoint) {
    assertThatIllegalStateException()
        .isThrownBy(() -> AwsClients.forEnvironment(with("AWS_ENDPOINT_URL_S3", endpoint)))
        .withMessageStartingWith("AWS_ENDPOINT_URL_S3 must be an absolute http(s) URL");
  }

  @Test
  void clients_signForTheRegionInAwsRegion() {
    try (AwsClients clients = AwsClients.forEnvironment(MINIMAL)) {
      assertThat(clients.dynamoDb().serviceClientConfiguration().region())
          .isEqualTo(Region.EU_WEST_1);
      assertThat(clients.sesV2().serviceClientConfiguration().region()).isEqualTo(Region.EU_WEST_1);
    }
  }

  @Test
  void clients_giveUpWithinTheirTimeouts() {
    try (AwsClients clients = AwsClients.forEnvironment(MINIMAL)) {
      for (AwsServiceClientConfiguration configuration :
          new AwsServiceClientConfiguration[] {
            clients.dynamoDb().serviceClientConfiguration(),
            clients.s3().serviceClientConfiguration(),
            clients.sns().serviceClientConfiguration(),
            clients.sqs().serviceClientConfiguration(),
            clients.ssm().serviceClientConfiguration(),
            clients.secretsManager().serviceClientConfiguration(),
            clients.sesV2().serviceClientConfiguration()
          }) {
        assertThat(configuration.overrideConfiguration().apiCallTimeout())
            .contains(Duration.ofSeconds(15));
        assertThat(configuration.overrideConfiguration().apiCallAttemptTimeout())
            .contains(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void clients_areBuiltOnce() {
    try (AwsClients clients = AwsClients.forEnvironment(MINIMAL)) {
      assertThat(clients.dynamoDb()).isSameAs(clients.dynamoDb());
      assertThat(clients.s3()).isSameAs(clients.s3());
      assertThat(clients.secretsManager()).isSameAs(clients.secretsManager());
    }
  }

  @Test
  void forEnvironment_withoutEndpointVariables_leavesEndpointsToTheSdk() {
    try (AwsClients clients = AwsClients.forEnvironment(MINIMAL)) {
      assertThat(clients.s3().serviceClientConfiguration().endpointOverride()).isEmpty();
    }
  }

  @Test
  void forEnvironment_serviceEndpointVariable_winsOverTheGlobalOne() {
    Map<String, String> environment = with("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
    environment.put("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:6000");
    environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:7000");

    try (AwsClients clients = AwsClients.forEnvironment(environment)) {
      assertThat(clients.s3().serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:6000"));
      assertThat(clients.secretsManager().serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:7000"));
      assertThat(clients.dynamoDb().serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:5000"));
    }
  }

  @Test
  void forEnvironment_withKeys_signsWithThem() {
    Map<String, String> environment = with("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    environment.put("AWS_SECRET_ACCESS_KEY", "secret");

    try (AwsClients clients = AwsClients.forEnvironment(environment)) {
      assertThat(
              clients
                  .sns()
                  .serviceClientConfiguration()
                  .credentialsProvider()
                  .resolveIdentity()
                  .join()
                  .accessKeyId())
          .isEqualTo("AKIDEXAMPLE");
    }
  }

  @Test
  void forEnvironment_withInterceptors_attachesThemToEveryClient() {
    ExecutionInterceptor interceptor = new ExecutionInterceptor() {};

    try (AwsClients clients = AwsClients.forEnvironment(MINIMAL, List.of(interceptor))) {
      assertThat(
              clients
                  .dynamoDb()
                  .serviceClientConfiguration()
                  .overrideConfiguration()
                  .executionInterceptors())
          .contains(interceptor);
      assertThat(
              clients
                  .sns()
                  .serviceClientConfiguration()
                  .overrideConfiguration()
                  .executionInterceptors())
          .contains(interceptor);
    }
  }

  private static Map<String, String> with(String variable, String value) {
    Map<String, String> environment = new HashMap<>(MINIMAL);
    environment.put(variable, value);
    return environment;
  }
}
