package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailflow maintenance list}: the windows the evaluate function sees, and the items it
 * ignores because they break the item contract.
 */
@Command(
    name = "list",
    description = {
      "List maintenance windows: by default the active and the upcoming ones.",
      "Items that are not valid windows are listed too: they excuse nothing."
    })
final class MaintenanceList implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true)
  Which which = new Which();

  static final class Which {
    @Option(names = "--active", description = "Only the windows in force now.")
    boolean active;

    @Option(
        names = "--upcoming",
        description =
            "Only the windows still to come, with the next occurrences of recurring ones.")
    boolean upcoming;

    @Option(names = "--all", description = "Every window, ended ones too (until their TTL).")
    boolean all;

    boolean wants(String state) {
      if (all) {
        return true;
      }
      if (active) {
        return state.equals("active");
      }
      if (upcoming) {
        return state.equals("upcoming");
      }
      return !state.equals("ended");
    }
  }

  /** How far back {@code --all} lists the ended occurrences of a recurring window. */
  static final Duration ENDED_SHOWN = Duration.ofDays(7);

  @Option(
      names = "--count",
      paramLabel = "N",
      defaultValue = "3",
      description =
          "How many next occurrences of each recurring window (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new UsageException("--count must be 1 or more, not " + count);
    }
    Mailflow mailflow = Mailflow.of(spec);
    Instant now = mailflow.now();
    ZoneId zone = mailflow.zone();
    Connection connection = mailflow.connection();
    WindowLoad load =
        new DynamoDbMaintenanceWindowSource(
                connection.dynamoDb(), connection.windowsTable(), mailflow.clock())
            .load();
    List<Map<String, Object>> windows = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (MaintenanceWindow window : load.windows()) {
      if (which.wants(WindowText.state(window, now))) {
        windows.add(WindowText.json(window, OptionalLong.empty(), now));
        text.append(WindowText.text(window, now, zone));
      }
    }
    List<Map<String, Object>> series = new ArrayList<>();
    for (RecurringWindow recurring : load.series()) {
      List<Occurrence> shown = new ArrayList<>();
      for (Occurrence occurrence : occurrences(recurring, now)) {
        if (which.wants(WindowText.state(occurrence.window(), now))) {
          shown.add(occurrence);
          windows.add(SeriesText.json(recurring, occurrence, now));
        }
      }
      series.add(SeriesText.json(recurring, shown, now));
      text.append(SeriesText.text(recurring, shown, now, zone));
    }
    List<Map<String, Object>> invalid = new ArrayList<>();
    for (RejectedWindow rejected : load.rejected()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("windowId", rejected.key());
      item.put("fault", rejected.reason());
      invalid.add(item);
      text.append(WindowText.invalid(rejected.key(), rejected.reason()));
    }
    if (text.length() == 0) {
      text.append("No maintenance windows").append(which.all ? "" : " (--all shows ended ones)");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("windows", windows);
    json.put("series", series);
    json.put("invalid", invalid);
    Output.of(spec).print(json, text.toString());
    return Mailflow.OK;
  }

  /**
   * The occurrences of a series worth listing: the next {@code --count}, and with {@code --all}
   * those of the last week too.
   */
  private List<Occurrence> occurrences(RecurringWindow recurring, Instant now) {
    List<Occurrence> occurrences = new ArrayList<>();
    if (which.all) {
      occurrences.addAll(
          recurring.occurrencesBetween(now.minus(ENDED_SHOWN), now, Integer.MAX_VALUE).stream()
              .filter(occurrence -> !occurrence.window().end().isAfter(now))
              .toList());
    }
    occurrences.addAll(SeriesText.next(recurring, now, count));
    return occurrences;
  }
}
