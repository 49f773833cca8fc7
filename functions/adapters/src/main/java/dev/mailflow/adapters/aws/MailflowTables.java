package dev.mailflow.adapters.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * The key schemas of Mailflow's three tables, as the stores read and write them: the one place they
 * are written down in code.
 *
 * <p>The SAM template creates the deployed tables (and a test holds it to these schemas); the local
 * run and the integration tests create theirs from here, so that no copy can drift from the stores.
 */
public final class MailflowTables {

  /** The time-to-live attribute of every table, in epoch seconds. */
  public static final String TIME_TO_LIVE = "expiresAt";

  private MailflowTables() {}

  /** The probe table: partition key {@code routeId}, sort key {@code probeKey}. */
  public static CreateTableRequest probes(String name) {
    return table(name, ProbeItem.ROUTE_ID, ProbeItem.PROBE_KEY);
  }

  /** The route state table (which also holds the notice ledger): partition key {@code routeId}. */
  public static CreateTableRequest routeStates(String name) {
    return table(name, DynamoDbRouteStateStore.ROUTE_ID, null);
  }

  /** The maintenance window table: partition key {@code windowId}. */
  public static CreateTableRequest windows(String name) {
    return table(name, WindowItem.WINDOW_ID, null);
  }

  /** Creates {@code table}, waits until it exists, and turns its time to live on. */
  public static void create(DynamoDbClient dynamoDb, CreateTableRequest table) {
    dynamoDb.createTable(table);
    try (DynamoDbWaiter waiter = dynamoDb.waiter()) {
      waiter.waitUntilTableExists(request -> request.tableName(table.tableName()));
    }
    dynamoDb.updateTimeToLive(
        request ->
            request
                .tableName(table.tableName())
                .timeToLiveSpecification(ttl -> ttl.attributeName(TIME_TO_LIVE).enabled(true)));
  }

  private static CreateTableRequest table(String name, String partitionKey, String sortKey) {
    List<AttributeDefinition> attributes = new ArrayList<>();
    List<KeySchemaElement> keys = new ArrayList<>();
    attributes.add(stringAttribute(partitionKey));
    keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
    if (sortKey != null) {
      attributes.add(stringAttribute(sortKey));
      keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
    }
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(attributes)
        .keySchema(keys)
        .build();
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }
}
