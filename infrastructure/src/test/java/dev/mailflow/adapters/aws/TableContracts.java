package dev.mailflow.adapters.aws;

import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * The key schemas the DynamoDB adapters read and write, from {@link MailflowTables}, for the test
 * that holds the template's tables to them.
 */
public final class TableContracts {

  /** A table's partition key, sort key (if any) and time-to-live attribute. */
  public record KeySchema(String partitionKey, Optional<String> sortKey, String timeToLive) {}

  private TableContracts() {}

  /** {@link DynamoDbProbeStore}: one item per probe, {@code routeId} and {@code probeKey}. */
  public static KeySchema probes() {
    return of(MailflowTables.probes("probes"));
  }

  /**
   * {@link DynamoDbRouteStateStore} and {@link DynamoDbNoticeLedger} share one table: a route's
   * state under its id, a ledger claim under {@code ledger#...} in the same key attribute, whose
   * expiry is the table's TTL.
   */
  public static KeySchema states() {
    return of(MailflowTables.routeStates("states"));
  }

  /** {@link DynamoDbMaintenanceWindowSource}: one item per window, keyed by its name. */
  public static KeySchema windows() {
    return of(MailflowTables.windows("windows"));
  }

  private static KeySchema of(CreateTableRequest table) {
    String partitionKey = null;
    Optional<String> sortKey = Optional.empty();
    for (KeySchemaElement key : table.keySchema()) {
      if (key.keyType() == KeyType.HASH) {
        partitionKey = key.attributeName();
      } else {
        sortKey = Optional.of(key.attributeName());
      }
    }
    return new KeySchema(partitionKey, sortKey, MailflowTables.TIME_TO_LIVE);
  }
}
