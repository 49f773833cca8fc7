package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Which clients the SDK retries: against a service that answers every request with a 500, as one
 * does after it may already have done the work.
 */
class AwsClientsRetryTest {
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer failing;
  private AwsClients clients;

  @BeforeEach
  void startAServiceThatAlwaysFails() throws IOException {
    failing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    failing.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          byte[] body =
              "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalError</Code>"
                  .concat("<Message>try again</Message></Error></ErrorResponse>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    failing.start();
    clients =
        AwsClients.forEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + failing.getAddress().getPort(),
                "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test"));
  }

  @AfterEach
  void stop() {
    clients.close();
    failing.stop(0);
  }

  @Test
  void sns_publishIsTriedOnce_soAFailureAfterSnsAcceptedCannotSendASecondCopy() {
    assertThatThrownBy(
            () -> clients.sns().publish(r -> r.topicArn("arn:aws:sns:eu-west-1:1:t").message("m")))
        .isInstanceOf(SdkException.class);

    assertThat(requests).hasValue(1);
  }

  @Test
  void otherClients_retryAServerErrorAsTheSdkDoes() {
    assertThatThrownBy(() -> clients.sqs().listQueues()).isInstanceOf(SdkException.class);

    assertThat(requests.get()).isGreaterThan(1);
  }
}
