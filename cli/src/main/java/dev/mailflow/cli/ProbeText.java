package dev.mailflow.cli;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.Route;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A probe as the read commands print it: state, latency, hops and the window that excused it. */
final class ProbeText {

  private ProbeText() {}

  static Map<String, Object> json(Route route, Probe probe, Instant now, RouteReading reading) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("probeId", probe.probeId());
    json.put("sentAt", Output.instant(probe.sentAt()));
    json.put("state", probe.stateAt(now, route.policy().lossTimeout()).name());
    json.put(
        "deliveredAt",
        probe.delivery() == null ? null : Output.instant(probe.delivery().deliveredAt()));
    json.put("latencySeconds", probe.latency().map(Duration::getSeconds).orElse(null));
    json.put("slowestHop", RouteReading.slowestHop(probe).map(ProbeText::hop).orElse(null));
    List<Map<String, Object>> hops = new ArrayList<>();
    if (probe.delivery() != null) {
      probe.delivery().hops().forEach(hop -> hops.add(hop(hop)));
    }
    json.put("hops", hops);
    json.put(
        "excusedBy", reading.excusing(route, probe, now).map(MaintenanceWindow::id).orElse(null));
    return json;
  }

  /** One line: sent time, state, latency and slowest hop. */
  static String line(Route route, Probe probe, Instant now, ZoneId zone) {
    StringBuilder line =
        new StringBuilder(probe.probeId())
            .append(" sent ")
            .append(TimeText.describe(probe.sentAt(), zone))
            .append(' ')
            .append(probe.stateAt(now, route.policy().lossTimeout()));
    probe.latency().ifPresent(latency -> line.append(" in ").append(Output.duration(latency)));
    Optional<Hop> slowest = RouteReading.slowestHop(probe);
    slowest.ifPresent(hop -> line.append(", slowest hop ").append(RouteReading.hop(hop)));
    return line.toString();
  }

  private static Map<String, Object> hop(Hop hop) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("from", hop.from());
    json.put("by", hop.by());
    json.put("protocol", hop.protocol());
    json.put("receivedAt", Output.instant(hop.receivedAt()));
    json.put("delaySeconds", hop.delay() == null ? null : hop.delay().getSeconds());
    json.put("clockSkew", hop.clockSkew());
    return json;
  }
}
