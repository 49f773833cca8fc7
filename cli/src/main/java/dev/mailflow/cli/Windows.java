package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter;
import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.adapters.config.DurationText;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the maintenance commands share: the window table and the checks on their input. */
final class Windows {

  private Windows() {}

  static DynamoDbMaintenanceWindowWriter writer(Connection connection) {
    return new DynamoDbMaintenanceWindowWriter(connection.dynamoDb(), connection.windowsTable());
  }

  /** The stored window {@code id}. @throws UsageException when there is none */
  static StoredWindow find(Connection connection, String id) {
    return writer(connection)
        .find(id)
        .orElseThrow(
            () ->
                new UsageException(
                    "there is no maintenance window "
                        + id
                        + " (see: mailflow maintenance list --all)"));
  }

  /** {@code text} as a scope. @throws UsageException saying which forms are accepted */
  static MaintenanceScope scope(String text) {
    try {
      return MaintenanceScope.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Checks that the scope's server or route is in the configuration, so a typing mistake does not
   * set a window that excuses nothing.
   *
   * @throws UsageException naming the unknown server or route
   */
  static void requireKnown(MaintenanceScope scope, MonitorConfiguration configuration) {
    switch (scope.kind()) {
      case SERVER:
        requireKnown(
            scope,
            "server",
            configuration.server(scope.id()).isPresent(),
            configuration.servers().stream().map(Server::id).toList());
        break;
      case ROUTE:
        requireKnown(
            scope,
            "route",
            configuration.route(scope.id()).isPresent(),
            configuration.routes().stream().map(Route::id).toList());
        break;
      default:
        break;
    }
  }

  private static void requireKnown(
      MaintenanceScope scope, String kind, boolean known, List<String> ids) {
    if (!known) {
      throw new UsageException(
          "unknown scope "
              + scope
              + ": the configuration has no "
              + kind
              + " "
              + scope.id()
              + " ("
              + kind
              + "s: "
              + String.join(", ", ids)
              + ")");
    }
  }

  /** {@code text} as a duration. @throws UsageException naming the option */
  static Duration duration(String option, String text) {
    try {
      return DurationText.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + e.getMessage());
    }
  }

  /** The TTL of an item that ends at {@code end} and is kept {@code keep} after it. */
  static long expiresAt(Instant end, Duration keep) {
    return end.plus(keep).getEpochSecond();
  }
}
