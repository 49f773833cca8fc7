package dev.mailflow.local.scenario;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A story to play through the whole pipeline: the mail servers and routes, the monitor's schedules
 * and policy, what happens to the servers and the maintenance windows over time, and the notices
 * Mailflow is expected to send. Read one with {@link ScenarioReader}; docs/local-run.md, "Writing a
 * scenario", describes the file.
 *
 * @param name a short name, used for resource names and the report's file name
 * @param description what the scenario shows, for people
 * @param zone the time zone its times are written in
 * @param start the first simulated instant
 * @param end the last simulated instant
 * @param monitor the schedules and policy of the monitor
 * @param servers the mail servers
 * @param routes the routes probed, at least one
 * @param timeline what happens, oldest first
 * @param expectations the notices expected
 */
public record Scenario(
    String name,
    String description,
    ZoneId zone,
    Instant start,
    Instant end,
    Monitor monitor,
    List<ScenarioServer> servers,
    List<ScenarioRoute> routes,
    List<TimelineEvent> timeline,
    Expectations expectations) {
  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(monitor, "monitor");
    servers = List.copyOf(servers);
    routes = List.copyOf(routes);
    timeline = List.copyOf(timeline);
    Objects.requireNonNull(expectations, "expectations");
  }

  /** The server with this id. */
  public Optional<ScenarioServer> server(String id) {
    return servers.stream().filter(server -> server.id().equals(id)).findFirst();
  }

  /** The route with this id. */
  public Optional<ScenarioRoute> route(String id) {
    return routes.stream().filter(route -> route.id().equals(id)).findFirst();
  }
}
