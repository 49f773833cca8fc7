package dev.mailflow.adapters.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * Creates the route state table as the SAM template does: key {@code routeId}, TTL {@code
 * expiresAt}.
 */
final class RouteStateTable {

  private RouteStateTable() {}

  static void create(DynamoDbClient dynamoDb, String name) {
    dynamoDb.createTable(
        r ->
            r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    a ->
                        a.attributeName(DynamoDbRouteStateStore.ROUTE_ID)
                            .attributeType(ScalarAttributeType.S))
                .keySchema(
                    k -> k.attributeName(DynamoDbRouteStateStore.ROUTE_ID).keyType(KeyType.HASH)));
    try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
      waiter.waitUntilTableExists(r -> r.tableName(name));
    }
    dynamoDb.updateTimeToLive(
        r ->
            r.tableName(name)
                .timeToLiveSpecification(
                    t -> t.attributeName(DynamoDbNoticeLedger.EXPIRES_AT).enabled(true)));
  }
}
