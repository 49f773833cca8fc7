package dev.mailflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB for measuring Mailflow at scale: a small HTTP server on 127.0.0.1 that speaks the
 * DynamoDB JSON protocol for exactly the calls Mailflow's stores make, keeps the items in memory,
 * answers each call after a set latency (as DynamoDB in a region does, about 5 ms) and counts the
 * calls by operation.
 *
 * <p>The moto server does the same calls correctly but takes far more time and memory than DynamoDB
 * for each: ten thousand routes with a dozen probes each is more than it holds in a test's time.
 * The stand-in holds them in sorted maps, partition key to sort key to item, and its calls cost
 * what the latency says and little more.
 *
 * <p>Operations: CreateTable, DescribeTable, DeleteTable, ListTables, UpdateTimeToLive (accepted,
 * items never expire), GetItem, PutItem, UpdateItem ({@code SET} and {@code REMOVE}), DeleteItem,
 * Query (a key condition on the partition key and optionally the sort key, projection, direction,
 * {@code Limit}, {@code ExclusiveStartKey}, filter) and Scan (the same, without a key condition).
 * Conditions take comparisons, {@code attribute_exists}, {@code attribute_not_exists}, {@code
 * begins_with}, {@code AND}, {@code OR}, {@code NOT} and parentheses; a failed one is a {@code
 * ConditionalCheckFailedException} with the old item when {@code
 * ReturnValuesOnConditionCheckFailure=ALL_OLD} asked for it. Anything else, an unknown operation or
 * request field, an expression it does not know, is a {@code ValidationException} that names it:
 * never a silent guess. Pages are not cut at 1 MB, secondary indexes do not exist.
 *
 * <pre>{@code
 * try (DynamoDbStandIn dynamoDb = DynamoDbStandIn.start(Duration.ofMillis(5))) {
 *   AwsClients clients = AwsClients.forEnvironment(dynamoDb.awsEndpoint().environment());
 *   ...
 *   dynamoDb.calls(); // {GetItem=1000, Query=1000}
 * }
 * }</pre>
 *
 * <p>The latency is a sleep on one of the server's threads, not busy CPU: 64 threads answer at
 * once, more than the SDK's 50 connections.
 */
