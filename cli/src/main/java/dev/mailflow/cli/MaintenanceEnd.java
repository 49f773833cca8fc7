package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.OptionalLong;
import picocli.CommandLine.Command;

/**
 * {@code mailflow maintenance end ID}: ends an active window now and keeps its item, so the probes
 * sent during it stay excused (docs/maintenance-windows.md).
 */
@Command(
    name = "end",
    description = {
      "End an active maintenance window now, keeping its record.",
      "The probes sent during it stay excused; the route's grace period follows the new end."
    })
final class MaintenanceEnd extends StoredWindowCommand {

  @Override
  int run(Connection connection, StoredWindow stored, Instant now, ZoneId zone) {
    MaintenanceWindow window = stored.window();
    if (stored.series() != null) {
      throw new UsageException(
          "maintenance window "
              + id
              + " is recurring: skip an occurrence still to come with mailflow maintenance skip "
              + id
              + " --occurrence DATE, or end the series with mailflow maintenance cancel "
              + id);
    }
    if (window == null) {
      throw new UsageException(
          "maintenance window "
              + id
              + " is not a valid item, so it excuses nothing: "
              + stored.fault());
    }
    if (now.isBefore(window.start())) {
      throw new UsageException(
          "maintenance window "
              + id
              + " has not started (it starts "
              + TimeText.describe(window.start(), zone)
              + "): to take it back, use: mailflow maintenance cancel "
              + id);
    }
    if (!window.contains(now)) {
      throw new UsageException(
          "maintenance window " + id + " ended already, " + TimeText.describe(window.end(), zone));
    }
    OptionalLong expiresAt =
        stored.expiresAt().isPresent()
            ? OptionalLong.of(
                Windows.expiresAt(
                    now,
                    Duration.ofSeconds(
                        stored.expiresAt().getAsLong() - window.end().getEpochSecond())))
            : OptionalLong.empty();
    if (!Windows.writer(connection).end(stored, now, zone, expiresAt)) {
      throw new UsageException(
          "maintenance window "
              + id
              + " changed while it was being ended: look again with"
              + " mailflow maintenance show "
              + id);
    }
    MaintenanceWindow ended =
        new MaintenanceWindow(
            window.id(), window.scope(), window.start(), now, window.reason(), window.setBy());
    Output.of(spec)
        .print(
            Map.of("window", WindowText.json(ended, expiresAt, now)),
            "Ended maintenance window " + WindowText.text(ended, now, zone));
    return Mailflow.OK;
  }
}
