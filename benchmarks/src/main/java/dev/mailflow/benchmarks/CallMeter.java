package dev.mailflow.benchmarks;

import dev.mailflow.local.simulation.RunEvent;
import dev.mailflow.local.simulation.RunListener;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts what the send, receive and evaluate functions ask of AWS while a mesh runs: every call by
 * function and operation, and for DynamoDB the request units each call is billed, worked out as
 * DynamoDB does from the size of the items it read or wrote (the emulator does not report them);
 * and the invocations and their wall time.
 *
 * <p>It is an SDK interceptor on the functions' clients and a listener of the run: the run says
 * which function is being invoked, so every call until it returns is that function's. A write's
 * units come from the item before and after it, read with a client of the meter's own that no
 * function's count sees; a conditional write that fails is billed for the item as it was.
 */
final class CallMeter implements ExecutionInterceptor, RunListener {

  private static final ExecutionAttribute<Integer> BYTES_BEFORE =
      new ExecutionAttribute<>("mailflow.itemBytesBefore");

  private final DynamoDbClient inspector;
  private final Map<String, java.util.List<KeySchemaElement>> keySchemas =
      new ConcurrentHashMap<>();
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private volatile String current = INIT;
  private int probesSent;

  /**
   * @param inspector reads items to size them; its calls are not counted
   */
  CallMeter(DynamoDbClient inspector) {
    this.inspector = inspector;
  }

  /** What was counted for each function ({@code send}, {@code receive}, {@code evaluate}). */
  Map<String, Tally> tallies() {
    return new TreeMap<>(tallies);
  }

  /**
   * The calls made while no function is invoked: the functions being built, as a Lambda container
   * builds its function before the first invocation.
   */
  static final String INIT = "init";

  /** The function whose invocation is running, or {@link #INIT}. */
  String current() {
    return current;
  }

  @Override
  public void invoking(String function) {
    current = function;
  }

  @Override
  public void invoked(String function, Duration wallTime) {
    tally(function).invoked(wallTime);
    current = INIT;
  }

  @Override
  public void event(RunEvent event) {
    if (event instanceof RunEvent.ProbeSubmitted submitted && submitted.accepted()) {
      synchronized (this) {
        probesSent++;
      }
    }
  }

  /** Probes the send function submitted and its servers accepted. */
  synchronized int probesSent() {
    return probesSent;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    SdkRequest request = context.request();
    writeKey(request).ifPresent(key -> attributes.putAttribute(BYTES_BEFORE, sizeOf(key)));
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    SdkRequest request = context.request();
    double units = units(request, context.response(), attributes, true);
    tally(current).called(operation, units);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String operation = operation(attributes);
    double units = units(context.request(), null, attributes, false);
    tally(current).called(operation + " (refused)", units);
  }

  /** The service and the API's own operation name: {@code DynamoDb UpdateItem}. */
  private static String operation(ExecutionAttributes attributes) {
    return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
        + " "
        + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
  }

  private Tally tally(String function) {
    return tallies.computeIfAbsent(function, name -> new Tally());
  }

  /** Request units of a DynamoDB call; zero for any other service. */
  private double units(
      SdkRequest request, SdkResponse response, ExecutionAttributes attributes, boolean done) {
    if (request instanceof GetItemRequest get) {
      int bytes = response instanceof GetItemResponse r && r.hasItem() ? ItemSize.of(r.item()) : 0;
      return readUnits(bytes, Boolean.TRUE.equals(get.consistentRead()));
    }
    if (request instanceof QueryRequest query) {
      int bytes = 0;
      if (response instanceof QueryResponse r) {
        for (Map<String, AttributeValue> item : r.items()) {
          bytes += ItemSize.of(item);
        }
      }
      return readUnits(bytes, Boolean.TRUE.equals(query.consistentRead()));
    }
    if (request instanceof ScanRequest scan) {
      int bytes = 0;
      if (response instanceof ScanResponse r) {
        for (Map<String, AttributeValue> item : r.items()) {
          bytes += ItemSize.of(item);
        }
      }
      return readUnits(bytes, Boolean.TRUE.equals(scan.consistentRead()));
    }
    Optional<Map<String, AttributeValue>> key = writeKey(request);
    if (key.isPresent()) {
      Integer before = attributes.getAttribute(BYTES_BEFORE);
      int largest = before == null ? 0 : before;
      if (done) {
        largest = Math.max(largest, sizeOf(key.get()));
      }
      return Math.max(1, Math.ceil(largest / 1024.0));
    }
    return 0;
  }

  /** 4 KB a unit, at least one; an eventually consistent read half that. */
  private static double readUnits(int bytes, boolean consistent) {
    double units = Math.max(1, Math.ceil(bytes / 4096.0));
    return consistent ? units : units / 2;
  }

  /** The table and key a DynamoDB write touches, as a key map with the table under "". */
  private Optional<Map<String, AttributeValue>> writeKey(SdkRequest request) {
    String table;
    Map<String, AttributeValue> key;
    if (request instanceof UpdateItemRequest update) {
      table = update.tableName();
      key = update.key();
    } else if (request instanceof DeleteItemRequest delete) {
      table = delete.tableName();
      key = delete.key();
    } else if (request instanceof PutItemRequest put) {
      table = put.tableName();
      Set<String> names =
          keySchemas
              .computeIfAbsent(
                  table,
                  name -> inspector.describeTable(r -> r.tableName(name)).table().keySchema())
              .stream()
              .map(KeySchemaElement::attributeName)
              .collect(java.util.stream.Collectors.toSet());
      key = new TreeMap<>(put.item());
      key.keySet().retainAll(names);
    } else {
      return Optional.empty();
    }
    Map<String, AttributeValue> tagged = new TreeMap<>(key);
    tagged.put("", AttributeValue.fromS(table));
    return Optional.of(tagged);
  }

  private int sizeOf(Map<String, AttributeValue> taggedKey) {
    Map<String, AttributeValue> key = new TreeMap<>(taggedKey);
    String table = key.remove("").s();
    GetItemResponse item = inspector.getItem(r -> r.tableName(table).key(key).consistentRead(true));
    return item.hasItem() ? ItemSize.of(item.item()) : 0;
  }

  /** One function's invocations, wall time, calls and request units. */
  static final class Tally {
    private final Map<String, double[]> operations = new ConcurrentHashMap<>();
    private int invocations;
    private long billedMillis;

    private synchronized void invoked(Duration wallTime) {
      invocations++;
      // Lambda bills each invocation to the millisecond, rounded up.
      billedMillis += Math.max(1, (wallTime.toNanos() + 999_999) / 1_000_000);
    }

    private void called(String operation, double units) {
      double[] counts = operations.computeIfAbsent(operation, name -> new double[2]);
      synchronized (counts) {
        counts[0]++;
        counts[1] += units;
      }
    }

    synchronized int invocations() {
      return invocations;
    }

    synchronized long billedMillis() {
      return billedMillis;
    }

    /** Each operation called, with how often and (DynamoDB) the request units billed. */
    Map<String, double[]> operations() {
      Map<String, double[]> copy = new TreeMap<>();
      operations.forEach((name, counts) -> copy.put(name, counts.clone()));
      return copy;
    }
  }
}
