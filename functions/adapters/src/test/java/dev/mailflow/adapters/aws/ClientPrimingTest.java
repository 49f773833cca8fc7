package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.lambda.PrimingStep;
import dev.mailflow.adapters.mail.MailPriming;
import dev.mailflow.domain.route.RoutePolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.junit.jupiter.api.Test;

/** Priming against an endpoint nothing listens on: every call fails, and priming goes on. */
class ClientPrimingTest {

  @Test
  void prime_whenTheEndpointIsUnreachable_neverThrows() throws IOException {
    try (AwsClients clients = unreachable()) {
      List<PrimingStep> steps = new ArrayList<>();
      steps.add(ClientPriming.probeTableQuery(clients, "probes"));
      steps.add(ClientPriming.configurationDocument(clients, parameter("/mailflow/config")).get());
      steps.add(
          ClientPriming.configurationDocument(clients, object("s3://mailflow-config/mailflow.yaml"))
              .get());
      steps.add(ClientPriming.build("SNS", clients::sns));
      steps.add(MailPriming.probeMailRoundTrip());
      ColdStartPriming priming = new ColdStartPriming(steps);

      assertThatCode(priming::prime).doesNotThrowAnyException();
      // The three calls fail; building a client and the mail round trip need no endpoint.
      assertThat(priming.prime()).isEqualTo(3);
      assertThatCode(() -> priming.beforeCheckpoint(Core.getGlobalContext()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void configurationDocument_whenTheConfigurationIsAFile_isNoStep() throws IOException {
    try (AwsClients clients = unreachable()) {
      assertThat(ClientPriming.configurationDocument(clients, file())).isEmpty();
    }
  }

  @Test
  void configurationDocument_namesTheStoreItReads() throws IOException {
    try (AwsClients clients = unreachable()) {
      assertThat(ClientPriming.configurationDocument(clients, parameter("/mailflow/config")))
          .get()
          .extracting(PrimingStep::name)
          .isEqualTo("SSM parameter /mailflow/config");
      assertThat(ClientPriming.configurationDocument(clients, object("s3://config-bucket/m.yaml")))
          .get()
          .extracting(PrimingStep::name)
          .isEqualTo("S3 object s3://config-bucket/m.yaml");
    }
  }

  private static AwsClients unreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return AwsClients.forEnvironment(
        Map.of(
            "AWS_REGION", "eu-west-1",
            "AWS_ENDPOINT_URL", "http://127.0.0.1:" + port,
            "AWS_ACCESS_KEY_ID", "testing",
            "AWS_SECRET_ACCESS_KEY", "testing"));
  }

  private static ConfigurationSettings parameter(String name) {
    return settings(Optional.of(name), Optional.empty(), Optional.empty());
  }

  private static ConfigurationSettings object(String uri) {
    return settings(Optional.empty(), Optional.of(uri), Optional.empty());
  }

  private static ConfigurationSettings file() {
    return settings(Optional.empty(), Optional.empty(), Optional.of("mailflow.yaml"));
  }

  private static ConfigurationSettings settings(
      Optional<String> parameter, Optional<String> object, Optional<String> file) {
    return new ConfigurationSettings() {
      @Override
      public Optional<String> configParameter() {
        return parameter;
      }

      @Override
      public Optional<String> configObject() {
        return object;
      }

      @Override
      public Optional<String> configFile() {
        return file;
      }

      @Override
      public RoutePolicy defaultPolicy() {
        return RoutePolicy.defaults();
      }
    };
  }
}