public final class DynamoDbStandIn implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStandIn.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET_PREFIX = "DynamoDB_20120810.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final int THREADS = 64;
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /** The request fields each operation takes; any other is refused. */
  private static final Map<String, Set<String>> FIELDS =
      Map.ofEntries(
          Map.entry(
              "CreateTable",
              Set.of(
                  "TableName",
                  "KeySchema",
                  "AttributeDefinitions",
                  "BillingMode",
                  "ProvisionedThroughput",
                  "Tags")),
          Map.entry("DescribeTable", Set.of("TableName")),
          Map.entry("DeleteTable", Set.of("TableName")),
          Map.entry("ListTables", Set.of("Limit", "ExclusiveStartTableName")),
          Map.entry("UpdateTimeToLive", Set.of("TableName", "TimeToLiveSpecification")),
          Map.entry(
              "GetItem",
              Set.of(
                  "TableName",
                  "Key",
                  "ConsistentRead",
                  "ProjectionExpression",
                  "ExpressionAttributeNames",
                  "ReturnConsumedCapacity")),
          Map.entry(
              "PutItem",
              Set.of(
                  "TableName",
                  "Item",
                  "ConditionExpression",
                  "ExpressionAttributeNames",
                  "ExpressionAttributeValues",
                  "ReturnValues",
                  "ReturnValuesOnConditionCheckFailure",
                  "ReturnConsumedCapacity")),
          Map.entry(
              "UpdateItem",
              Set.of(
                  "TableName",
                  "Key",
                  "UpdateExpression",
                  "ConditionExpression",
                  "ExpressionAttributeNames",
                  "ExpressionAttributeValues",
                  "ReturnValues",
                  "ReturnValuesOnConditionCheckFailure",
                  "ReturnConsumedCapacity")),
          Map.entry(
              "DeleteItem",
              Set.of(
                  "TableName",
                  "Key",
                  "ConditionExpression",
                  "ExpressionAttributeNames",
                  "ExpressionAttributeValues",
                  "ReturnValues",
                  "ReturnValuesOnConditionCheckFailure",
                  "ReturnConsumedCapacity")),
          Map.entry(
              "Query",
              Set.of(
                  "TableName",
                  "KeyConditionExpression",
                  "FilterExpression",
                  "ProjectionExpression",
                  "ExpressionAttributeNames",
                  "ExpressionAttributeValues",
                  "ScanIndexForward",
                  "Limit",
                  "ExclusiveStartKey",
                  "ConsistentRead",
                  "ReturnConsumedCapacity")),
          Map.entry(
              "Scan",
              Set.of(
                  "TableName",
                  "FilterExpression",
                  "ProjectionExpression",
                  "ExpressionAttributeNames",
                  "ExpressionAttributeValues",
                  "Limit",
                  "ExclusiveStartKey",
                  "ConsistentRead",
                  "ReturnConsumedCapacity")));

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, StandInTable> tables = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private volatile Duration latency;

  private DynamoDbStandIn(HttpServer server, ExecutorService threads, Duration latency) {
    this.server = server;
    this.threads = threads;
    this.latency = latency;
  }

  /**
   * Starts a stand-in on a free port of 127.0.0.1.
   *
   * @param latency how long each call takes, at least; zero for none
   */
  public static DynamoDbStandIn start(Duration latency) {
    checkLatency(latency);
    // The JDK's server writes an answer's headers and body apart; without TCP_NODELAY the client's
    // delayed ACK holds the body back some 40 ms, eight times the latency a call should take. The
    // server reads the property once, when its first instance starts.
    System.setProperty(NO_DELAY, "true");
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    } catch (IOException e) {
      throw new IllegalStateException("the DynamoDB stand-in cannot listen on 127.0.0.1", e);
    }
    AtomicInteger number = new AtomicInteger();
    ExecutorService threads =
        Executors.newFixedThreadPool(
            THREADS,
            task -> {
              Thread thread = new Thread(task, "dynamodb-stand-in-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    DynamoDbStandIn standIn = new DynamoDbStandIn(server, threads, latency);
    server.createContext("/", standIn::exchange);
    server.setExecutor(threads);
    server.start();
    LOG.debug("DynamoDB stand-in listening on {} with {} a call", standIn.endpoint(), latency);
    return standIn;
  }

  /** The base URL to point a DynamoDB client at, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * The endpoint with a region and dummy credentials: its {@link AwsEndpoint#environment()} points
   * every service at the stand-in, which answers only DynamoDB.
   */
  public AwsEndpoint awsEndpoint() {
    return new AwsEndpoint(endpoint(), "eu-west-1", "stand-in", "stand-in");
  }

  /** How long each call takes from now on. */
  public void latency(Duration latency) {
    checkLatency(latency);
    this.latency = latency;
  }

  /** The calls answered since the start or the last {@link #resetCalls()}, by operation. */
  public Map<String, Long> calls() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((operation, count) -> counts.put(operation, count.sum()));
    counts.values().removeIf(count -> count == 0);
    return counts;
  }

  /** Starts counting calls afresh. */
  public void resetCalls() {
    calls.values().forEach(LongAdder::reset);
  }

  /**
   * Puts a copy of every item of partition {@code from} of {@code table} under the partition key
   * {@code to} (a string), in this JVM and without latency: fills a table for many routes from the
   * items the real stores wrote for one.
   *
   * @return how many items were copied
   * @throws IllegalArgumentException if the table does not exist
   */
  public int copyPartition(String table, String from, String to) {
    return table(table).copyPartition(from, to);
  }

  /** How many items {@code table} holds. */
  public long itemCount(String table) {
    return table(table).size();
  }

  /** Stops listening and answering. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private StandInTable table(String name) {
    StandInTable table = tables.get(name);
    if (table == null) {
      throw new IllegalArgumentException("the stand-in has no table " + name);
    }
    return table;
  }

  private void exchange(HttpExchange exchange) throws IOException {
    long started = System.nanoTime();
    int status = 200;
    ObjectNode answer;
    String operation = "";
    try (InputStream body = exchange.getRequestBody()) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (target == null || !target.startsWith(TARGET_PREFIX)) {
        throw new StandInException(
            StandInException.UNKNOWN_OPERATION,
            "The DynamoDB stand-in answers only DynamoDB_20120810 operations, not: " + target);
      }
      operation = target.substring(TARGET_PREFIX.length());
      JsonNode request = JSON.readTree(body.readAllBytes());
      if (request == null || !request.isObject()) {
        throw new StandInException(StandInException.VALIDATION, "The request is not a JSON object");
      }
      answer = handle(operation, (ObjectNode) request);
      calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
    } catch (StandInException e) {
      status = 400;
      answer = JSON.createObjectNode();
      answer.put("__type", e.type());
      answer.put("message", e.getMessage());
      if (e.item() != null) {
        answer.set("Item", e.item());
      }
      if (e.type().equals(StandInException.CONDITIONAL_CHECK_FAILED)) {
        calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
      } else {
        LOG.warn("DynamoDB stand-in refused {}: {}", operation, e.getMessage());
      }
    } catch (RuntimeException | IOException e) {
      LOG.error("DynamoDB stand-in failed on {}", operation, e);
      status = 500;
      answer = JSON.createObjectNode();
      answer.put("__type", "com.amazonaws.dynamodb.v20120810#InternalServerError");
      answer.put("message", String.valueOf(e));
    }
    byte[] bytes = JSON.writeValueAsBytes(answer);
    waitOut(started);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.getResponseHeaders().set("x-amzn-RequestId", Long.toHexString(started));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Sleeps until the call has taken the latency; a call is never answered sooner. */
  private void waitOut(long started) {
    long remaining = latency.toNanos() - (System.nanoTime() - started);
    if (remaining > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(remaining);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ObjectNode handle(String operation, ObjectNode request) {
    Set<String> fields = FIELDS.get(operation);
    if (fields == null) {
      throw new StandInException(
          StandInException.UNKNOWN_OPERATION,
          "The DynamoDB stand-in does not support the operation " + operation);
    }
    for (Iterator<String> names = request.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new StandInException(
            StandInException.VALIDATION,
            "The DynamoDB stand-in does not support " + field + " in " + operation);
      }
    }
    return switch (operation) {
      case "CreateTable" -> createTable(request);
      case "DescribeTable" -> describeTable(request);
      case "DeleteTable" -> deleteTable(request);
      case "ListTables" -> listTables();
      case "UpdateTimeToLive" -> updateTimeToLive(request);
      case "GetItem" -> getItem(request);
      case "PutItem" -> putItem(request);
      case "UpdateItem" -> updateItem(request);
      case "DeleteItem" -> deleteItem(request);
      case "Query" -> query(request);
      default -> scan(request);
    };
  }

  private ObjectNode createTable(ObjectNode request) {
    String name = request.path("TableName").asText();
    String hashKey = null;
    String rangeKey = null;
    for (JsonNode element : request.path("KeySchema")) {
      if (element.path("KeyType").asText().equals("HASH")) {
        hashKey = element.path("AttributeName").asText();
      } else {
        rangeKey = element.path("AttributeName").asText();
      }
    }
    if (name.isEmpty() || hashKey == null) {
      throw new StandInException(
          StandInException.VALIDATION, "CreateTable needs a TableName and a HASH key");
    }
    ObjectNode description = JSON.createObjectNode();
    description.put("TableName", name);
    description.put("TableStatus", "ACTIVE");
    description.put("TableArn", "arn:aws:dynamodb:eu-west-1:000000000000:table/" + name);
    description.set("KeySchema", request.get("KeySchema"));
    description.set("AttributeDefinitions", request.get("AttributeDefinitions"));
    description.put("ItemCount", 0);
    description.put("CreationDateTime", System.currentTimeMillis() / 1000.0);
    description.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
    StandInTable table = new StandInTable(name, hashKey, rangeKey, description);
    if (tables.putIfAbsent(name, table) != null) {
      throw new StandInException(StandInException.RESOURCE_IN_USE, "Table already exists: " + name);
    }
    ObjectNode answer = JSON.createObjectNode();
    answer.set("TableDescription", description);
    return answer;
  }

  private ObjectNode describeTable(ObjectNode request) {
    ObjectNode answer = JSON.createObjectNode();
    answer.set("Table", existing(request).description());
    return answer;
  }

  private ObjectNode deleteTable(ObjectNode request) {
    StandInTable table = existing(request);
    tables.remove(table.name());
    ObjectNode answer = JSON.createObjectNode();
    answer.set("TableDescription", table.description());
    return answer;
  }

  private ObjectNode listTables() {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode names = answer.putArray("TableNames");
    new TreeMap<>(tables).keySet().forEach(names::add);
    return answer;
  }

  private ObjectNode updateTimeToLive(ObjectNode request) {
    existing(request);
    ObjectNode answer = JSON.createObjectNode();
    answer.set("TimeToLiveSpecification", request.get("TimeToLiveSpecification"));
    return answer;
  }

  private ObjectNode getItem(ObjectNode request) {
    StandInTable table = existing(request);
    JsonNode key = request.get("Key");
    table.checkKey(key);
    ObjectNode item = table.get(key);
    ObjectNode answer = JSON.createObjectNode();
    if (item != null) {
      answer.set("Item", project(item, request));
    }
    return answer;
  }

  private ObjectNode putItem(ObjectNode request) {
    StandInTable table = existing(request);
    JsonNode item = request.get("Item");
    if (item == null || !item.isObject()) {
      throw new StandInException(StandInException.VALIDATION, "PutItem needs an Item");
    }
    ObjectNode put = (ObjectNode) item;
    table.checkKey(table.keyOf(put));
    Predicate<ObjectNode> condition = condition(request);
    ObjectNode old =
        table.change(
            put,
            stored -> {
              check(condition, stored, request);
              return put;
            });
    return oldValues(request, old, Set.of("NONE", "ALL_OLD"));
  }

  private ObjectNode updateItem(ObjectNode request) {
    StandInTable table = existing(request);
    JsonNode key = request.get("Key");
    table.checkKey(key);
    String expression = request.path("UpdateExpression").asText("");
    if (expression.isEmpty()) {
      throw new StandInException(
          StandInException.VALIDATION, "The DynamoDB stand-in needs an UpdateExpression");
    }
    StandInExpression.Update update =
        StandInExpression.update(
            expression,
            request.get("ExpressionAttributeNames"),
            request.get("ExpressionAttributeValues"));
    Map<String, JsonNode> sets = update.sets();
    List<String> changed = new ArrayList<>(sets.keySet());
    changed.addAll(update.removes());
    for (String attribute : changed) {
      if (key.has(attribute)) {
        throw new StandInException(
            StandInException.VALIDATION,
            "Cannot update attribute " + attribute + ". This attribute is part of the key");
      }
    }
    Predicate<ObjectNode> condition = condition(request);
    ObjectNode[] updated = new ObjectNode[1];
    ObjectNode old =
        table.change(
            key,
            stored -> {
              check(condition, stored, request);
              ObjectNode next = JSON.createObjectNode();
              if (stored != null) {
                next.setAll(stored);
              } else {
                next.setAll((ObjectNode) key);
              }
              sets.forEach(next::set);
              next.remove(update.removes());
              updated[0] = next;
              return next;
            });
    String returnValues = request.path("ReturnValues").asText("NONE");
    ObjectNode answer = JSON.createObjectNode();
    ObjectNode attributes = JSON.createObjectNode();
    switch (returnValues) {
      case "NONE" -> {
        return answer;
      }
      case "ALL_OLD" -> {
        if (old != null) {
          attributes.setAll(old);
        }
      }
      case "ALL_NEW" -> attributes.setAll(updated[0]);
      case "UPDATED_OLD" -> {
        if (old != null) {
          changed.stream().filter(old::has).forEach(name -> attributes.set(name, old.get(name)));
        }
      }
      case "UPDATED_NEW" -> sets.forEach(attributes::set);
      default -> throw unsupportedValue("ReturnValues", returnValues);
    }
    if (!attributes.isEmpty()) {
      answer.set("Attributes", attributes);
    }
    return answer;
  }

  private ObjectNode deleteItem(ObjectNode request) {
    StandInTable table = existing(request);
    JsonNode key = request.get("Key");
    table.checkKey(key);
    Predicate<ObjectNode> condition = condition(request);
    ObjectNode old =
        table.change(
            key,
            stored -> {
              check(condition, stored, request);
              return null;
            });
    return oldValues(request, old, Set.of("NONE", "ALL_OLD"));
  }

  private ObjectNode query(ObjectNode request) {
    StandInTable table = existing(request);
    String keyCondition = request.path("KeyConditionExpression").asText("");
    if (keyCondition.isEmpty()) {
      throw new StandInException(
          StandInException.VALIDATION, "The DynamoDB stand-in needs a KeyConditionExpression");
    }
    StandInExpression.KeyCondition key =
        StandInExpression.keyCondition(
            keyCondition,
            request.get("ExpressionAttributeNames"),
            request.get("ExpressionAttributeValues"),
            table.hashKey(),
            table.rangeKey());
    boolean forward = request.path("ScanIndexForward").asBoolean(true);
    List<ObjectNode> candidates = new ArrayList<>();
    for (ObjectNode item : table.partition(key.partition(), forward)) {
      if (table.rangeKey() == null || key.range().test(item.get(table.rangeKey()))) {
        candidates.add(item);
      }
    }
    return page(table, candidates, request);
  }

  private ObjectNode scan(ObjectNode request) {
    StandInTable table = existing(request);
    return page(table, table.all(), request);
  }

  /** One page of {@code items}, in their order: from the start key, at most the limit, filtered. */
  private ObjectNode page(StandInTable table, List<ObjectNode> items, ObjectNode request) {
    int from = 0;
    JsonNode start = request.get("ExclusiveStartKey");
    if (start != null) {
      table.checkKey(start);
      from = items.size();
      for (int i = 0; i < items.size(); i++) {
        if (table.keyOf(items.get(i)).equals(start)) {
          from = i + 1;
          break;
        }
      }
    }
    int limit = request.has("Limit") ? request.get("Limit").asInt() : Integer.MAX_VALUE;
    if (limit < 1) {
      throw new StandInException(StandInException.VALIDATION, "Limit must be at least 1");
    }
    int to = (int) Math.min(items.size(), (long) from + limit);
    Predicate<ObjectNode> filter =
        request.has("FilterExpression")
            ? StandInExpression.condition(
                request.get("FilterExpression").asText(),
                request.get("ExpressionAttributeNames"),
                request.get("ExpressionAttributeValues"))
            : item -> true;
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode found = answer.putArray("Items");
    for (ObjectNode item : items.subList(from, to)) {
      if (filter.test(item)) {
        found.add(project(item, request));
      }
    }
    answer.put("Count", found.size());
    answer.put("ScannedCount", to - from);
    if (to < items.size()) {
      answer.set("LastEvaluatedKey", table.keyOf(items.get(to - 1)));
    }
    return answer;
  }

  private StandInTable existing(ObjectNode request) {
    String name = request.path("TableName").asText("");
    StandInTable table = tables.get(name);
    if (table == null) {
      throw new StandInException(
          StandInException.RESOURCE_NOT_FOUND, "Requested resource not found: Table: " + name);
    }
    return table;
  }

  private static Predicate<ObjectNode> condition(ObjectNode request) {
    if (!request.has("ConditionExpression")) {
      return null;
    }
    return StandInExpression.condition(
        request.get("ConditionExpression").asText(),
        request.get("ExpressionAttributeNames"),
        request.get("ExpressionAttributeValues"));
  }

  /** Fails the write as DynamoDB does when {@code condition} does not hold for {@code stored}. */
  private static void check(
      Predicate<ObjectNode> condition, ObjectNode stored, ObjectNode request) {
    if (condition == null || condition.test(stored)) {
      return;
    }
    String onFailure = request.path("ReturnValuesOnConditionCheckFailure").asText("NONE");
    if (!onFailure.equals("NONE") && !onFailure.equals("ALL_OLD")) {
      throw unsupportedValue("ReturnValuesOnConditionCheckFailure", onFailure);
    }
    throw new StandInException(
        StandInException.CONDITIONAL_CHECK_FAILED,
        "The conditional request failed",
        onFailure.equals("ALL_OLD") ? stored : null);
  }

  private static ObjectNode oldValues(ObjectNode request, ObjectNode old, Set<String> allowed) {
    String returnValues = request.path("ReturnValues").asText("NONE");
    if (!allowed.contains(returnValues)) {
      throw unsupportedValue("ReturnValues", returnValues);
    }
    ObjectNode answer = JSON.createObjectNode();
    if (returnValues.equals("ALL_OLD") && old != null) {
      answer.set("Attributes", old);
    }
    return answer;
  }

  private static ObjectNode project(ObjectNode item, ObjectNode request) {
    if (!request.has("ProjectionExpression")) {
      return item;
    }
    ObjectNode projected = JSON.createObjectNode();
    for (String attribute :
        StandInExpression.projection(
            request.get("ProjectionExpression").asText(),
            request.get("ExpressionAttributeNames"))) {
      if (item.has(attribute)) {
        projected.set(attribute, item.get(attribute));
      }
    }
    return projected;
  }

  private static StandInException unsupportedValue(String field, String value) {
    return new StandInException(
        StandInException.VALIDATION,
        "The DynamoDB stand-in does not support " + field + "=" + value);
  }

  private static void checkLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative, not " + latency);
    }
  }
}
