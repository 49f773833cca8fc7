package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.RoundBoard;
import dev.mailflow.domain.evaluation.ShardJudgement;
import dev.mailflow.domain.evaluation.ShardOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The round board in the route state table, next to the route states and the notice ledger.
 *
 * <p>A round is one item, {@code round#<round time>}, with an attribute {@code shard_<n>} for each
 * shard whose judgement is stored, and its end's claim ({@code endClaimedUntil}, epoch millis) and
 * mark ({@code endedAt}). A shard's judgement is its own item, {@code round#<round time>#<n>},
 * holding the judgement as gzipped JSON (see {@link ShardJson}). Route ids never hold '#', so
 * neither meets a route's state. Both expire a day after the round ({@code expiresAt}, the table's
 * time to live).
 *
 * <p>Recording a shard sets its attribute on the round item and returns the item as it is then: the
 * shard that sees every attribute set completed the round. A shard recorded twice sets the same
 * attribute again, so a copy of the last shard may see the round complete too; the end's claim,
 * conditional on no end and no claim still held, lets one of them end it.
 */
public final class DynamoDbRoundBoard implements RoundBoard {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbRoundBoard.class);

  static final String KEY_PREFIX = "round#";
  static final String SHARD_PREFIX = "shard_";
  static final String JUDGEMENT = "judgement";
  static final String END_CLAIMED_UNTIL = "endClaimedUntil";
  static final String ENDED_AT = "endedAt";

  /** How long a round's items are kept after the round. */
  static final Duration RETENTION = Duration.ofDays(1);

  private final DynamoDbClient dynamoDb;
  private final String tableName;

  /**
   * @param dynamoDb the container's client, from {@link AwsClients#dynamoDb()}
   * @param tableName the route state table, as the template names it
   */
  public DynamoDbRoundBoard(DynamoDbClient dynamoDb, String tableName) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (tableName == null || tableName.isBlank()) {
      throw new IllegalArgumentException("the route state table name is missing");
    }
    this.tableName = tableName;
  }

  @Override
  public boolean record(ShardOrder order, ShardJudgement judgement) {
    String roundKey = roundKey(order.roundAt());
    AttributeValue expires = expiresAt(order.roundAt());
    try {
      dynamoDb.putItem(
          request ->
              request
                  .tableName(tableName)
                  .item(
                      Map.of(
                          DynamoDbRouteStateStore.ROUTE_ID,
                          AttributeValue.fromS(shardKey(order.roundAt(), order.shard())),
                          JUDGEMENT,
                          AttributeValue.fromB(
                              SdkBytes.fromByteArray(ShardJson.judgement(judgement))),
                          MailflowTables.TIME_TO_LIVE,
                          expires)));
      Map<String, AttributeValue> round =
          dynamoDb
              .updateItem(
                  request ->
                      request
                          .tableName(tableName)
                          .key(key(roundKey))
                          .updateExpression("SET #shard = :true, #expiresAt = :expiresAt")
                          .expressionAttributeNames(
                              Map.of(
                                  "#shard",
                                  SHARD_PREFIX + order.shard(),
                                  "#expiresAt",
                                  MailflowTables.TIME_TO_LIVE))
                          .expressionAttributeValues(
                              Map.of(":true", AttributeValue.fromBool(true), ":expiresAt", expires))
                          .returnValues(ReturnValue.ALL_NEW))
              .attributes();
      long recorded = round.keySet().stream().filter(name -> name.startsWith(SHARD_PREFIX)).count();
      return recorded >= order.shards();
    } catch (SdkException e) {
      throw StoreFailure.of("could not record " + order.describe() + " in table " + tableName, e);
    }
  }

  @Override
  public boolean claimEnd(Instant roundAt, Instant now, Duration lease) {
    try {
      dynamoDb.updateItem(
          request ->
              request
                  .tableName(tableName)
                  .key(key(roundKey(roundAt)))
                  .updateExpression("SET #claimedUntil = :until")
                  .conditionExpression(
                      "attribute_exists(#key) AND attribute_not_exists(#endedAt)"
                          + " AND (attribute_not_exists(#claimedUntil) OR #claimedUntil <= :now)")
                  .expressionAttributeNames(
                      Map.of(
                          "#key",
                          DynamoDbRouteStateStore.ROUTE_ID,
                          "#claimedUntil",
                          END_CLAIMED_UNTIL,
                          "#endedAt",
                          ENDED_AT))
                  .expressionAttributeValues(
                      Map.of(":until", epochMillis(now.plus(lease)), ":now", epochMillis(now))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      LOG.info("round {} has ended, or another invocation is ending it", roundAt);
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of(
          "could not claim the end of round " + roundAt + " in table " + tableName, e);
    }
  }

  @Override
  public List<ShardJudgement> judgements(Instant roundAt, int shards) {
    List<ShardJudgement> judgements = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      String key = shardKey(roundAt, shard);
      Map<String, AttributeValue> item;
      try {
        item =
            dynamoDb
                .getItem(request -> request.tableName(tableName).consistentRead(true).key(key(key)))
                .item();
      } catch (SdkException e) {
        throw StoreFailure.of("could not read " + key + " in table " + tableName, e);
      }
      if (item == null || item.isEmpty() || item.get(JUDGEMENT) == null) {
        LOG.warn("{}: no judgement stored", key);
        continue;
      }
      try {
        judgements.add(ShardJson.judgement(item.get(JUDGEMENT).b().asByteArray()));
      } catch (IllegalArgumentException e) {
        // Counted as not judged: the round then closes no fault.
        LOG.error(
            "{}: judgement unreadable, its routes count as not judged: {}", key, e.getMessage());
      }
    }
    return judgements;
  }

  @Override
  public void ended(Instant roundAt, Instant now) {
    try {
      dynamoDb.updateItem(
          request ->
              request
                  .tableName(tableName)
                  .key(key(roundKey(roundAt)))
                  .updateExpression("SET #endedAt = :now")
                  .expressionAttributeNames(Map.of("#endedAt", ENDED_AT))
                  .expressionAttributeValues(Map.of(":now", AttributeValue.fromS(now.toString()))));
    } catch (SdkException e) {
      throw StoreFailure.of("could not mark round " + roundAt + " ended in table " + tableName, e);
    }
  }

  private static String roundKey(Instant roundAt) {
    return KEY_PREFIX + roundAt;
  }

  private static String shardKey(Instant roundAt, int shard) {
    return roundKey(roundAt) + "#" + shard;
  }

  private static Map<String, AttributeValue> key(String key) {
    return Map.of(DynamoDbRouteStateStore.ROUTE_ID, AttributeValue.fromS(key));
  }

  private static AttributeValue expiresAt(Instant roundAt) {
    return AttributeValue.fromN(Long.toString(roundAt.plus(RETENTION).getEpochSecond()));
  }

  private static AttributeValue epochMillis(Instant instant) {
    return AttributeValue.fromN(Long.toString(instant.toEpochMilli()));
  }
}
