package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * A maintenance command on one occurrence of a recurring window: {@code skip} and {@code move}. It
 * checks that the window is a series, that the date names one of its occurrences and that the
 * occurrence has not started, and hands them to {@link #change}.
 */
abstract class SeriesCommand extends StoredWindowCommand {

  @Option(
      names = "--occurrence",
      required = true,
      paramLabel = "DATE",
      description = "The date the occurrence starts on by the rule, such as 2027-01-12.")
  String occurrence;

  @Override
  final int run(Connection connection, StoredWindow stored, Instant now, ZoneId zone) {
    RecurringWindow series = stored.series();
    if (series == null) {
      throw new UsageException(
          "maintenance window "
              + id
              + " is not recurring"
              + (stored.window() == null ? " (it is not a valid item: " + stored.fault() + ")" : "")
              + ": see mailflow maintenance show "
              + id);
    }
    LocalDate date = date(series, now, zone);
    LocalDateTime ruleStart = series.recurrence().startOn(date).orElseThrow();
    Instant starts = series.recurrence().stretchFrom(ruleStart).firstInstant();
    if (!now.isBefore(starts)) {
      throw new UsageException(
          "the occurrence of "
              + date
              + " of maintenance window "
              + id
              + " started "
              + TimeText.describe(starts, zone)
              + ": only one still to come can be changed, since the probes sent during it keep"
              + " their excuse");
    }
    if (series.skipped().contains(date)) {
      throw new UsageException("the occurrence of " + date + " of " + id + " is skipped already");
    }
    String done = change(connection, stored, date, ruleStart, now);
    // Read back, so what is printed is the series as stored, other operators' changes included.
    RecurringWindow changed =
        Optional.ofNullable(Windows.find(connection, id).series()).orElse(series);
    List<Occurrence> next = SeriesText.next(changed, now, SeriesText.NEXT);
    Output.of(spec)
        .print(
            Map.of("window", SeriesText.json(changed, next, now)),
            done + " of maintenance window " + SeriesText.text(changed, next, now, zone));
    return Mailflow.OK;
  }

  /**
   * Changes the occurrence of {@code date}, which by the rule starts at {@code ruleStart}.
   *
   * @return what was done, for people, such as "Skipped 2027-01-12"
   */
  abstract String change(
      Connection connection,
      StoredWindow stored,
      LocalDate date,
      LocalDateTime ruleStart,
      Instant now);

  /** Thrown when the series changed between reading and writing it. */
  UsageException changedMeanwhile() {
    return new UsageException(
        "maintenance window "
            + id
            + " changed while it was being changed: look again with mailflow maintenance show "
            + id);
  }

  private LocalDate date(RecurringWindow series, Instant now, ZoneId zone) {
    LocalDate date;
    try {
      date = LocalDate.parse(occurrence.trim());
    } catch (DateTimeException e) {
      throw new UsageException(
          "--occurrence '" + occurrence + "' is not a date: write it as 2027-01-12");
    }
    if (series.recurrence().startOn(date).isEmpty()) {
      List<String> next =
          SeriesText.next(series, now, SeriesText.NEXT).stream()
              .map(o -> o.date().toString())
              .toList();
      throw new UsageException(
          date
              + " is not an occurrence of maintenance window "
              + id
              + " ("
              + series.recurrence().rule()
              + "); its next are "
              + (next.isEmpty() ? "none" : String.join(", ", next)));
    }
    return date;
  }
}
