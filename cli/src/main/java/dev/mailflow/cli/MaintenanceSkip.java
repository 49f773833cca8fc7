package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import picocli.CommandLine.Command;

/** {@code mailflow maintenance skip ID --occurrence DATE}: one occurrence of a series not held. */
@Command(
    name = "skip",
    description = {
      "Skip one occurrence of a recurring maintenance window, keeping the series.",
      "The occurrence is named by the date it starts on; it must still be to come."
    })
final class MaintenanceSkip extends SeriesCommand {

  @Override
  String change(
      Connection connection,
      StoredWindow stored,
      LocalDate date,
      LocalDateTime ruleStart,
      Instant now) {
    if (!Windows.writer(connection).skip(stored, date)) {
      throw changedMeanwhile();
    }
    return "Skipped " + date;
  }
}
