package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailflow maintenance move ID --occurrence DATE --to TIME}: one occurrence of a series held
 * at another time, as long as the others.
 */
@Command(
    name = "move",
    description = {
      "Move one occurrence of a recurring maintenance window to another start, keeping the series.",
      "--to without an offset is read in the series' own zone; a bare 23:00 is the next 23:00"
          + " from the occurrence's start."
    })
final class MaintenanceMove extends SeriesCommand {

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TIME",
      description = "Its new start, such as '2027-02-10 22:00' or 23:00.")
  String to;

  @Override
  String change(
      Connection connection,
      StoredWindow stored,
      LocalDate date,
      LocalDateTime ruleStart,
      Instant now) {
    ZoneId zone = stored.series().recurrence().zone();
    Instant start = TimeText.parse(to, ruleStart.atZone(zone).toInstant(), zone);
    if (!start.isAfter(now)) {
      throw new UsageException(
          "--to "
              + TimeText.describe(start, zone)
              + " has passed: move the occurrence to a time still to come");
    }
    if (!Windows.writer(connection).move(stored, date, start)) {
      throw changedMeanwhile();
    }
    return "Moved " + date + " to " + TimeText.describe(start, zone);
  }
}
