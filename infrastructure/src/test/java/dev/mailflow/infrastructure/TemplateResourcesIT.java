package dev.mailflow.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.receive.ReceiveFunction;
import dev.mailflow.receive.ReceiveHandler;
import dev.mailflow.receive.ReceiveSettings;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The template's resources in the emulator: the SAM template translated to CloudFormation (by the
 * build, with the SAM translator, into {@code target/template.json}), its data resources created in
 * moto from their own properties ({@link EmulatedStack}), and the evaluate function wired with the
 * environment the template gives it, end to end to a subscriber of the template's topic.
 */
@ExtendWith(MotoServerExtension.class)
class TemplateResourcesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T21:00:00Z");
  private static final CloudFormationTemplate TRANSLATED =
      CloudFormationTemplate.read(
          Path.of(System.getProperty("mailflow.translatedTemplate", "target/template.json")));
  private static final Path OPERATING_GUIDE =
      Path.of(System.getProperty("mailflow.repository", "..")).resolve("docs/operating.md");

  private AwsClients aws;
  private EmulatedStack stack;
  private Map<String, String> motoEnvironment;

  @BeforeEach
  void createTheStack(MotoServer moto) {
    motoEnvironment = moto.environment();
    aws = AwsClients.forEnvironment(motoEnvironment);
    stack =
        EmulatedStack.create(
            TRANSLATED, aws, moto.region(), Map.of("ReceivingRecipient", "mailflow.contoso.com"));
  }

  @Test
  void evaluate_wiredAsTheTemplateSays_opensAnIncidentThatReachesASubscriberOfItsTopic()
      throws IOException {
    Map<String, String> environment = new HashMap<>(motoEnvironment);
    environment.putAll(stack.environment("EvaluateFunction"));
    // What the deploy guide has the operator do: replace the seeded document with the routes.
    aws.ssm()
        .putParameter(
            request ->
                request
                    .name(environment.get(EvaluateSettings.CONFIG_PARAMETER))
                    .overwrite(true)
                    .value(
                        """
                        sender: mailflow@contoso.com
                        servers:
                          - {id: MX01, host: mx01.contoso.com}
                          - {id: MX02, host: mx02.contoso.com}
                        routes:
                          - {source: MX02, target: MX01, recipient: probe-mx01@mailflow.contoso.com}
                        """));
    SubscriberQueue subscriber = subscribedQueue(environment.get(EvaluateSettings.ALERT_TOPIC_ARN));
    Clock clock = Clock.fixed(T0.plus(Duration.ofMinutes(26)), ZoneOffset.UTC);
    DynamoDbProbeStore probes =
        new DynamoDbProbeStore(
            aws.dynamoDb(),
            environment.get(EvaluateSettings.PROBES_TABLE),
            Duration.ofDays(30),
            clock);
    for (int minute = 0; minute <= 25; minute += 5) {
      Instant sent = T0.plus(Duration.ofMinutes(minute));
      probes.recordSubmission(
          new Probe(
              "MX02-to-MX01",
              "lost-probe-" + minute,
              sent,
              Submission.accepted(sent, 250, "2.6.0 Queued mail for delivery"),
              null));
    }

    JsonNode summary =
        invoke(
            new EvaluateHandler(
                EvaluateFunction.from(
                    EvaluateSettings.fromEnvironment(environment),
                    AwsClients.forEnvironment(environment),
                    clock)));

    assertThat(summary.at("/routes/0/condition").asText()).isEqualTo("FAILING");
    // The template's HeartbeatAt (08:00 UTC) has passed at 21:26: the day's heartbeat goes out too.
    assertThat(noticesIn(subscriber))
        .extracting(
            notice -> notice.get("type").asText() + " " + notice.path("routeId").asText("-"))
        .containsExactlyInAnyOrder("OPENED MX02-to-MX01", "HEARTBEAT -");
  }

  @Test
  void receive_wiredAsTheTemplateSays_recordsAProbeStoredInTheTemplatesBucket() throws IOException {
    Map<String, String> environment = new HashMap<>(motoEnvironment);
    environment.putAll(stack.environment("ReceiveFunction"));
    Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(30);
    // A probe signed with the key the template generated, as the send function would sign it.
    SigningKeys keys =
        new SecretsManagerSecrets(aws.secretsManager(), Clock.systemUTC(), Duration.ZERO)
            .signingKeys(environment.get(ReceiveSettings.SIGNING_SECRET));
    Route route =
        new Route(
            "MX02-to-MX01",
            "MX02",
            "MX01",
            "mailflow@contoso.com",
            "probe-mx01@mailflow.contoso.com",
            RoutePolicy.defaults(),
            true);
    byte[] mail =
        new ProbeMailComposer(new ProbeTokenSigner(keys))
            .composeBytes(route, sent, "template0000001a");
    String messageId = "template-receipt-0000000000000001";
    // The template's bucket policy refuses every request not made over TLS, and moto enforces it;
    // the emulator speaks plain HTTP, so the policy is taken off for this test.
    aws.s3()
        .deleteBucketPolicy(
            request -> request.bucket(environment.get(ReceiveSettings.MAIL_BUCKET)));
    aws.s3()
        .putObject(
            request ->
                request
                    .bucket(environment.get(ReceiveSettings.MAIL_BUCKET))
                    .key(environment.get(ReceiveSettings.MAIL_PREFIX) + messageId),
            RequestBody.fromBytes(mail));
    // SES's event for that mail, its header list cut short: the function reads the stored mail.
    ObjectNode event =
        (ObjectNode)
            JSON.readTree(
                Files.readAllBytes(
                    Path.of(System.getProperty("mailflow.repository", ".."))
                        .resolve("events/receive-ses-receipt-truncated.json")));
    ObjectNode ses = (ObjectNode) event.at("/Records/0/ses");
    ((ObjectNode) ses.get("mail")).put("messageId", messageId);
    ((ObjectNode) ses.get("receipt")).put("timestamp", sent.plusSeconds(4).toString());
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    new ReceiveHandler(
            ReceiveFunction.from(
                ReceiveSettings.fromEnvironment(environment),
                AwsClients.forEnvironment(environment),
                Clock.systemUTC()))
        .handleRequest(new ByteArrayInputStream(JSON.writeValueAsBytes(event)), output, null);

    assertThat(JSON.readTree(output.toByteArray()).get("RECORDED").asInt()).isEqualTo(1);
    List<Probe> recorded =
        new DynamoDbProbeStore(
                aws.dynamoDb(),
                environment.get(ReceiveSettings.PROBES_TABLE),
                Duration.ofDays(30),
                Clock.systemUTC())
            .probesSince("MX02-to-MX01", sent.minusSeconds(1));
    assertThat(recorded)
        .singleElement()
        .satisfies(probe -> assertThat(probe.latency()).contains(Duration.ofSeconds(4)));
  }

  @Test
  void tables_inTheEmulator_haveTheTemplatesKeysTimeToLiveAndEncryption() {
    for (String table : TRANSLATED.resourcesOfType("AWS::DynamoDB::Table")) {
      String name = stack.ref(table);
      TableDescription description =
          aws.dynamoDb().describeTable(request -> request.tableName(name)).table();
      var ttl =
          aws.dynamoDb()
              .describeTimeToLive(request -> request.tableName(name))
              .timeToLiveDescription();

      assertThat(description.keySchema())
          .extracting(key -> Map.of(key.attributeName(), key.keyTypeAsString()))
          .as(table)
          .isEqualTo(
              ((List<?>) TRANSLATED.properties(table).get("KeySchema"))
                  .stream()
                      .map(CloudFormationTemplate::map)
                      .map(key -> Map.of(key.get("AttributeName"), key.get("KeyType")))
                      .toList());
      assertThat(ttl.timeToLiveStatus()).as(table).isEqualTo(TimeToLiveStatus.ENABLED);
      assertThat(ttl.attributeName()).as(table).isEqualTo("expiresAt");
      assertThat(description.sseDescription().sseTypeAsString()).as(table).isEqualTo("KMS");
    }
  }

  @Test
  void signingSecret_generatedAsTheTemplateSays_isReadByTheFunctions() {
    String secret = stack.environment("ReceiveFunction").get("MAILFLOW_SIGNING_SECRET");

    var keys =
        new SecretsManagerSecrets(aws.secretsManager(), Clock.systemUTC(), Duration.ZERO)
            .signingKeys(secret);

    assertThat(keys.current().id()).isEqualTo("k1");
    assertThat(secret).isEqualTo(stack.environment("SendFunction").get("MAILFLOW_SIGNING_SECRET"));
  }

  @Test
  void everyResourceType_isCreatedInTheEmulatorOrNamedInTheOperatingGuide() throws IOException {
    String guide = Files.readString(OPERATING_GUIDE, StandardCharsets.UTF_8);
    Set<String> types = new TreeSet<>();
    TRANSLATED.section("Resources").values().stream()
        .map(resource -> (String) CloudFormationTemplate.map(resource).get("Type"))
        .forEach(types::add);
    types.removeAll(EmulatedStack.CREATED_TYPES);

    assertThat(types).isNotEmpty();
    assertThat(types).allSatisfy(type -> assertThat(guide).contains("`" + type + "`"));
  }

  private static JsonNode invoke(EvaluateHandler handler) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), output, null);
    return JSON.readTree(output.toByteArray());
  }

  private SubscriberQueue subscribedQueue(String topic) {
    return SubscriberQueue.create(aws.sqs(), ResourceNames.unique("subscriber"))
        .subscribeTo(aws.sns(), topic);
  }

  private List<JsonNode> noticesIn(SubscriberQueue queue) throws IOException {
    List<JsonNode> notices = new ArrayList<>();
    for (Message message : queue.receiveFor(Duration.ofSeconds(3))) {
      notices.add(JSON.readTree(message.body()));
    }
    return notices;
  }
}
