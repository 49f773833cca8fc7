package dev.mailflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.SqsEventSource;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.testsupport.MotoServerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A round judged in several invocations, against the moto server: the scheduled run hands the
 * shards to a real SQS queue, each shard is delivered to the function as the queue's event source
 * would, one invocation each, and what the alert topic's subscriber receives is read from a queue
 * subscribed to it.
 *
 * <p>The mesh of four servers has twelve routes; a shard holds five, so every round has three.
 */
@ExtendWith(MotoServerExtension.class)
class ShardedEvaluationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T21:00:00Z");
  private static final List<String> SERVERS = List.of("MX01", "MX02", "MX03", "MX04");

  private final MutableClock clock = new MutableClock(T0);

  private AwsClients aws;
  private Map<String, String> environment;
  private String shardQueueUrl;
  private SubscriberQueue subscriber;
  private DynamoDbProbeStore probes;

  @BeforeEach
  void createTheStack(MotoServer moto, @TempDir Path directory) throws IOException {
    aws = AwsClients.forEnvironment(moto.environment());
    String probesTable = ResourceNames.unique("probes");
    String stateTable = ResourceNames.unique("states");
    String windowsTable = ResourceNames.unique("windows");
    MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(probesTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.routeStates(stateTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.windows(windowsTable));
    String topic = aws.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn();
    subscriber =
        SubscriberQueue.create(aws.sqs(), ResourceNames.unique("subscriber"))
            .subscribeTo(aws.sns(), topic);
    shardQueueUrl =
        aws.sqs().createQueue(r -> r.queueName(ResourceNames.unique("shards"))).queueUrl();
    StringBuilder config = new StringBuilder("sender: mailflow@contoso.se\nservers:\n");
    for (String server : SERVERS) {
      config.append("  - {id: %s, host: %s.contoso.se}\n".formatted(server, server.toLowerCase()));
    }
    config.append("routes:\n");
    for (String source : SERVERS) {
      for (String target : SERVERS) {
        if (!source.equals(target)) {
          config.append(
              "  - {source: %s, target: %s, recipient: probe@%s.contoso.se}\n"
                  .formatted(source, target, target.toLowerCase()));
        }
      }
    }
    Path configFile = directory.resolve("mailflow.yaml");
    Files.writeString(configFile, config);
    environment = new HashMap<>(moto.environment());
    environment.put(EvaluateSettings.PROBES_TABLE, probesTable);
    environment.put(EvaluateSettings.STATE_TABLE, stateTable);
    environment.put(EvaluateSettings.WINDOWS_TABLE, windowsTable);
    environment.put(EvaluateSettings.ALERT_TOPIC_ARN, topic);
    environment.put(EvaluateSettings.CONFIG_FILE, configFile.toString());
    environment.put(EvaluateSettings.SHARD_QUEUE_URL, shardQueueUrl);
    environment.put(EvaluateSettings.SHARD_SIZE, "5");
    probes = new DynamoDbProbeStore(aws.dynamoDb(), probesTable, Duration.ofDays(30), clock);
  }

  @Test
  void aServerDownAcrossThreeShards_isOneOpenedBlamingIt_andOneResolved() throws IOException {
    List<EvaluateHandler> containers = List.of(handler(), handler());

    List<Integer> shardsPerRound = new ArrayList<>();
    for (int minute = 5; minute <= 90; minute += 5) {
      probesSent(minute - 5, "MX01", 20, 50);
      clock.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(20));
      JsonNode opened = scheduled(containers.get(0));
      assertThat(opened.get("routes")).isEmpty();
      shardsPerRound.add(deliverShards(containers, 1));
    }

    assertThat(shardsPerRound).containsOnly(3);
    List<JsonNode> notices = notices();
    assertThat(notices)
        .extracting(n -> n.get("type").asText(), n -> n.at("/fault/suspect").asText())
        .containsExactly(tuple("OPENED", "MX01"), tuple("RESOLVED", "MX01"));
    assertThat(notices.get(0).get("reason").asText())
        .contains("The 3 routes failing together all pass through server MX01")
        .contains("the 6 routes that avoid it are healthy");
    assertThat(notices.get(1).get("routes")).hasSize(6);
  }

  @Test
  void shardsDeliveredTwiceAndInOneBatch_publishEachNoticeOnce() throws IOException {
    List<EvaluateHandler> containers = List.of(handler(), handler());

    for (int minute = 5; minute <= 40; minute += 5) {
      probesSent(minute - 5, "MX01", 20, 60);
      clock.set(T0.plus(Duration.ofMinutes(minute)).plusSeconds(20));
      scheduled(containers.get(0));
      List<Message> shards = receiveShards(3);
      // Every shard twice, the copies after the round ended, in batches of three.
      List<Message> twice = new ArrayList<>(shards);
      twice.addAll(shards);
      for (int from = 0; from < twice.size(); from += 3) {
        JsonNode answer = sqsEvent(containers.get(from / 3 % 2), twice.subList(from, from + 3));
        assertThat(answer.get("batchItemFailures")).isEmpty();
      }
      deleteAll(shards);
    }

    assertThat(notices())
        .extracting(n -> n.get("type").asText(), n -> n.at("/fault/suspect").asText())
        .containsExactly(tuple("OPENED", "MX01"));
  }

  @Test
  void aMessageThatIsNoShardOrder_isDropped_andTheOthersInItsBatchAreJudged() throws IOException {
    EvaluateHandler handler = handler();
    probesSent(0, "MX01", 100, 100);
    probesSent(5, "MX01", 100, 100);
    clock.set(T0.plus(Duration.ofMinutes(10)).plusSeconds(20));
    scheduled(handler);
    List<Message> shards = receiveShards(3);
    List<Message> batch = new ArrayList<>(shards);
    batch.add(Message.builder().messageId("not-a-shard").body("{\"shard\": \"one\"}").build());

    JsonNode answer = sqsEvent(handler, batch);

    assertThat(answer.get("batchItemFailures")).isEmpty();
    deleteAll(shards);
    assertThat(notices()).isEmpty();
    // The round ended: every route's state was stored once, healthy.
    clock.set(T0.plus(Duration.ofMinutes(15)).plusSeconds(20));
    scheduled(handler);
    assertThat(deliverShards(List.of(handler), 1)).isEqualTo(3);
  }

  @Test
  void theSampleShardEvent_judgesItsTwoRoutes_andEndsItsRoundOfOneShard() throws IOException {
    EvaluateHandler handler = handler();
    clock.set(Instant.parse("2026-12-05T10:00:03Z"));
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    try (var event = Files.newInputStream(EvaluateHandlerIT.sample("evaluate-shard.json"))) {
      handler.handleRequest(event, output, null);
    }

    assertThat(JSON.readTree(output.toByteArray()).get("batchItemFailures")).isEmpty();
    // The shard's two routes were judged and stored; the third route is not the shard's.
    var states =
        new dev.mailflow.adapters.aws.DynamoDbRouteStateStore(
            aws.dynamoDb(), environment.get(EvaluateSettings.STATE_TABLE));
    assertThat(states.load("MX01-to-MX02")).isPresent();
    assertThat(states.load("MX01-to-MX03")).isPresent();
    assertThat(states.load("MX01-to-MX04")).isEmpty();
    // The round of the sample's one shard ended: its end cannot be claimed again.
    assertThat(
            new dev.mailflow.adapters.aws.DynamoDbRoundBoard(
                    aws.dynamoDb(), environment.get(EvaluateSettings.STATE_TABLE))
                .claimEnd(
                    Instant.parse("2026-12-05T10:00:00Z"), clock.instant(), Duration.ofMinutes(2)))
        .isFalse();
  }

  @Test
  void aHandlerGivenAShardSummaryConsumer_isHandedEveryShardsSummary() throws IOException {
    List<String> summaries = new ArrayList<>();
    EvaluateHandler handler =
        new EvaluateHandler(
            EvaluateFunction.from(
                EvaluateSettings.fromEnvironment(environment),
                AwsClients.forEnvironment(environment),
                clock),
            new EmbeddedMetrics(false),
            summaries::add);
    probesSent(0, "MX01", 100, 100);
    probesSent(5, "MX01", 100, 100);
    clock.set(T0.plus(Duration.ofMinutes(10)).plusSeconds(20));
    scheduled(handler);

    assertThat(deliverShards(List.of(handler), 1)).isEqualTo(3);

    assertThat(summaries).hasSize(3);
    List<String> healthy = new ArrayList<>();
    for (String summary : summaries) {
      for (JsonNode route : JSON.readTree(summary).get("routes")) {
        if (route.path("condition").asText().equals("HEALTHY")) {
          healthy.add(route.get("route").asText());
        }
      }
    }
    assertThat(healthy).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void noMoreRoutesThanAShard_areJudgedInTheScheduledRun_andNoShardIsHandedOut()
      throws IOException {
    environment.put(EvaluateSettings.SHARD_SIZE, "12");
    probesSent(0, "MX01", 100, 100);
    probesSent(5, "MX01", 100, 100);
    clock.set(T0.plus(Duration.ofMinutes(10)).plusSeconds(20));

    JsonNode summary = scheduled(handler());

    assertThat(summary.get("routes")).hasSize(12);
    assertThat(receiveShards(0)).isEmpty();
  }

  // --- the function, the queue as its event source, and the subscriber

  private EvaluateHandler handler() {
    return new EvaluateHandler(
        EvaluateFunction.from(
            EvaluateSettings.fromEnvironment(environment),
            AwsClients.forEnvironment(environment),
            clock));
  }

  private static JsonNode scheduled(EvaluateHandler handler) throws IOException {
    return invoke(handler, "{\"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\"}");
  }

  /**
   * Delivers the round's shards as the event source does, {@code batch} messages an invocation, the
   * invocations taken by the containers in turn, a second apart; deletes what succeeded.
   *
   * @return how many shards were delivered
   */
  private int deliverShards(List<EvaluateHandler> containers, int batch) throws IOException {
    List<Message> shards = receiveShards(-1);
    for (int from = 0; from < shards.size(); from += batch) {
      clock.set(clock.instant().plusSeconds(1));
      List<Message> messages = shards.subList(from, Math.min(shards.size(), from + batch));
      JsonNode answer = sqsEvent(containers.get(from / batch % containers.size()), messages);
      assertThat(answer.get("batchItemFailures")).as("shards to deliver again").isEmpty();
    }
    deleteAll(shards);
    return shards.size();
  }

  /** The messages in the shard queue: {@code expected} of them, or as many as come. */
  private List<Message> receiveShards(int expected) {
    List<Message> received = new ArrayList<>();
    for (int attempt = 0; attempt < 5 && (expected < 0 || received.size() < expected); attempt++) {
      List<Message> batch =
          aws.sqs()
              .receiveMessage(
                  r ->
                      r.queueUrl(shardQueueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(expected == 0 ? 1 : 0)
                          .visibilityTimeout(300))
              .messages();
      if (batch.isEmpty() && expected < 0 && !received.isEmpty()) {
        break;
      }
      received.addAll(batch);
    }
    return received;
  }

  private void deleteAll(List<Message> messages) {
    for (Message message : messages) {
      aws.sqs()
          .deleteMessage(r -> r.queueUrl(shardQueueUrl).receiptHandle(message.receiptHandle()));
    }
  }

  /** Invokes the handler with the SQS event the event source would send for {@code messages}. */
  private JsonNode sqsEvent(EvaluateHandler handler, List<Message> messages) throws IOException {
    return invoke(handler, SqsEventSource.event(shardQueueUrl, "eu-west-1", messages));
  }

  private static JsonNode invoke(EvaluateHandler handler, String event) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
    return JSON.readTree(output.toByteArray());
  }

  private List<JsonNode> notices() throws IOException {
    List<JsonNode> notices = new ArrayList<>();
    for (Message message : subscriber.receiveFor(Duration.ofSeconds(3))) {
      notices.add(JSON.readTree(message.body()));
    }
    return notices;
  }

  private static org.assertj.core.groups.Tuple tuple(Object... values) {
    return org.assertj.core.groups.Tuple.tuple(values);
  }

  /**
   * A probe on every route at {@code minute}: from {@code down} from {@code fromMinute} to {@code
   * toMinute} refused, to it lost; every other one delivered in 4 s.
   */
  private void probesSent(int minute, String down, int fromMinute, int toMinute) {
    Instant sent = T0.plus(Duration.ofMinutes(minute));
    String nonce = "mesh-probe-" + minute;
    boolean outage = minute >= fromMinute && minute < toMinute;
    for (String source : SERVERS) {
      for (String target : SERVERS) {
        if (source.equals(target)) {
          continue;
        }
        String route = source + "-to-" + target;
        if (outage && source.equals(down)) {
          probes.recordSubmission(
              new Probe(route, nonce, sent, Submission.failed(sent, 421, "unavailable"), null));
          continue;
        }
        probes.recordSubmission(
            new Probe(route, nonce, sent, Submission.accepted(sent, 250, "queued"), null));
        if (!(outage && target.equals(down))) {
          probes.recordArrival(
              Arrival.of(
                  new ProbeToken("k1", route, sent, nonce),
                  sent.plusSeconds(4),
                  List.of(),
                  "",
                  null));
        }
      }
    }
  }
}
