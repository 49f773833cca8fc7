package dev.mailflow.adapters.aws;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/** Creates the tables of the stores under test exactly as their table contracts describe them. */
final class Tables {

  private Tables() {}

  /** The probe table: routeId and probeKey, both strings; TTL on expiresAt. */
  static void createProbeTable(DynamoDbClient dynamoDb, String name) {
    create(dynamoDb, name, ProbeItem.ROUTE_ID, ProbeItem.PROBE_KEY);
    enableTimeToLive(dynamoDb, name, ProbeItem.EXPIRES_AT);
  }

  /** The maintenance window table: windowId, a string; TTL on expiresAt. */
  static void createWindowTable(DynamoDbClient dynamoDb, String name) {
    create(dynamoDb, name, WindowItem.WINDOW_ID, null);
    enableTimeToLive(dynamoDb, name, WindowItem.EXPIRES_AT);
  }

  private static void create(
      DynamoDbClient dynamoDb, String name, String partitionKey, String sortKey) {
    dynamoDb.createTable(
        request -> {
          request.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
          if (sortKey == null) {
            request
                .attributeDefinitions(stringAttribute(partitionKey))
                .keySchema(key(partitionKey, KeyType.HASH));
          } else {
            request
                .attributeDefinitions(stringAttribute(partitionKey), stringAttribute(sortKey))
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE));
          }
        });
    try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
      waiter.waitUntilTableExists(request -> request.tableName(name));
    }
  }

  private static void enableTimeToLive(DynamoDbClient dynamoDb, String name, String attribute) {
    dynamoDb.updateTimeToLive(
        request ->
            request
                .tableName(name)
                .timeToLiveSpecification(ttl -> ttl.attributeName(attribute).enabled(true)));
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }
}
