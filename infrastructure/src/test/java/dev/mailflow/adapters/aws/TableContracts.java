package dev.mailflow.adapters.aws;

import java.util.Optional;

/**
 * The key schemas the DynamoDB adapters read and write, from their own constants, for the test that
 * holds the template's tables to them. It lives in the adapters' package because the constants are
 * package-private: the adapters own them, and nothing else should build keys.
 */
public final class TableContracts {

  /** A table's partition key, sort key (if any) and time-to-live attribute. */
  public record KeySchema(String partitionKey, Optional<String> sortKey, String timeToLive) {}

  private TableContracts() {}

  /** {@link DynamoDbProbeStore}: one item per probe, {@code routeId} and {@code probeKey}. */
  public static KeySchema probes() {
    return new KeySchema(
        ProbeItem.ROUTE_ID, Optional.of(ProbeItem.PROBE_KEY), ProbeItem.EXPIRES_AT);
  }

  /**
   * {@link DynamoDbRouteStateStore} and {@link DynamoDbNoticeLedger} share one table: a route's
   * state under its id, a ledger claim under {@code ledger#...} in the same key attribute, whose
   * expiry is the table's TTL.
   */
  public static KeySchema states() {
    return new KeySchema(
        DynamoDbRouteStateStore.ROUTE_ID, Optional.empty(), DynamoDbNoticeLedger.EXPIRES_AT);
  }

  /** {@link DynamoDbMaintenanceWindowSource}: one item per window, keyed by its name. */
  public static KeySchema windows() {
    return new KeySchema(WindowItem.WINDOW_ID, Optional.empty(), WindowItem.EXPIRES_AT);
  }
}
