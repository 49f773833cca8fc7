package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
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

    @Option(names = "--upcoming", description = "Only the windows still to come.")
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

  @Override
  public Integer call() {
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
    json.put("invalid", invalid);
    Output.of(spec).print(json, text.toString());
    return Mailflow.OK;
  }
}
