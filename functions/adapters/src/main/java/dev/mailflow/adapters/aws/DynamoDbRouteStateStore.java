package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.alert.Abridgement;
import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.probe.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Keeps each route's state, and the notices not yet published, in one DynamoDB item per route.
 *
 * <p>The table (the SAM template creates it so) has the partition key {@code routeId} (S) and no
 * sort key, and its time-to-live attribute is {@code expiresAt}, which route state items never
 * carry (only the {@link DynamoDbNoticeLedger}'s items in the same table do). A route's item:
 *
 * <table>
 *   <caption>route state item</caption>
 *   <tr><th>attribute</th><th>type</th><th>holds</th></tr>
 *   <tr><td>{@code routeId}</td><td>S</td><td>the route id (partition key)</td></tr>
 *   <tr><td>{@code condition}</td><td>S</td><td>HEALTHY, DEGRADED, FAILING, WAITING,
 *       IN_MAINTENANCE or NO_DATA</td></tr>
 *   <tr><td>{@code incidentId}</td><td>S</td><td>the open incident; absent when none is open,
 *       and so are the six below</td></tr>
 *   <tr><td>{@code openedAt}</td><td>S</td><td>ISO-8601 instant the incident opened</td></tr>
 *   <tr><td>{@code lastNotifiedAt}</td><td>S</td><td>ISO-8601 instant of its last notice</td></tr>
 *   <tr><td>{@code severity}</td><td>S</td><td>WARNING or CRITICAL</td></tr>
 *   <tr><td>{@code reason}</td><td>S</td><td>why it opened</td></tr>
 *   <tr><td>{@code reminders}</td><td>N</td><td>reminders sent</td></tr>
 *   <tr><td>{@code intermittent}</td><td>BOOL</td><td>true when it opened on bad probes among
 *       the recent ones, so only a clean stretch closes it; absent (read as false) otherwise</td>
 *       </tr>
 *   <tr><td>{@code fault}</td><td>S</td><td>the fault across several routes the incident is part
 *       of, as the {@code fault} object of {@link NoticeJson}; absent when the route fails
 *       alone</td></tr>
 *   <tr><td>{@code monitoredSince}</td><td>S</td><td>ISO-8601 instant of the first
 *       evaluation</td></tr>
 *   <tr><td>{@code flushesReportedUntil}</td><td>S</td><td>ISO-8601; absent until a backlog flush
 *       is reported</td></tr>
 *   <tr><td>{@code judgedFrom}</td><td>S</td><td>ISO-8601; probes sent before it have been told
 *       of and never open an incident again; NULL until an incident ends. An item written before
 *       this attribute existed is read as told up to its {@code evaluatedAt} when no incident is
 *       open, so a loss told then is not told again</td></tr>
 *   <tr><td>{@code evaluatedAt}</td><td>S</td><td>ISO-8601 instant of the last stored
 *       evaluation</td></tr>
 *   <tr><td>{@code version}</td><td>N</td><td>1 on the first write, one more on each</td></tr>
 *   <tr><td>{@code unsent}</td><td>L of S</td><td>notices decided but not yet published, oldest
 *       first, each in the JSON of {@link NoticeJson}; empty when all are published</td></tr>
 *   <tr><td>{@code publishingUntil}</td><td>S</td><td>ISO-8601 instant until which a run is
 *       publishing {@code unsent}; absent when none is</td></tr>
 *   <tr><td>{@code writer}</td><td>S</td><td>the {@link WriterToken} of the save that wrote the
 *       item</td></tr>
 * </table>
 *
 * <p>{@link #save} is one {@code PutItem} conditional on the version read ({@code
 * attribute_not_exists(routeId)} for a route never stored), so of two evaluations racing on a route
 * exactly one stores its transition; the other learns it lost and publishes nothing. A save whose
 * answer was lost and that the SDK retried fails its own condition; it finds its own {@code writer}
 * in the item as it stood then ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}) and counts as
 * stored, so its notices go out now rather than a lease later. {@link #load} reads with strong
 * consistency, so a run sees the last write of the run before it.
 *
 * <p>A DynamoDB item holds at most 400 KB. Should unsent notices pile up beyond {@value
 * #UNSENT_BUDGET_BYTES} bytes (the topic unreachable for many hours), the largest are stored {@link
 * Abridgement abridged} rather than the write failing.
 *
 * <p>Failures are {@link StoreException}s naming the route: transient for throttling, server errors
 * and timeouts; not transient for a missing table, or for an item that cannot be read back (delete
 * the item to let the route start afresh).
 */
public final class DynamoDbRouteStateStore implements RouteStateStore {

  static final String ROUTE_ID = "routeId";
  static final String CONDITION = "condition";
  static final String INCIDENT_ID = "incidentId";
  static final String OPENED_AT = "openedAt";
  static final String LAST_NOTIFIED_AT = "lastNotifiedAt";
  static final String SEVERITY = "severity";
  static final String REASON = "reason";
  static final String REMINDERS = "reminders";
  static final String MONITORED_SINCE = "monitoredSince";
  static final String FLUSHES_REPORTED_UNTIL = "flushesReportedUntil";
  static final String EVALUATED_AT = "evaluatedAt";
  static final String INTERMITTENT = "intermittent";
  static final String FAULT = "fault";
  static final String JUDGED_FROM = "judgedFrom";
  static final String VERSION = "version";
  static final String UNSENT = "unsent";
  static final String PUBLISHING_UNTIL = "publishingUntil";
  static final String WRITER = "writer";

  /** What the unsent notices may take of an item's 400 KB, leaving room for the rest. */
  static final int UNSENT_BUDGET_BYTES = 300_000;

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRouteStateStore.class);

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  /**
   * @param dynamoDb the container's client, from {@link AwsClients#dynamoDb()}
   * @param tableName the route state table, as the template names it
   */
  public DynamoDbRouteStateStore(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("the route state table name is missing");
    }
    this.tableName = tableName;
  }

  @Override
  public Optional<StoredRouteState> load(String routeId) {
    GetItemResponse response;
    try {
      response =
          dynamoDb.getItem(
              request ->
                  request
                      .tableName(tableName)
                      .key(Map.of(ROUTE_ID, text(routeId)))
                      .consistentRead(true));
    } catch (SdkException e) {
      throw StoreFailure.of(
          "route=" + routeId + ": could not read its state from table " + tableName, e);
    }
    if (!response.hasItem() || response.item().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ItemReader(routeId, tableName, response.item()).storedState());
  }

  @Override
  public OptionalLong save(
      RouteState next, long expectedVersion, List<Notice> unsent, Instant publishingUntil) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(unsent, "unsent");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException(
          "expected version of route " + next.routeId() + " is negative: " + expectedVersion);
    }
    long version = expectedVersion + 1;
    WriterToken writer = WriterToken.next();
    Map<String, AttributeValue> item = item(next, version, unsent, publishingUntil);
    item.put(WRITER, writer.value());
    PutItemRequest.Builder request =
        PutItemRequest.builder()
            .tableName(tableName)
            .item(item)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (expectedVersion == 0) {
      request.conditionExpression("attribute_not_exists(#routeId)");
      request.expressionAttributeNames(Map.of("#routeId", ROUTE_ID));
    } else {
      request.conditionExpression("#version = :expected");
      request.expressionAttributeNames(Map.of("#version", VERSION));
      request.expressionAttributeValues(Map.of(":expected", number(expectedVersion)));
    }
    try {
      dynamoDb.putItem(request.build());
    } catch (ConditionalCheckFailedException e) {
      if (writer.wroteItemOf(e, WRITER)) {
        LOG.info(
            "route={} state stored as version {}; the answer to the first attempt was lost",
            next.routeId(),
            version);
        return OptionalLong.of(version);
      }
      LOG.debug(
          "route={} state not stored: version {} is no longer the stored one",
          next.routeId(),
          expectedVersion);
      return OptionalLong.empty();
    } catch (SdkException e) {
      throw StoreFailure.of(
          "route=" + next.routeId() + ": could not store its state in table " + tableName, e);
    }
    return OptionalLong.of(version);
  }

  private Map<String, AttributeValue> item(
      RouteState state, long version, List<Notice> unsent, Instant publishingUntil) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(ROUTE_ID, text(state.routeId()));
    item.put(CONDITION, text(state.condition().name()));
    Incident incident = state.incident();
    if (incident != null) {
      item.put(INCIDENT_ID, text(incident.id()));
      item.put(OPENED_AT, text(incident.openedAt().toString()));
      item.put(LAST_NOTIFIED_AT, text(incident.lastNotifiedAt().toString()));
      item.put(SEVERITY, text(incident.severity().name()));
      item.put(REASON, text(incident.reason()));
      item.put(REMINDERS, number(incident.reminders()));
      if (incident.intermittent()) {
        item.put(INTERMITTENT, AttributeValue.fromBool(true));
      }
      if (incident.grouped()) {
        item.put(FAULT, text(NoticeJson.write(incident.fault())));
      }
    }
    item.put(MONITORED_SINCE, text(state.monitoredSince().toString()));
    if (state.flushesReportedUntil() != null) {
      item.put(FLUSHES_REPORTED_UNTIL, text(state.flushesReportedUntil().toString()));
    }
    // Written as NULL rather than left out, so an item from before the attribute is told apart.
    item.put(
        JUDGED_FROM,
        state.judgedFrom() == null
            ? AttributeValue.fromNul(true)
            : text(state.judgedFrom().toString()));
    item.put(EVALUATED_AT, text(state.evaluatedAt().toString()));
    item.put(VERSION, number(version));
    item.put(UNSENT, AttributeValue.fromL(unsentNotices(state.routeId(), unsent)));
    if (publishingUntil != null) {
      item.put(PUBLISHING_UNTIL, text(publishingUntil.toString()));
    }
    return item;
  }

  /** The notices as JSON; the largest shortened, step by step, while they exceed the budget. */
  private static List<AttributeValue> unsentNotices(String routeId, List<Notice> unsent) {
    Abridgement[] abridgements = new Abridgement[unsent.size()];
    String[] json = new String[unsent.size()];
    int[] bytes = new int[unsent.size()];
    long total = 0;
    for (int i = 0; i < json.length; i++) {
      abridgements[i] = Abridgement.NONE;
      json[i] = NoticeJson.write(unsent.get(i));
      bytes[i] = json[i].getBytes(StandardCharsets.UTF_8).length;
      total += bytes[i];
    }
    boolean shortened = false;
    while (total > UNSENT_BUDGET_BYTES) {
      int largest = -1;
      for (int i = 0; i < json.length; i++) {
        if ((largest < 0 || bytes[i] > bytes[largest])
            && abridgements[i].shorter(unsent.get(i)).isPresent()) {
          largest = i;
        }
      }
      if (largest < 0) {
        throw new StoreException(
            "route="
                + routeId
                + ": its "
                + unsent.size()
                + " unsent notices do not fit in one item even when shortened",
            false,
            null);
      }
      Notice notice = unsent.get(largest);
      abridgements[largest] = abridgements[largest].shorter(notice).orElseThrow();
      json[largest] = NoticeJson.write(notice, abridgements[largest]);
      total -= bytes[largest];
      bytes[largest] = json[largest].getBytes(StandardCharsets.UTF_8).length;
      total += bytes[largest];
      shortened = true;
    }
    if (shortened) {
      LOG.warn(
          "route={} {} unsent notices exceed {} bytes: the largest are stored shortened",
          routeId,
          unsent.size(),
          UNSENT_BUDGET_BYTES);
    }
    List<AttributeValue> values = new ArrayList<>(json.length);
    for (String document : json) {
      values.add(text(document));
    }
    return values;
  }

  private static AttributeValue text(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  /** Reads one stored item back, naming the route and the attribute when it cannot. */
  private static final class ItemReader {
    private final String routeId;
    private final String tableName;
    private final Map<String, AttributeValue> item;

    ItemReader(String routeId, String tableName, Map<String, AttributeValue> item) {
      this.routeId = routeId;
      this.tableName = tableName;
      this.item = item;
    }

    /** The fault the incident is part of, or null when the route fails alone. */
    private Fault fault() {
      String json = optionalText(FAULT);
      if (json == null) {
        return null;
      }
      try {
        return NoticeJson.readFault(json);
      } catch (IllegalArgumentException e) {
        throw corrupt(e.getMessage(), e);
      }
    }

    StoredRouteState storedState() {
      String stored = requiredText(ROUTE_ID);
      if (!stored.equals(routeId)) {
        throw corrupt("its key is '" + stored + "'", null);
      }
      Incident incident = null;
      if (item.containsKey(INCIDENT_ID)) {
        incident =
            new Incident(
                requiredText(INCIDENT_ID),
                requiredInstant(OPENED_AT),
                requiredInstant(LAST_NOTIFIED_AT),
                enumValue(SEVERITY, Severity.class),
                optionalText(REASON),
                (int) requiredNumber(REMINDERS),
                item.containsKey(INTERMITTENT)
                    && Boolean.TRUE.equals(item.get(INTERMITTENT).bool()),
                fault());
      }
      Instant judgedFrom = optionalInstant(JUDGED_FROM);
      if (judgedFrom == null && incident == null && !item.containsKey(JUDGED_FROM)) {
        judgedFrom = requiredInstant(EVALUATED_AT);
      }
      RouteState state;
      try {
        state =
            new RouteState(
                routeId,
                enumValue(CONDITION, RouteCondition.class),
                incident,
                requiredInstant(MONITORED_SINCE),
                optionalInstant(FLUSHES_REPORTED_UNTIL),
                judgedFrom,
                requiredInstant(EVALUATED_AT),
                requiredNumber(VERSION));
      } catch (IllegalArgumentException e) {
        throw corrupt(e.getMessage(), e);
      }
      return new StoredRouteState(state, unsent(), optionalInstant(PUBLISHING_UNTIL));
    }

    private List<Notice> unsent() {
      AttributeValue value = item.get(UNSENT);
      if (value == null || Boolean.TRUE.equals(value.nul())) {
        return List.of();
      }
      if (!value.hasL()) {
        throw corrupt("attribute '" + UNSENT + "' is not a list", null);
      }
      List<Notice> notices = new ArrayList<>(value.l().size());
      for (int i = 0; i < value.l().size(); i++) {
        AttributeValue element = value.l().get(i);
        if (element.s() == null) {
          throw corrupt("unsent[" + i + "] is not a string", null);
        }
        try {
          notices.add(NoticeJson.read(element.s()));
        } catch (IllegalArgumentException e) {
          throw corrupt("unsent[" + i + "] is not a notice: " + e.getMessage(), e);
        }
      }
      return notices;
    }

    private String optionalText(String name) {
      AttributeValue value = item.get(name);
      if (value == null || Boolean.TRUE.equals(value.nul())) {
        return null;
      }
      if (value.s() == null) {
        throw corrupt("attribute '" + name + "' is not a string (S)", null);
      }
      return value.s();
    }

    private String requiredText(String name) {
      String value = optionalText(name);
      if (value == null) {
        throw corrupt("attribute '" + name + "' is missing", null);
      }
      return value;
    }

    private Instant optionalInstant(String name) {
      String value = optionalText(name);
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw corrupt(
            "attribute '" + name + "' is not an ISO-8601 instant in UTC: '" + value + "'", e);
      }
    }

    private Instant requiredInstant(String name) {
      Instant value = optionalInstant(name);
      if (value == null) {
        throw corrupt("attribute '" + name + "' is missing", null);
      }
      return value;
    }

    private long requiredNumber(String name) {
      AttributeValue value = item.get(name);
      if (value == null) {
        throw corrupt("attribute '" + name + "' is missing", null);
      }
      if (value.n() == null) {
        throw corrupt("attribute '" + name + "' is not a number (N)", null);
      }
      try {
        return Long.parseLong(value.n());
      } catch (NumberFormatException e) {
        throw corrupt("attribute '" + name + "' is not a whole number: " + value.n(), e);
      }
    }

    private <E extends Enum<E>> E enumValue(String name, Class<E> type) {
      String value = requiredText(name);
      try {
        return Enum.valueOf(type, value);
      } catch (IllegalArgumentException e) {
        throw corrupt(
            "attribute '"
                + name
                + "' is '"
                + value
                + "', not one of "
                + Arrays.toString(type.getEnumConstants()),
            e);
      }
    }

    private StoreException corrupt(String reason, Throwable cause) {
      return new StoreException(
          "route="
              + routeId
              + ": its state item in table "
              + tableName
              + " cannot be read ("
              + reason
              + "); fix or delete the item to let the route start afresh",
          false,
          cause);
    }
  }
}
