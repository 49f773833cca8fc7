package dev.mailflow.cli;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mailflow probes ROUTE}: each recent probe of a route, with its hops and its excuse. */
@Command(
    name = "probes",
    description =
        "The probes of a route, oldest first: state (late, lost...), latency, every hop, and the"
            + " maintenance window that excused it.")
final class ProbesCommand extends ReadingCommand {

  @Parameters(index = "0", paramLabel = "ROUTE", description = "The route, such as MX02-to-MX01.")
  String routeId;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "6h",
      description = "How far back (default: ${DEFAULT-VALUE}).")
  String since;

  @Override
  int run(RouteReading reading, Instant now, ZoneId zone) {
    Instant from = now.minus(Windows.duration("--since", since));
    Route route = reading.route(routeId);
    List<Map<String, Object>> probes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Probe probe : reading.probes(route, from)) {
      probes.add(ProbeText.json(route, probe, now, reading));
      text.append(ProbeText.line(route, probe, now, zone)).append('\n');
      Optional<MaintenanceWindow> excuse = reading.excusing(route, probe, now);
      excuse.ifPresent(
          window ->
              text.append("  excused by maintenance window ").append(window.id()).append('\n'));
      if (probe.delivery() != null) {
        for (Hop hop : probe.delivery().hops()) {
          text.append("  hop ").append(RouteReading.hop(hop)).append('\n');
        }
      }
    }
    if (probes.isEmpty()) {
      text.append("No probes on ")
          .append(route.id())
          .append(" since ")
          .append(TimeText.describe(from, zone));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("routeId", route.id());
    json.put("since", Output.instant(from));
    json.put("probes", probes);
    Output.of(spec).print(json, text.toString());
    return Mailflow.OK;
  }
}
