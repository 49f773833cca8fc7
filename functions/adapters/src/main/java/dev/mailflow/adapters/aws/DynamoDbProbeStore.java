package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The probe records in DynamoDB: one item per probe, written by the send and the receive function
 * in either order, read by the evaluate function one route at a time.
 *
 * <p>Build one per container, next to the {@link DynamoDbClient} it uses, and give it the table
 * name from the function's configuration. It uses the low-level client: four requests with fixed
 * expressions need no mapper, and the enhanced client's schema would only add to the cold start.
 *
 * <h2>Table contract</h2>
 *
 * <pre>
 * partition key  routeId      S  MX02-to-MX01
 * sort key       probeKey     S  2006-07-28T10:19:01.000Z#q3Jx0bW8LkPz1mNe  (sentAt#probeId)
 * TTL            expiresAt    N  epoch seconds: sentAt + retention
 *                sentAt       S  2006-07-28T10:19:01.000Z
 *                probeId      S  q3Jx0bW8LkPz1mNe
 * submission     submittedAt  S  2006-07-28T10:19:02.000Z
 *                accepted     BOOL
 *                replyCode    N  250 (0 when no SMTP reply came)
 *                reply        S  the server's reply, at most 512 characters
 * arrival        deliveredAt  S  2006-07-28T11:07:47.000Z
 *                latencyMillis N end to end, negative only when clocks disagree
 *                hops         L  of M {f: from, b: by, p: protocol, t: N epoch millis}, oldest
 *                                first; at most 16: the first 8 and the last 8
 *                messageId    S  as received, at most 256 characters (absent when none)
 *                spf, dkim, dmarc  S  the receiver's verdicts (absent when it gave none)
 *                arrivedBy    S  the token of the write that recorded the arrival
 * </pre>
 *
 * <p>Each route's partition also holds one item that is not a probe, its send slot:
 *
 * <pre>
 * sort key       probeKey     S  #send-slot  (sorts before every time, so no probe query meets it)
 *                slotUntil    N  epoch millis: until when the last claim holds
 *                claimedAt    S  2006-07-28T10:19:00.512Z
 *                claimedBy    S  the token of the write that claimed it
 * TTL            expiresAt    N  epoch seconds: a day after slotUntil, for routes no longer probed
 * </pre>
 *
 * <p>Every time is UTC with exactly three fraction digits, so every {@code probeKey} of a route has
 * the same width, string order is time order, and "probes since" is the key condition {@code
 * probeKey >= :from}. Times are kept to the millisecond, as the probe token carries them; a probe
 * sent at a finer instant is refused, because its two writes would have to agree on a rounded key.
 *
 * <h2>Writes</h2>
 *
 * <p>Each write is one {@code UpdateItem} that sets only its own attributes, plus the ones every
 * item has ({@code sentAt}, {@code probeId}, {@code expiresAt}), so whichever comes first creates a
 * whole item and the other never undoes it: a fast mail can arrive before its submission is
 * recorded. The arrival is conditional on {@code attribute_not_exists(deliveredAt) OR deliveredAt >
 * :mine}, so the earliest arrival stands whatever order the copies come in: the same event
 * delivered twice, or the probe mailed again under a new Message-ID, answers {@link
 * ArrivalOutcome#DUPLICATE}; a copy that arrived earlier than the recorded one replaces it and
 * answers {@link ArrivalOutcome#EARLIER_COPY}. Before the send function submits a probe it claims
 * the route's send slot, {@code attribute_not_exists(probeKey) OR slotUntil <= :now}, so that of
 * two runs at once only one sends. One probe therefore costs three writes: the claim, the
 * submission and the arrival.
 *
 * <p>The conditional writes carry a {@link WriterToken} ({@code arrivedBy}, {@code claimedBy}) and
 * ask for the item as it stood when their condition failed: a write whose answer was lost and that
 * the SDK retried finds its own token there and is taken as done, not as a duplicate or another
 * run's claim. The submission is an unconditional {@code SET} of its own attributes, which a retry
 * repeats harmlessly.
 *
 * <h2>Reads</h2>
 *
 * <p>{@link #probesSince} is one {@code Query} on the route's partition from {@code from} on,
 * oldest first; it follows {@code LastEvaluatedKey} if a page fills (1 MB, some thousand probes,
 * far more than a lookback holds), which is still one query over one key range. Reads are
 * eventually consistent: a write from the last second may be missed and is seen by the next
 * evaluation. Items past their {@code expiresAt} are left out, as DynamoDB deletes them only some
 * time later. An item that does not fit the contract is logged with its key and skipped: one bad
 * item must not stop a route being judged. {@link #lastSentAt} reads the newest key only.
 *
 * <p>A failed call is a {@link StoreException}, transient when DynamoDB throttled, failed or could
 * not be reached, and not when the table is missing or the request was refused.
 */
public final class DynamoDbProbeStore implements ProbeStore {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbProbeStore.class);

  /** A page size of zero leaves the page size to DynamoDB (1 MB). */
  static final int DYNAMODB_PAGES = 0;

  /** The earliest arrival stands: the first one, or one earlier than the one recorded. */
  private static final String EARLIEST_ARRIVAL_ONLY =
      "attribute_not_exists(#"
          + ProbeItem.DELIVERED_AT
          + ") OR #"
          + ProbeItem.DELIVERED_AT
          + " > :"
          + ProbeItem.DELIVERED_AT;

  private static final String FREE_SLOT_ONLY =
      "attribute_not_exists(#key) OR #" + ProbeItem.SLOT_UNTIL + " <= :now";

  /** How long a send slot item outlives its last claim: long enough never to meet a due route. */
  private static final Duration SLOT_RETENTION = Duration.ofDays(1);

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Duration retention;
  private final Clock clock;
  private final int pageSize;

  /**
   * @param dynamoDb the container's client
   * @param table the probe table, as the template names it
   * @param retention how long a probe is kept after it was sent, through the table's TTL; longer
   *     than any route's lookback, or evaluations would see fewer probes than they ask for
   * @param clock tells which items have expired
   */
  public DynamoDbProbeStore(
      DynamoDbClient dynamoDb, String table, Duration retention, Clock clock) {
    this(dynamoDb, table, Objects.requireNonNull(retention, "retention"), clock, DYNAMODB_PAGES);
  }

  /**
   * A store that only reads probes, as the evaluate function does: it has no retention to give
   * them, so recording through it fails.
   *
   * @param dynamoDb the container's client
   * @param table the probe table, as the template names it
   * @param clock tells which items have expired
   */
  public static DynamoDbProbeStore forReading(DynamoDbClient dynamoDb, String table, Clock clock) {
    return new DynamoDbProbeStore(dynamoDb, table, null, clock, DYNAMODB_PAGES);
  }

  /** As the public constructor, with at most {@code pageSize} items per query page, for tests. */
  DynamoDbProbeStore(
      DynamoDbClient dynamoDb, String table, Duration retention, Clock clock, int pageSize) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("probe table name is missing");
    }
    this.table = table;
    if (retention != null && (retention.isNegative() || retention.isZero())) {
      throw new IllegalArgumentException("probe retention must be positive, not " + retention);
    }
    this.retention = retention;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize < 0) {
      throw new IllegalArgumentException("page size must not be negative, not " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** How long a record is kept; a store built {@linkplain #forReading for reading} has none. */
  private Duration retention() {
    if (retention == null) {
      throw new IllegalStateException("this probe store of " + table + " only reads");
    }
    return retention;
  }

  @Override
  public Optional<Instant> lastSentAt(String routeId) {
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            // Bounded below by the earliest time, so the route's send slot item is never read.
            .keyConditionExpression("#route = :route AND #key >= :earliest")
            .projectionExpression("#key")
            .expressionAttributeNames(
                Map.of("#route", ProbeItem.ROUTE_ID, "#key", ProbeItem.PROBE_KEY))
            .expressionAttributeValues(
                Map.of(
                    ":route", AttributeValue.fromS(routeId),
                    ":earliest", AttributeValue.fromS(ProbeItem.lowerBound(ProbeItem.EARLIEST))))
            .scanIndexForward(false)
            .limit(1)
            .build();
    QueryResponse response;
    try {
      response = dynamoDb.query(request);
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not read the newest probe of route=" + routeId + " in table " + table, e);
    }
    if (response.items().isEmpty()) {
      return Optional.empty();
    }
    AttributeValue newest = response.items().get(0).get(ProbeItem.PROBE_KEY);
    try {
      return Optional.of(
          ProbeItem.sentAtOf(newest == null || newest.s() == null ? "" : newest.s()));
    } catch (CorruptItemException e) {
      // Guessing here would send too often or never; the send function skips the round instead.
      throw new StoreException(
          "The newest probe item of route="
              + routeId
              + " in table "
              + table
              + " has no readable send time: "
              + e.getMessage(),
          false,
          e);
    }
  }

  @Override
  public boolean claimSendSlot(String routeId, Instant now, Instant until) {
    if (!until.isAfter(now)) {
      throw new IllegalArgumentException(
          "route " + routeId + ": a send slot must end after " + now + ", not " + until);
    }
    WriterToken writer = WriterToken.next();
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(ProbeItem.SLOT_UNTIL, AttributeValue.fromN(Long.toString(until.toEpochMilli())));
    attributes.put(ProbeItem.CLAIMED_AT, AttributeValue.fromS(now.toString()));
    attributes.put(ProbeItem.CLAIMED_BY, writer.value());
    attributes.put(
        ProbeItem.EXPIRES_AT,
        AttributeValue.fromN(Long.toString(until.plus(SLOT_RETENTION).getEpochSecond())));
    UpdateItemRequest request =
        setAll(
                ProbeItem.sendSlotKey(routeId),
                attributes,
                FREE_SLOT_ONLY,
                Map.of("#key", ProbeItem.PROBE_KEY),
                Map.of(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
            .toBuilder()
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build();
    try {
      dynamoDb.updateItem(request);
      return true;
    } catch (ConditionalCheckFailedException held) {
      if (writer.wroteItemOf(held, ProbeItem.CLAIMED_BY)) {
        LOG.info("route={} send slot claimed; the answer to the first attempt was lost", routeId);
        return true;
      }
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not claim the send slot of route=" + routeId + " in table " + table, e);
    }
  }

  @Override
  public void recordSubmission(Probe probe) {
    Map<String, AttributeValue> key =
        ProbeItem.key(probe.routeId(), probe.sentAt(), probe.probeId());
    UpdateItemRequest request =
        setAll(key, ProbeItem.submissionAttributes(probe, retention()), null);
    try {
      dynamoDb.updateItem(request);
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not record the submission of route="
              + probe.routeId()
              + " probe="
              + probe.probeId()
              + " in table "
              + table,
          e);
    }
  }

  @Override
  public ArrivalOutcome recordArrival(Arrival arrival) {
    if (arrival.hops().size() > ProbeItem.MAX_HOPS) {
      LOG.info(
          "route={} probe={} came over {} hops; keeping the first and last {}",
          arrival.routeId(),
          arrival.probeId(),
          arrival.hops().size(),
          ProbeItem.MAX_HOPS / 2);
    }
    Map<String, AttributeValue> key =
        ProbeItem.key(arrival.routeId(), arrival.token().sentAt(), arrival.probeId());
    WriterToken writer = WriterToken.next();
    Map<String, AttributeValue> attributes = ProbeItem.arrivalAttributes(arrival, retention());
    attributes.put(ProbeItem.ARRIVED_BY, writer.value());
    UpdateItemRequest request =
        setAll(key, attributes, EARLIEST_ARRIVAL_ONLY).toBuilder()
            // The old delivery time tells a first arrival from an earlier copy replacing one.
            .returnValues(ReturnValue.UPDATED_OLD)
            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .build();
    try {
      UpdateItemResponse response = dynamoDb.updateItem(request);
      return response.hasAttributes() && response.attributes().containsKey(ProbeItem.DELIVERED_AT)
          ? ArrivalOutcome.EARLIER_COPY
          : ArrivalOutcome.RECORDED;
    } catch (ConditionalCheckFailedException earlierStands) {
      if (writer.wroteItemOf(earlierStands, ProbeItem.ARRIVED_BY)) {
        // Whether it replaced a later copy went with the lost answer; a first arrival is likelier.
        LOG.info(
            "route={} probe={} arrival recorded; the answer to the first attempt was lost",
            arrival.routeId(),
            arrival.probeId());
        return ArrivalOutcome.RECORDED;
      }
      return ArrivalOutcome.DUPLICATE;
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not record the arrival of route="
              + arrival.routeId()
              + " probe="
              + arrival.probeId()
              + " in table "
              + table,
          e);
    }
  }

  @Override
  public List<Probe> probesSince(String routeId, Instant from) {
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#route = :route AND #key >= :from")
            .expressionAttributeNames(
                Map.of("#route", ProbeItem.ROUTE_ID, "#key", ProbeItem.PROBE_KEY))
            .expressionAttributeValues(
                Map.of(
                    ":route", AttributeValue.fromS(routeId),
                    ":from", AttributeValue.fromS(ProbeItem.lowerBound(from))))
            .scanIndexForward(true);
    if (pageSize != DYNAMODB_PAGES) {
      request.limit(pageSize);
    }
    long now = clock.instant().getEpochSecond();
    List<Probe> probes = new ArrayList<>();
    try {
      for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(request.build()).items()) {
        OptionalLong expiresAt = ProbeItem.expiresAt(item);
        if (expiresAt.isPresent() && expiresAt.getAsLong() <= now) {
          continue;
        }
        read(routeId, item).ifPresent(probes::add);
      }
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not read the probes of route=" + routeId + " since " + from + " in table " + table,
          e);
    }
    return probes;
  }

  private Optional<Probe> read(String routeId, Map<String, AttributeValue> item) {
    try {
      return Optional.of(ProbeItem.read(item));
    } catch (CorruptItemException e) {
      AttributeValue key = item.get(ProbeItem.PROBE_KEY);
      LOG.warn(
          "route={} probe item {}={} in table {} skipped, it does not fit the table contract: {}",
          routeId,
          ProbeItem.PROBE_KEY,
          key == null ? "(none)" : key.s(),
          table,
          e.getMessage());
      return Optional.empty();
    }
  }

  /** One {@code UpdateItem} that sets every attribute of {@code attributes} and no other. */
  private UpdateItemRequest setAll(
      Map<String, AttributeValue> key, Map<String, AttributeValue> attributes, String condition) {
    return setAll(key, attributes, condition, Map.of(), Map.of());
  }

  /**
   * As {@link #setAll(Map, Map, String)}, with the names and values that only {@code condition}
   * uses.
   */
  private UpdateItemRequest setAll(
      Map<String, AttributeValue> key,
      Map<String, AttributeValue> attributes,
      String condition,
      Map<String, String> conditionNames,
      Map<String, AttributeValue> conditionValues) {
    StringJoiner expression = new StringJoiner(", ", "SET ", "");
    Map<String, String> names = new HashMap<>(conditionNames);
    Map<String, AttributeValue> values = new HashMap<>(conditionValues);
    attributes.forEach(
        (name, value) -> {
          expression.add("#" + name + " = :" + name);
          names.put("#" + name, name);
          values.put(":" + name, value);
        });
    UpdateItemRequest.Builder request =
        UpdateItemRequest.builder()
            .tableName(table)
            .key(key)
            .updateExpression(expression.toString())
            .expressionAttributeNames(names)
            .expressionAttributeValues(values);
    if (condition != null) {
      request.conditionExpression(condition);
    }
    return request.build();
  }
}
