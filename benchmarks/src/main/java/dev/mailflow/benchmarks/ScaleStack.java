package dev.mailflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.DynamoDbRouteStateStore;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.DynamoDbStandIn;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.SqsEventSource;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.send.SendFunction;
import dev.mailflow.send.SendHandler;
import dev.mailflow.send.SendSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A Mailflow stack for runs at scale, in one JVM: DynamoDB is a {@link DynamoDbStandIn} that
 * answers each call after a set latency, the topic and the signing key are in the moto server, and
 * every mail server is one SMTP sink on 127.0.0.1 that accepts every probe. The evaluate and send
 * functions are the real ones, built as Lambda builds them from their settings, with {@code
 * AWS_ENDPOINT_URL_DYNAMODB} pointing at the stand-in.
 *
 * <p>{@link #seed} fills the tables for a list of routes: an hour of five-minute probes each and a
 * stored healthy state. The first route of each kind (healthy, or out of a server that is down) is
 * written by the real stores, through the stand-in without latency; every other route gets a copy
 * of its items under its own key, in memory, so a hundred thousand routes are seeded in seconds.
 *
 * <p>The functions judge or send for the routes they are given ({@link #evaluateFunction}, {@link
 * #sendFunction}): the whole list for one invocation. {@link #shardedEvaluateFunction} judges a
 * round in shards, handed out through an SQS queue on the moto server ({@link #createShardQueue}),
 * each shard then delivered to a handler as the queue's event source would ({@link #invoke(
 * EvaluateHandler, List)}).
 */
final class ScaleStack implements AutoCloseable {

  /** The time the runs are made at: the newest seeded probe was sent five minutes before. */
  static final Instant NOW = Instant.parse("2026-12-05T02:00:30Z");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final int PROBES_PER_ROUTE = 12;
  private static final String SIGNING_KEY = "scale-signing-key-0123456789abcdef";

  private final DynamoDbStandIn dynamoDb;
  private final SmtpSink smtp;
  private final Map<String, String> environment;
  private final AwsClients seeding;
  private final Path directory;
  private final String probesTable = ResourceNames.unique("probes");
  private final String stateTable = ResourceNames.unique("states");
  private final String windowsTable = ResourceNames.unique("windows");
  private final Duration latency;
  private final String alertTopic;

  private ScaleStack(Duration latency, MotoServer moto) {
    this.latency = latency;
    this.dynamoDb = DynamoDbStandIn.start(Duration.ZERO);
    this.smtp = SmtpSink.start();
    Map<String, String> variables = new HashMap<>(moto.environment());
    variables.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.endpoint().toString());
    this.seeding = AwsClients.forEnvironment(variables);
    MailflowTables.create(seeding.dynamoDb(), MailflowTables.probes(probesTable));
    MailflowTables.create(seeding.dynamoDb(), MailflowTables.routeStates(stateTable));
    MailflowTables.create(seeding.dynamoDb(), MailflowTables.windows(windowsTable));
    String topic =
        seeding
            .sns()
            .createTopic(request -> request.name(ResourceNames.unique("alerts")))
            .topicArn();
    String secret = ResourceNames.unique("signing-key");
    seeding
        .secretsManager()
        .createSecret(
            request ->
                request
                    .name(secret)
                    .secretString("{\"keyId\": \"k1\", \"key\": \"" + SIGNING_KEY + "\"}"));
    variables.put(EvaluateSettings.PROBES_TABLE, probesTable);
    variables.put(EvaluateSettings.STATE_TABLE, stateTable);
    variables.put(EvaluateSettings.WINDOWS_TABLE, windowsTable);
    this.alertTopic = topic;
    variables.put(EvaluateSettings.ALERT_TOPIC_ARN, topic);
    variables.put(SendSettings.SIGNING_SECRET, secret);
    this.environment = Map.copyOf(variables);
    try {
      this.directory = Files.createTempDirectory("mailflow-scale");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a stack whose DynamoDB calls take {@code latency} each once seeded.
   *
   * @param moto the server of the topic and the signing key
   */
  static ScaleStack start(Duration latency, MotoServer moto) {
    return new ScaleStack(latency, moto);
  }

  /** The DynamoDB stand-in, for its call counts. */
  DynamoDbStandIn dynamoDb() {
    return dynamoDb;
  }

  /** The SMTP sink every server submits to. */
  SmtpSink smtp() {
    return smtp;
  }

  /**
   * Fills the tables for {@code routes}, then sets the stand-in's latency and counts afresh: an
   * hour of probes each, delivered in 4 s, and a stored healthy state; the routes {@code down}
   * picks had their newest three probes refused at submission, so a run finds them failing.
   */
  void seed(List<Route> routes, Predicate<Route> down) {
    dynamoDb.latency(Duration.ZERO);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    DynamoDbProbeStore probes =
        new DynamoDbProbeStore(seeding.dynamoDb(), probesTable, Duration.ofDays(30), clock);
    DynamoDbRouteStateStore states = new DynamoDbRouteStateStore(seeding.dynamoDb(), stateTable);
    Route healthyTemplate = null;
    Route downTemplate = null;
    for (Route route : routes) {
      boolean isDown = down.test(route);
      Route template = isDown ? downTemplate : healthyTemplate;
      if (template == null) {
        write(route, isDown, probes, states);
        if (isDown) {
          downTemplate = route;
        } else {
          healthyTemplate = route;
        }
      } else {
        dynamoDb.copyPartition(probesTable, template.id(), route.id());
        dynamoDb.copyPartition(stateTable, template.id(), route.id());
      }
    }
    dynamoDb.latency(latency);
    dynamoDb.resetCalls();
  }

  /** The items the real stores write for one route: its probes and its state. */
  private static void write(
      Route route, boolean down, DynamoDbProbeStore probes, DynamoDbRouteStateStore states) {
    for (int i = 0; i < PROBES_PER_ROUTE; i++) {
      Instant sent = NOW.minus(Duration.ofMinutes(60)).plus(FIVE_MINUTES.multipliedBy(i));
      boolean refused = down && i >= PROBES_PER_ROUTE - 3;
      ProbeToken token = new ProbeToken("k1", route.id(), sent, ProbeTokenSigner.newNonce());
      probes.recordSubmission(
          new Probe(
              route.id(),
              token.probeId(),
              sent,
              refused
                  ? Submission.failed(sent.plusMillis(200), 421, "4.3.2 Service shutting down")
                  : Submission.accepted(sent.plusMillis(200), 250, "2.0.0 Ok: queued as 4F2A1"),
              null));
      if (!refused) {
        probes.recordArrival(
            Arrival.of(
                token,
                sent.plusSeconds(4),
                List.of(),
                "<" + token.probeId() + "@mailflow.example.com>",
                AuthenticationVerdicts.unknown()));
      }
    }
    states.save(
        new RouteState(
            route.id(),
            RouteCondition.HEALTHY,
            null,
            NOW.minus(Duration.ofHours(2)),
            null,
            null,
            NOW.minus(FIVE_MINUTES),
            1),
        0,
        List.of(),
        null);
  }

  /** The evaluate function of a monitor configured with {@code routes}, at {@code clock}. */
  EvaluateFunction evaluateFunction(List<Route> routes, Clock clock) {
    Map<String, String> variables = new HashMap<>(environment);
    variables.put(EvaluateSettings.CONFIG_FILE, configurationFile(routes).toString());
    return EvaluateFunction.from(
        EvaluateSettings.fromEnvironment(variables), AwsClients.forEnvironment(variables), clock);
  }

  /**
   * The evaluate function of a monitor configured with {@code routes} that judges a round of more
   * than {@code shardSize} routes in shards handed to {@code shardQueueUrl}. Its configuration is
   * the compact {@link #meshDocument}: listed route by route, 100,000 routes would be some 6.8
   * million characters, over the configuration reader's limit of a million.
   */
  EvaluateFunction shardedEvaluateFunction(
      List<Route> routes, Clock clock, String shardQueueUrl, int shardSize) {
    Map<String, String> variables = new HashMap<>(environment);
    variables.put(EvaluateSettings.CONFIG_FILE, file(meshDocument(routes)).toString());
    variables.put(EvaluateSettings.SHARD_QUEUE_URL, shardQueueUrl);
    variables.put(EvaluateSettings.SHARD_SIZE, Integer.toString(shardSize));
    return EvaluateFunction.from(
        EvaluateSettings.fromEnvironment(variables), AwsClients.forEnvironment(variables), clock);
  }

  /** A queue on the moto server that receives every notice published to the alert topic. */
  SubscriberQueue subscribeToAlerts() {
    return SubscriberQueue.create(seeding.sqs(), ResourceNames.unique("alert-subscriber"))
        .subscribeTo(seeding.sns(), alertTopic);
  }

  /** A new SQS queue on the moto server for a round's shards; its URL. */
  String createShardQueue() {
    return seeding
        .sqs()
        .createQueue(request -> request.queueName(ResourceNames.unique("shards")))
        .queueUrl();
  }

  /**
   * Receives the {@code expected} shard orders waiting in {@code queueUrl}, hidden from other
   * receivers for ten minutes, as the event source would hold them while its invocations run.
   *
   * @throws IllegalStateException if fewer arrive
   */
  List<Message> receiveShards(String queueUrl, int expected) {
    List<Message> received = new ArrayList<>();
    for (int attempt = 0; attempt < expected + 5 && received.size() < expected; attempt++) {
      received.addAll(
          seeding
              .sqs()
              .receiveMessage(
                  request ->
                      request
                          .queueUrl(queueUrl)
                          .maxNumberOfMessages(Math.min(10, expected - received.size()))
                          .waitTimeSeconds(1)
                          .visibilityTimeout(600))
              .messages());
    }
    if (received.size() < expected) {
      throw new IllegalStateException(
          "the shard queue gave " + received.size() + " shard orders, not " + expected);
    }
    return received;
  }

  /** Deletes a delivered shard order, as the event source does once its invocation succeeded. */
  void deleteShard(String queueUrl, Message message) {
    seeding
        .sqs()
        .deleteMessage(
            request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
  }

  /**
   * Whether the round at {@code roundAt} was ended: its item on the round board, in the state
   * table, has its end's time. One GetItem, counted as the functions' calls are.
   */
  boolean roundEnded(Instant roundAt) {
    return seeding
        .dynamoDb()
        .getItem(
            request ->
                request
                    .tableName(stateTable)
                    .key(Map.of("routeId", AttributeValue.fromS("round#" + roundAt)))
                    .consistentRead(true))
        .item()
        .containsKey("endedAt");
  }

  /**
   * The fault route {@code routeId}'s stored incident carries, if any: as the evaluate function
   * stored it (only the fault's first route lists its routes). One GetItem, counted as the
   * functions' calls are.
   */
  Optional<Fault> storedFault(String routeId) {
    Optional<Fault> fault =
        new DynamoDbRouteStateStore(seeding.dynamoDb(), stateTable)
            .load(routeId)
            .map(stored -> stored.state().incident())
            .filter(incident -> incident != null && incident.grouped())
            .map(Incident::fault);
    return fault;
  }

  /** The send function of a monitor configured with {@code routes}, at {@code clock}. */
  SendFunction sendFunction(List<Route> routes, Clock clock) {
    Map<String, String> variables = new HashMap<>(environment);
    variables.put(SendSettings.CONFIG_FILE, configurationFile(routes).toString());
    return SendFunction.from(
        SendSettings.fromEnvironment(variables), AwsClients.forEnvironment(variables), clock);
  }

  /** One invocation of the evaluate function, as Lambda makes it; its JSON summary. */
  static JsonNode invoke(EvaluateFunction function) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try {
      new EvaluateHandler(function).handleRequest(scheduledEvent(), answer, null);
      return JSON.readTree(answer.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One invocation of the send function, as Lambda makes it; its JSON summary. */
  static JsonNode invoke(SendFunction function) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try {
      new SendHandler(function).handleRequest(scheduledEvent(), answer, null);
      return JSON.readTree(answer.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One scheduled invocation of a container's handler, as Lambda makes it; its JSON summary. */
  static JsonNode invokeScheduled(EvaluateHandler handler) {
    return invoke(handler, "{}");
  }

  /**
   * One invocation of a container's handler with {@code messages}, the event the queue's SQS event
   * source would send; the handler's answer, its {@code batchItemFailures}.
   */
  static JsonNode invoke(EvaluateHandler handler, String queueUrl, List<Message> messages) {
    return invoke(handler, SqsEventSource.event(queueUrl, "eu-west-1", messages));
  }

  private static JsonNode invoke(EvaluateHandler handler, String event) {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), answer, null);
      return JSON.readTree(answer.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ByteArrayInputStream scheduledEvent() {
    return new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The configuration document of {@code routes} and their servers, every server submitting to the
   * SMTP sink without TLS.
   */
  String configurationDocument(List<Route> routes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("sender", "mailflow@example.com");
    Set<String> servers = new LinkedHashSet<>();
    for (Route route : routes) {
      servers.add(route.source());
      servers.add(route.target());
    }
    ArrayNode serverNodes = root.putArray("servers");
    for (String server : servers) {
      serverNodes
          .addObject()
          .put("id", server)
          .put("host", "127.0.0.1")
          .put("port", smtp.port())
          .put("security", "NONE");
    }
    ArrayNode routeNodes = root.putArray("routes");
    for (Route route : routes) {
      // The id is left to its default, source-to-target, as an operator would: the document is
      // read whole at every refresh and has a size limit.
      routeNodes
          .addObject()
          .put("source", route.source())
          .put("target", route.target())
          .put("recipient", route.recipient());
    }
    return root.toString();
  }

  /**
   * The configuration document of {@code routes} as a mesh: the routes among the first servers that
   * form a full mesh are one {@code meshes} entry, the others are listed; each server's {@code
   * probeMailbox} is the recipient of the routes to it. It configures the same routes as {@link
   * #configurationDocument}, in another order.
   *
   * @throws IllegalArgumentException if the routes to one server have different recipients, which a
   *     mesh cannot express
   */
  String meshDocument(List<Route> routes) {
    Map<String, String> mailboxes = new LinkedHashMap<>();
    Set<String> routeIds = new HashSet<>();
    for (Route route : routes) {
      mailboxes.putIfAbsent(route.source(), null);
      String before = mailboxes.put(route.target(), route.recipient());
      if (before != null && !before.equals(route.recipient())) {
        throw new IllegalArgumentException(
            "the routes to " + route.target() + " have different recipients: no mesh holds them");
      }
      routeIds.add(route.id());
    }
    List<String> servers = List.copyOf(mailboxes.keySet());
    List<String> meshed = new ArrayList<>();
    for (String server : servers) {
      if (mailboxes.get(server) == null || !pairedWithAll(server, meshed, routeIds)) {
        break;
      }
      meshed.add(server);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("sender", "mailflow@example.com");
    ArrayNode serverNodes = root.putArray("servers");
    for (String server : servers) {
      ObjectNode node =
          serverNodes
              .addObject()
              .put("id", server)
              .put("host", "127.0.0.1")
              .put("port", smtp.port())
              .put("security", "NONE");
      if (mailboxes.get(server) != null) {
        node.put("probeMailbox", mailboxes.get(server));
      }
    }
    Set<String> inMesh = new HashSet<>();
    if (meshed.size() >= 2) {
      ArrayNode meshServers = root.putArray("meshes").addObject().putArray("servers");
      meshed.forEach(meshServers::add);
      for (String source : meshed) {
        for (String target : meshed) {
          inMesh.add(Route.idFor(source, target));
        }
      }
    }
    ArrayNode routeNodes = root.putArray("routes");
    for (Route route : routes) {
      if (!inMesh.contains(route.id())) {
        routeNodes
            .addObject()
            .put("source", route.source())
            .put("target", route.target())
            .put("recipient", route.recipient());
      }
    }
    return root.toString();
  }

  /**
   * Whether {@code routeIds} has a route both ways between {@code server} and each of {@code
   * others}.
   */
  private static boolean pairedWithAll(String server, List<String> others, Set<String> routeIds) {
    for (String other : others) {
      if (!routeIds.contains(Route.idFor(server, other))
          || !routeIds.contains(Route.idFor(other, server))) {
        return false;
      }
    }
    return true;
  }

  private Path configurationFile(List<Route> routes) {
    return file(configurationDocument(routes));
  }

  private Path file(String document) {
    try {
      Path file = Files.createTempFile(directory, "mailflow", ".json");
      Files.writeString(file, document, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    seeding.close();
    smtp.close();
    dynamoDb.close();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A clock that stands still until moved: each run of a benchmark happens at a set time. */
  static final class SetClock extends Clock {
    private volatile Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the runs are in UTC");
    }
  }
}
