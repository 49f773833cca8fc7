package dev.mailflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.adapters.config.S3ObjectAddress;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The evaluate function end to end against the moto server: real tables, a real topic, and what a
 * subscriber sees in an SQS queue subscribed to it with a filter policy.
 */
@ExtendWith(MotoServerExtension.class)
class EvaluateHandlerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T21:00:00Z");

  private final MutableClock clock = new MutableClock(T0);

  private AwsClients aws;
  private Map<String, String> environment;
  private String windowsTable;
  private SubscriberQueue criticalQueue;
  private SubscriberQueue everythingQueue;
  private DynamoDbProbeStore probes;
  private Path configFile;

  @BeforeEach
  void createTheStack(MotoServer moto, @TempDir Path directory) throws IOException {
    aws = AwsClients.forEnvironment(moto.environment());
    String probesTable = ResourceNames.unique("probes");
    String stateTable = ResourceNames.unique("states");
    windowsTable = ResourceNames.unique("windows");
    MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(probesTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.routeStates(stateTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.windows(windowsTable));
    String topic = aws.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn();
    criticalQueue = subscribedQueue(topic, "{\"severity\": [\"CRITICAL\"]}");
    everythingQueue = subscribedQueue(topic, null);
    configFile = directory.resolve("mailflow.yaml");
    Files.writeString(
        configFile,
        """
        sender: mailflow@contoso.se
        servers:
          - {id: MX01, host: mx01.contoso.se}
          - {id: MX02, host: mx02.contoso.se}
        routes:
          - {source: MX02, target: MX01, recipient: probe@mx01.contoso.se}
          - {source: MX01, target: MX02, recipient: probe@mx02.contoso.se}
        """);
    environment = new HashMap<>(moto.environment());
    environment.put(EvaluateSettings.PROBES_TABLE, probesTable);
    environment.put(EvaluateSettings.STATE_TABLE, stateTable);
    environment.put(EvaluateSettings.WINDOWS_TABLE, windowsTable);
    environment.put(EvaluateSettings.ALERT_TOPIC_ARN, topic);
    environment.put(EvaluateSettings.CONFIG_FILE, configFile.toString());
    probes = new DynamoDbProbeStore(aws.dynamoDb(), probesTable, Duration.ofDays(30), clock);
  }

  @Test
  void
      handleRequest_whenARouteLosesProbes_publishesOneOpenedThatASubscriberFilteringOnSeverityGets()
          throws IOException {
    lostProbes("MX02-to-MX01", 0, 25);
    deliveredProbes("MX01-to-MX02", 0, 25);
    EvaluateHandler handler = handler(environment);

    clock.set(T0.plus(Duration.ofMinutes(26)));
    JsonNode first = invoke(handler);
    clock.set(T0.plus(Duration.ofMinutes(27)));
    invoke(handler);

    List<JsonNode> notices = noticesIn(criticalQueue);
    assertThat(notices)
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.get("type").asText()).isEqualTo("OPENED");
              assertThat(notice.get("routeId").asText()).isEqualTo("MX02-to-MX01");
              assertThat(notice.get("severity").asText()).isEqualTo("CRITICAL");
              assertThat(notice.get("incidentId").asText())
                  .isEqualTo("MX02-to-MX01-20261201T212600Z");
            });
    assertThat(first.at("/routes/0/condition").asText()).isEqualTo("FAILING");
    assertThat(first.at("/routes/1/condition").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void handleRequest_duringAMaintenanceWindow_publishesNoIncident_onlyTheWindowsOwnNotices()
      throws IOException {
    lostProbes("MX02-to-MX01", 0, 25);
    putWindow("mx01-patching", "server:MX01", "2026-12-01T21:00:00Z", "2026-12-01T23:00:00+00:00");
    EvaluateHandler handler = handler(environment);

    clock.set(T0.plus(Duration.ofMinutes(26)));
    JsonNode summary = invoke(handler);

    assertThat(summary.at("/routes/0/condition").asText()).isEqualTo("IN_MAINTENANCE");
    assertThat(noticesIn(everythingQueue))
        .extracting(notice -> notice.get("type").asText() + " " + notice.get("event").asText())
        .containsExactly("MAINTENANCE ANNOUNCED", "MAINTENANCE STARTED");
    assertThat(noticesIn(criticalQueue)).isEmpty();
  }

  @Test
  void handleRequest_reportsABadWindowItemOnceAsAConfigurationNotice() throws IOException {
    deliveredProbes("MX02-to-MX01", 0, 25);
    deliveredProbes("MX01-to-MX02", 0, 25);
    putWindow("bad-window", "server:MX01", "tomorrow evening", "2026-12-01T23:00:00Z");
    EvaluateHandler handler = handler(environment);

    clock.set(T0.plus(Duration.ofMinutes(26)));
    JsonNode summary = invoke(handler);
    clock.set(T0.plus(Duration.ofMinutes(27)));
    invoke(handler);

    assertThat(summary.get("rejectedWindowItems").asInt()).isEqualTo(1);
    assertThat(noticesIn(everythingQueue))
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.get("type").asText()).isEqualTo("CONFIGURATION");
              assertThat(notice.get("subject").asText()).contains("bad-window");
              assertThat(notice.get("reason").asText()).contains("tomorrow evening");
            });
  }

  @Test
  void handleRequest_whenTheConfigurationTurnsBad_keepsJudgingAndTellsTheTopicOnce()
      throws IOException {
    deliveredProbes("MX02-to-MX01", 0, 25);
    deliveredProbes("MX01-to-MX02", 0, 25);
    EvaluateHandler handler = handler(environment);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    invoke(handler);

    Files.writeString(configFile, Files.readString(configFile) + "sender: other@contoso.se\n");

    JsonNode notice = toldOnceWhileJudging(handler);

    assertThat(notice.get("type").asText()).isEqualTo("CONFIGURATION");
    assertThat(notice.get("subject").asText()).isEqualTo("configuration document " + configFile);
    assertThat(notice.get("reason").asText())
        .contains("line 8: sender: 'sender' is given twice (first on line 1)");
  }

  @Test
  void handleRequest_whenTheConfigurationObjectInS3TurnsIntoNoText_keepsJudgingAndTellsTheTopicOnce(
      MotoServer moto) throws IOException {
    deliveredProbes("MX02-to-MX01", 0, 25);
    deliveredProbes("MX01-to-MX02", 0, 25);
    String object =
        S3Buckets.withObject(
            aws.s3(), moto.region(), "mailflow.yaml", Files.readString(configFile));
    Map<String, String> fromS3 = new HashMap<>(environment);
    fromS3.remove(EvaluateSettings.CONFIG_FILE);
    fromS3.put(EvaluateSettings.CONFIG_OBJECT, object);
    EvaluateHandler handler = handler(fromS3);
    clock.set(T0.plus(Duration.ofMinutes(26)));
    invoke(handler);

    // A document saved in Latin-1: é is one byte that is no UTF-8.
    S3ObjectAddress address = S3ObjectAddress.parse(object);
    aws.s3()
        .putObject(
            r -> r.bucket(address.bucket()).key(address.key()),
            RequestBody.fromBytes(
                (Files.readString(configFile) + "# Malm\u00e9\n")
                    .getBytes(StandardCharsets.ISO_8859_1)));

    JsonNode notice = toldOnceWhileJudging(handler);

    assertThat(notice.get("subject").asText()).isEqualTo("configuration document " + object);
    assertThat(notice.get("reason").asText())
        .contains("S3 object " + object + " is not UTF-8 text");
  }

  /**
   * Two runs after the document turned bad, at 21:28 and 21:30: the first tells it, the second does
   * not again, and both judge the routes with the last good configuration. The one notice the topic
   * received, about the configuration document.
   */
  private JsonNode toldOnceWhileJudging(EvaluateHandler handler) throws IOException {
    clock.set(T0.plus(Duration.ofMinutes(28)));
    JsonNode refused = invoke(handler);
    clock.set(T0.plus(Duration.ofMinutes(30)));
    JsonNode again = invoke(handler);

    assertThat(refused.get("configurationNotices").asInt()).isEqualTo(1);
    assertThat(again.get("configurationNotices").asInt()).isZero();
    assertThat(again.get("routes")).hasSize(2);
    List<JsonNode> notices = noticesIn(everythingQueue);
    assertThat(notices).hasSize(1);
    assertThat(notices.get(0).get("about").asText()).isEqualTo("CONFIGURATION_DOCUMENT");
    return notices.get(0);
  }

  @Test
  void run_whenAQueueWasHeldDuringAWindow_listsAndCountsTheFlushThoughNoNoticeTellsIt()
      throws Exception {
    putWindow("mx01-patching", "server:MX01", "2026-12-01T21:00:00Z", "2026-12-01T21:30:00Z");
    queuedProbes("MX02-to-MX01", 0, 25, T0.plus(Duration.ofMinutes(32)));
    deliveredProbes("MX02-to-MX01", 30, 35);
    deliveredProbes("MX01-to-MX02", 0, 35);
    clock.set(T0.plus(Duration.ofMinutes(40)));
    ByteArrayOutputStream metricLines = new ByteArrayOutputStream();

    EvaluateSummary summary;
    try (EvaluateFunction function =
        EvaluateFunction.from(
            EvaluateSettings.fromEnvironment(environment),
            AwsClients.forEnvironment(environment),
            clock)) {
      summary = function.run();
    }
    summary.emitMetrics(
        new EmbeddedMetrics(
            EmbeddedMetrics.NAMESPACE,
            new java.io.PrintStream(metricLines, true, StandardCharsets.UTF_8),
            clock));
    JsonNode route = summary.json().at("/routes/0");

    assertThat(route.get("openIncident").asBoolean()).isFalse();
    assertThat(route.get("flushes"))
        .singleElement()
        .satisfies(
            flush ->
                assertThat(flush.asText())
                    .startsWith("6 queued probes delivered at 2026-12-01 21:32:00Z")
                    .contains("6 were sent during maintenance"));
    assertThat(summary.json().at("/routes/1").has("flushes")).isFalse();
    assertThat(metricLines.toString(StandardCharsets.UTF_8).lines())
        .filteredOn(line -> line.contains("\"Route\":\"MX02-to-MX01\""))
        .singleElement()
        .satisfies(line -> assertThat(line).contains("\"BacklogFlushes\":1"));
    // No incident: only the window's own end notice, which reports the queue as well.
    assertThat(noticesIn(everythingQueue))
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.get("type").asText()).isEqualTo("MAINTENANCE");
              assertThat(notice.get("text").asText())
                  .contains("6 probes sent during it waited in a queue");
            });
  }

  @Test
  void handleRequest_whenTheTopicFailsThenRecovers_publishesTheNoticeOnceWithItsIncidentId(
      MotoServer moto) throws IOException {
    lostProbes("MX02-to-MX01", 0, 25);
    String realTopic = environment.get(EvaluateSettings.ALERT_TOPIC_ARN);
    Map<String, String> broken = new HashMap<>(environment);
    broken.put(EvaluateSettings.ALERT_TOPIC_ARN, realTopic + "-missing");

    clock.set(T0.plus(Duration.ofMinutes(26)));
    JsonNode failing = invoke(handler(broken));
    clock.set(T0.plus(Duration.ofMinutes(31)));
    invoke(handler(environment));

    assertThat(failing.at("/routes/0/pending").asInt()).isEqualTo(1);
    assertThat(noticesIn(everythingQueue))
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.get("incidentId").asText())
                  .isEqualTo("MX02-to-MX01-20261201T212600Z");
              assertThat(notice.get("at").asText()).isEqualTo("2026-12-01T21:26:00Z");
            });
  }

  @Test
  void handleRequest_readsTheSampleScheduledEvent() throws IOException {
    EvaluateHandler handler = handler(environment);
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    try (InputStream event = Files.newInputStream(sample("evaluate-scheduled.json"))) {
      handler.handleRequest(event, output, null);
    }

    assertThat(JSON.readTree(output.toByteArray()).get("routes")).hasSize(2);
  }

  @Test
  void construction_withAMissingVariable_failsNamingIt() {
    environment.remove(EvaluateSettings.WINDOWS_TABLE);

    assertThatThrownBy(() -> handler(environment))
        .hasMessageContaining("MAILFLOW_WINDOWS_TABLE is not set");
  }

  /** The handler as Lambda builds it, over the emulator's endpoints and the test's clock. */
  private EvaluateHandler handler(Map<String, String> variables) {
    return new EvaluateHandler(
        EvaluateFunction.from(
            EvaluateSettings.fromEnvironment(variables),
            AwsClients.forEnvironment(variables),
            clock));
  }

  private JsonNode invoke(EvaluateHandler handler) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), output, null);
    return JSON.readTree(output.toByteArray());
  }

  private void lostProbes(String route, int fromMinute, int toMinute) {
    for (int minute = fromMinute; minute <= toMinute; minute += 5) {
      Instant sent = T0.plus(Duration.ofMinutes(minute));
      probes.recordSubmission(
          new Probe(
              route, "lost-probe-" + minute, sent, Submission.accepted(sent, 250, "queued"), null));
    }
  }

  /** Probes a server held in its queue and handed on together, a second apart from {@code at}. */
  private void queuedProbes(String route, int fromMinute, int toMinute, Instant at) {
    arrivedProbes(
        route,
        "queued-probe-",
        fromMinute,
        toMinute,
        sent ->
            at.plusSeconds(
                Duration.between(T0.plus(Duration.ofMinutes(fromMinute)), sent).toMinutes() / 5));
  }

  private void deliveredProbes(String route, int fromMinute, int toMinute) {
    arrivedProbes(route, "good-probe-", fromMinute, toMinute, sent -> sent.plusSeconds(4));
  }

  /**
   * A probe every five minutes from {@code fromMinute}, each arriving when {@code arrival} says.
   */
  private void arrivedProbes(
      String route,
      String prefix,
      int fromMinute,
      int toMinute,
      java.util.function.UnaryOperator<Instant> arrival) {
    for (int minute = fromMinute; minute <= toMinute; minute += 5) {
      Instant sent = T0.plus(Duration.ofMinutes(minute));
      String nonce = prefix + minute;
      probes.recordSubmission(
          new Probe(route, nonce, sent, Submission.accepted(sent, 250, "queued"), null));
      probes.recordArrival(
          dev.mailflow.domain.probe.Arrival.of(
              new dev.mailflow.domain.probe.ProbeToken("k1", route, sent, nonce),
              arrival.apply(sent),
              List.of(),
              "",
              null));
    }
  }

  private void putWindow(String id, String scope, String start, String end) {
    aws.dynamoDb()
        .putItem(
            r ->
                r.tableName(windowsTable)
                    .item(
                        Map.of(
                            "windowId", AttributeValue.fromS(id),
                            "scope", AttributeValue.fromS(scope),
                            "start", AttributeValue.fromS(start),
                            "end", AttributeValue.fromS(end),
                            "reason", AttributeValue.fromS("patching"),
                            "setBy", AttributeValue.fromS("ops@contoso.se"))));
  }

  private List<JsonNode> noticesIn(SubscriberQueue queue) throws IOException {
    List<JsonNode> notices = new ArrayList<>();
    for (Message message : queue.receiveFor(Duration.ofSeconds(3))) {
      notices.add(JSON.readTree(message.body()));
    }
    return notices;
  }

  private SubscriberQueue subscribedQueue(String topic, String filterPolicy) {
    return SubscriberQueue.create(aws.sqs(), ResourceNames.unique("subscriber"))
        .subscribeTo(aws.sns(), topic, true, filterPolicy);
  }

  /** A sample event from the repository's {@code events/} folder. */
  static Path sample(String name) {
    Path directory = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    while (directory != null && !Files.isDirectory(directory.resolve("events"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException("no events/ folder above " + System.getProperty("basedir"));
    }
    return directory.resolve("events").resolve(name);
  }
}
