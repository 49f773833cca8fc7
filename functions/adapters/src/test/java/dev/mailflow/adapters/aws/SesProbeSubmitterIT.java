package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SesProbeSubmitter} sending through moto's SES v2. */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SesProbeSubmitterIT {

  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "ses-it-secret-0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII))));
  private static final Server SES = Server.ses("SES");

  private MotoServer moto;
  private AwsClients clients;
  private String verifiedDomain;

  @BeforeAll
  void verifySenderDomain(MotoServer moto) {
    this.moto = moto;
    this.clients = AwsClients.forEnvironment(moto.environment());
    // SES sends only from verified identities; moto verifies a created identity at once.
    verifiedDomain = ResourceNames.unique("probes") + ".contoso.se";
    clients.sesV2().createEmailIdentity(request -> request.emailIdentity(verifiedDomain));
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void submit_fromAVerifiedDomain_isAcceptedWithTheMessageIdAndSendsTheProbeMail()
      throws Exception {
    String configurationSet = ResourceNames.unique("probe-events");
    clients
        .sesV2()
        .createConfigurationSet(request -> request.configurationSetName(configurationSet));
    Route route = route("mailflow@" + verifiedDomain);
    OutgoingProbe probe = probe(route, Instant.parse("2026-03-02T10:00:00Z"));

    List<Submission> answers =
        new SesProbeSubmitter(
                clients.sesV2(),
                new ProbeMailComposer(),
                Optional.of(configurationSet),
                Clock.systemUTC())
            .submit(SES, List.of(probe));

    assertThat(answers).singleElement().satisfies(a -> assertThat(a.accepted()).isTrue());
    Submission answer = answers.get(0);
    assertThat(answer.replyCode()).isEqualTo(SesProbeSubmitter.ACCEPTED_CODE);
    assertThat(answer.reply()).isNotBlank();
    byte[] sent = sentByMoto().get(answer.reply());
    assertThat(sent).as("the raw mail moto keeps under the MessageId").isNotNull();
    ArrivalReading reading = new ArrivalReader(SIGNER).read(sent, Instant.now());
    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    assertThat(((ArrivalReading.Read) reading).arrival().token()).isEqualTo(probe.token());
  }

  @Test
  void submit_fromAnUnverifiedSender_failsWithSesRefusal() {
    Route route = route("mailflow@unverified.example.org");

    List<Submission> answers =
        new SesProbeSubmitter(
                clients.sesV2(), new ProbeMailComposer(), Optional.empty(), Clock.systemUTC())
            .submit(SES, List.of(probe(route, Instant.parse("2026-03-02T10:00:00Z"))));

    assertThat(answers)
        .singleElement()
        .satisfies(
            answer -> {
              assertThat(answer.accepted()).isFalse();
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply())
                  .startsWith("MessageRejected: ")
                  .contains("mailflow@unverified.example.org");
            });
  }

  @Test
  void submit_whenSesCannotBeReached_failsEveryProbeWithTheReason() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> environment = new HashMap<>(moto.environment());
    environment.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + closedPort);
    Route route = route("mailflow@" + verifiedDomain);

    List<Submission> answers;
    try (AwsClients unreachable = AwsClients.forEnvironment(environment)) {
      answers =
          new SesProbeSubmitter(
                  unreachable.sesV2(), new ProbeMailComposer(), Optional.empty(), Clock.systemUTC())
              .submit(
                  SES,
                  List.of(
                      probe(route, Instant.parse("2026-03-02T10:00:00Z")),
                      probe(route, Instant.parse("2026-03-02T10:00:01Z"))));
    }

    assertThat(answers)
        .hasSize(2)
        .allSatisfy(
            answer -> {
              assertThat(answer.accepted()).isFalse();
              assertThat(answer.replyCode()).isZero();
              assertThat(answer.reply()).startsWith("SES could not be reached: ");
            });
  }

  /** The raw mails moto's SES keeps, by MessageId, from its internal data view. */
  private Map<String, byte[]> sentByMoto() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(moto.endpoint() + "/moto-api/data.json")).build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode raw = new ObjectMapper().readTree(response.body()).path("ses").path("RawMessage");
    Map<String, byte[]> byId = new HashMap<>();
    for (JsonNode message : raw) {
      byId.put(
          message.path("id").asText(),
          message.path("raw_data").asText().getBytes(StandardCharsets.UTF_8));
    }
    return byId;
  }

  private static Route route(String sender) {
    return new Route(
        "SES-to-MX01",
        "SES",
        "MX01",
        sender,
        "probe-mx01@contoso.se",
        RoutePolicy.defaults(),
        true);
  }

  private static OutgoingProbe probe(Route route, Instant sentAt) {
    String nonce = ProbeTokenSigner.newNonce();
    return new OutgoingProbe(
        route,
        new ProbeToken(SIGNER.currentKeyId(), route.id(), sentAt, nonce),
        SIGNER.sign(route.id(), sentAt, nonce));
  }
}
