package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.RecurringWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailflow maintenance cancel ID}: deletes a window set by mistake.
 *
 * <p>Deleting a window that has started takes the excuse away from the probes sent during it, and
 * they may then raise an incident (docs/maintenance-windows.md). So a started window is deleted
 * only with {@code --force}; one that was right and is over is ended with {@code end} instead.
 */
@Command(
    name = "cancel",
    description = {
      "Delete a maintenance window set by mistake.",
      "A window that has started is deleted only with --force: its probes lose their excuse."
          + " To end a real window early, use: mailflow maintenance end ID"
    })
final class MaintenanceCancel extends StoredWindowCommand {

  @Option(
      names = "--force",
      description = "Delete it even though it has started: the window itself was the mistake.")
  boolean force;

  @Override
  int run(Connection connection, StoredWindow stored, Instant now, ZoneId zone) {
    MaintenanceWindow window = stored.window();
    if (stored.series() != null && !force) {
      refuseDuringAnOccurrence(stored, now, zone);
    }
    if (window != null && !now.isBefore(window.start()) && !force) {
      boolean ended = !window.contains(now);
      throw new UsageException(
          "maintenance window "
              + id
              + (ended
                  ? " ended " + TimeText.describe(window.end(), zone)
                  : " started " + TimeText.describe(window.start(), zone))
              + ": deleting it takes the excuse from the probes sent during it. "
              + (ended
                  ? "Its TTL removes it in time"
                  : "End it with: mailflow maintenance end " + id)
              + " (or, if the window itself was a mistake, add --force)");
    }
    if (!Windows.writer(connection).delete(stored)) {
      throw new UsageException(
          "maintenance window "
              + id
              + " changed while it was being cancelled: look again with"
              + " mailflow maintenance show "
              + id);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cancelled", WindowText.json(stored, now));
    Output.of(spec)
        .print(json, "Cancelled maintenance window " + WindowText.text(stored, now, zone));
    return Mailflow.OK;
  }

  /**
   * A series is deleted between its occurrences: deleting it during one takes the excuse from the
   * probes sent during it, as deleting a started window does.
   */
  private void refuseDuringAnOccurrence(StoredWindow stored, Instant now, ZoneId zone) {
    List<RecurringWindow.Occurrence> inForce =
        stored.series().occurrencesBetween(now, now.plusSeconds(1), 1);
    if (!inForce.isEmpty()) {
      RecurringWindow.Occurrence occurrence = inForce.get(0);
      throw new UsageException(
          "maintenance window "
              + id
              + " is in its occurrence of "
              + occurrence.date()
              + ", since "
              + TimeText.describe(occurrence.window().start(), zone)
              + ": deleting it takes the excuse from the probes sent during it. Cancel it after "
              + TimeText.describe(occurrence.window().end(), zone)
              + " (or, if the series itself was a mistake, add --force)");
    }
  }
}
