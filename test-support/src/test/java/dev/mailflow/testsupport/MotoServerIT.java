package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServerExtension.class)
class MotoServerIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void extension_givesTheSharedServer_listeningOnLoopback(MotoServer moto, AwsEndpoint endpoint) {
    assertThat(moto).isSameAs(MotoServer.shared());
    assertThat(moto.isRunning()).isTrue();
    assertThat(moto.endpoint().getScheme()).isEqualTo("http");
    assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(moto.endpoint().getPort()).isPositive();
    assertThat(endpoint).isEqualTo(moto.awsEndpoint());
  }

  @Test
  void environment_pointsTheStandardVariablesAtTheServer(MotoServer moto) {
    assertThat(moto.environment())
        .containsEntry("AWS_ENDPOINT_URL", moto.endpoint().toString())
        .containsEntry("AWS_REGION", moto.region())
        .containsKeys("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void reset_removesWhatTheServicesHold(MotoServer moto) throws Exception {
    String bucket = ResourceNames.unique("reset");
    createBucket(moto.endpoint(), bucket);
    assertThat(listBuckets(moto.endpoint())).contains(bucket);

    moto.reset();

    assertThat(listBuckets(moto.endpoint())).doesNotContain(bucket);
  }

  @Test
  void log_receivesTheServerOutput(MotoServer moto) throws Exception {
    listBuckets(moto.endpoint());

    assertThat(moto.log().toString()).endsWith("target/moto-server.log");
    assertThat(Files.readString(moto.log())).contains("GET / HTTP/1.1");
  }

  /** S3 is the one service moto answers without a signature, which keeps these tests SDK-free. */
  static void createBucket(URI endpoint, String bucket) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.resolve("/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  static String listBuckets(URI endpoint) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(endpoint.resolve("/")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
