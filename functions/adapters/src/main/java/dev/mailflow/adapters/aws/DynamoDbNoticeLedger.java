package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.NoticeLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Remembers which one-off notices were sent, in the route state table, so that a bad maintenance
 * window item is reported once, not at every evaluation.
 *
 * <p>A claim is an item whose partition key is {@code ledger#<fingerprint>}: route ids are letters,
 * digits, '-' and '_' only, so no claim can ever meet a route's state item. It carries {@code
 * claimedAt} (S, ISO-8601) and {@code expiresAt} (N, epoch seconds), the table's time-to-live
 * attribute: a problem fixed long ago falls out of the table by itself, and one that comes back
 * after the retention is reported again. DynamoDB deletes expired items only eventually (up to days
 * later), so a claim past its {@code expiresAt} counts as gone at once.
 *
 * <p>A claim first expires after a short lease; {@link #confirm} pushes its expiry out to the
 * retention once the notice is published. A run that dies between claiming and publishing leaves a
 * claim that lapses by itself, and a later run reports the problem after all.
 *
 * <p>A claim carries {@code claimedBy}, the {@link WriterToken} of its write. A claim whose answer
 * was lost and that the SDK retried fails its own condition; finding its own token in the item as
 * it stood then, it holds the claim rather than leaving the notice to the next run after the lease.
 *
 * <p>Build one per container next to the {@link DynamoDbRouteStateStore} on the same table.
 */
public final class DynamoDbNoticeLedger implements NoticeLedger {

  /** How long a claim is kept unless given otherwise. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  /** How long a claim not yet confirmed holds. */
  public static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  static final String KEY_PREFIX = "ledger#";
  static final String CLAIMED_AT = "claimedAt";
  static final String CONFIRMED_AT = "confirmedAt";
  static final String CLAIMED_BY = "claimedBy";
  static final String EXPIRES_AT = MailflowTables.TIME_TO_LIVE;

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbNoticeLedger.class);

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final Duration retention;

  /** A ledger whose claims are kept for {@link #DEFAULT_RETENTION}. */
  public DynamoDbNoticeLedger(DynamoDbClient dynamoDb, String tableName) {
    this(dynamoDb, tableName, DEFAULT_RETENTION);
  }

  /**
   * @param dynamoDb the container's client, from {@link AwsClients#dynamoDb()}
   * @param tableName the route state table, as the template names it
   * @param retention how long a claim is kept
   */
  public DynamoDbNoticeLedger(DynamoDbClient dynamoDb, String tableName, Duration retention) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("the route state table name is missing");
    }
    this.tableName = tableName;
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("the ledger retention must be positive: " + retention);
    }
    this.retention = retention;
  }

  @Override
  public boolean claim(String fingerprint, Instant now) {
    String key = key(fingerprint);
    Objects.requireNonNull(now, "now");
    WriterToken writer = WriterToken.next();
    try {
      dynamoDb.putItem(
          request ->
              request
                  .tableName(tableName)
                  .item(
                      Map.of(
                          DynamoDbRouteStateStore.ROUTE_ID,
                          AttributeValue.fromS(key),
                          CLAIMED_AT,
                          AttributeValue.fromS(now.toString()),
                          CLAIMED_BY,
                          writer.value(),
                          EXPIRES_AT,
                          epochSeconds(now.plus(CLAIM_LEASE))))
                  .conditionExpression("attribute_not_exists(#key) OR #expiresAt <= :now")
                  .expressionAttributeNames(
                      Map.of("#key", DynamoDbRouteStateStore.ROUTE_ID, "#expiresAt", EXPIRES_AT))
                  .expressionAttributeValues(Map.of(":now", epochSeconds(now)))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
    } catch (ConditionalCheckFailedException e) {
      if (writer.wroteItemOf(e, CLAIMED_BY)) {
        LOG.info("notice {} claimed; the answer to the first attempt was lost", fingerprint);
        return true;
      }
      LOG.debug("notice {} was claimed before", fingerprint);
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of("could not claim notice " + fingerprint + " in table " + tableName, e);
    }
    return true;
  }

  @Override
  public void confirm(String fingerprint, Instant now) {
    String key = key(fingerprint);
    try {
      dynamoDb.updateItem(
          request ->
              request
                  .tableName(tableName)
                  .key(Map.of(DynamoDbRouteStateStore.ROUTE_ID, AttributeValue.fromS(key)))
                  .updateExpression("SET #expiresAt = :expiresAt, #confirmedAt = :confirmedAt")
                  .expressionAttributeNames(
                      Map.of("#expiresAt", EXPIRES_AT, "#confirmedAt", CONFIRMED_AT))
                  .expressionAttributeValues(
                      Map.of(
                          ":expiresAt",
                          epochSeconds(now.plus(retention)),
                          ":confirmedAt",
                          AttributeValue.fromS(now.toString()))));
    } catch (SdkException e) {
      throw StoreFailure.of(
          "could not confirm notice " + fingerprint + " in table " + tableName, e);
    }
  }

  @Override
  public boolean confirmed(String fingerprint, Instant now) {
    String key = key(fingerprint);
    Map<String, AttributeValue> item;
    try {
      item =
          dynamoDb
              .getItem(
                  request ->
                      request
                          .tableName(tableName)
                          .consistentRead(true)
                          .key(Map.of(DynamoDbRouteStateStore.ROUTE_ID, AttributeValue.fromS(key))))
              .item();
    } catch (SdkException e) {
      throw StoreFailure.of("could not read notice " + fingerprint + " in table " + tableName, e);
    }
    if (item == null || !item.containsKey(CONFIRMED_AT)) {
      return false;
    }
    AttributeValue expiresAt = item.get(EXPIRES_AT);
    // DynamoDB deletes expired items only eventually: an expired claim is gone already.
    return expiresAt == null || Long.parseLong(expiresAt.n()) > now.getEpochSecond();
  }

  @Override
  public void release(String fingerprint) {
    String key = key(fingerprint);
    try {
      dynamoDb.deleteItem(
          request ->
              request
                  .tableName(tableName)
                  .key(Map.of(DynamoDbRouteStateStore.ROUTE_ID, AttributeValue.fromS(key))));
    } catch (SdkException e) {
      throw StoreFailure.of(
          "could not release notice " + fingerprint + " in table " + tableName, e);
    }
  }

  /**
   * A notice the ledger knows was published.
   *
   * @param fingerprint what it was claimed under: {@code notice#<notice key>} for an incident's
   *     notice, the notice's key or fingerprint for the others
   * @param confirmedAt when it was confirmed as published
   */
  public record Published(String fingerprint, Instant confirmedAt) {}

  /**
   * The notices confirmed as published since {@code since} and still within the retention, in no
   * particular order: the history of what subscribers were told, for the operator's tool. Reads the
   * whole table (a Scan); the evaluate function never calls it.
   */
  public List<Published> publishedSince(Instant since, Instant now) {
    List<Published> published = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      ScanResponse page;
      try {
        page =
            dynamoDb.scan(
                request ->
                    request
                        .tableName(tableName)
                        .filterExpression(
                            "begins_with(#key, :prefix) AND #confirmedAt >= :since"
                                + " AND #expiresAt > :now")
                        .expressionAttributeNames(
                            Map.of(
                                "#key",
                                DynamoDbRouteStateStore.ROUTE_ID,
                                "#confirmedAt",
                                CONFIRMED_AT,
                                "#expiresAt",
                                EXPIRES_AT))
                        .expressionAttributeValues(
                            Map.of(
                                ":prefix",
                                AttributeValue.fromS(KEY_PREFIX),
                                ":since",
                                AttributeValue.fromS(since.toString()),
                                ":now",
                                epochSeconds(now)))
                        .exclusiveStartKey(from));
      } catch (SdkException e) {
        throw StoreFailure.of("could not read the published notices in table " + tableName, e);
      }
      for (Map<String, AttributeValue> item : page.items()) {
        String key = item.get(DynamoDbRouteStateStore.ROUTE_ID).s();
        published.add(
            new Published(
                key.substring(KEY_PREFIX.length()), Instant.parse(item.get(CONFIRMED_AT).s())));
      }
      startKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
    } while (startKey != null && !startKey.isEmpty());
    return published;
  }

  private static String key(String fingerprint) {
    if (fingerprint == null || fingerprint.isBlank()) {
      throw new IllegalArgumentException("a notice fingerprint must not be blank");
    }
    return KEY_PREFIX + fingerprint;
  }

  private static AttributeValue epochSeconds(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
  }
}
