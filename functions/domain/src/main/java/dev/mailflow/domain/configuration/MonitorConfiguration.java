package dev.mailflow.domain.configuration;

import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The servers and routes being monitored, checked as a whole: every route's ends exist and no id is
 * used twice. Each fault names the server or route it is about, and all are reported at once.
 *
 * @param servers the servers, in the order the document lists them
 * @param routes the routes, in the order the document lists them
 */
public record MonitorConfiguration(List<Server> servers, List<Route> routes) {
  public MonitorConfiguration {
    servers = List.copyOf(servers);
    routes = List.copyOf(routes);
    List<String> faults = new ArrayList<>();
    Map<String, Server> byId = new LinkedHashMap<>();
    for (Server server : servers) {
      if (byId.putIfAbsent(server.id(), server) != null) {
        faults.add("server " + server.id() + ": the id is used twice");
      }
    }
    Map<String, Route> routesById = new LinkedHashMap<>();
    for (Route route : routes) {
      if (routesById.putIfAbsent(route.id(), route) != null) {
        faults.add("route " + route.id() + ": the id is used twice");
      }
      if (!byId.containsKey(route.source())) {
        faults.add("route " + route.id() + ": source server " + route.source() + " is not defined");
      }
      if (!byId.containsKey(route.target())) {
        faults.add("route " + route.id() + ": target server " + route.target() + " is not defined");
      }
    }
    if (!faults.isEmpty()) {
      throw new InvalidConfigurationException(faults);
    }
  }

  /** The server with this id. */
  public Optional<Server> server(String id) {
    for (Server server : servers) {
      if (server.id().equals(id)) {
        return Optional.of(server);
      }
    }
    return Optional.empty();
  }

  /** The route with this id. */
  public Optional<Route> route(String id) {
    for (Route route : routes) {
      if (route.id().equals(id)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  /** The enabled routes, grouped by the server their probes are submitted to. */
  public Map<Server, List<Route>> enabledRoutesBySource() {
    Map<Server, List<Route>> grouped = new LinkedHashMap<>();
    for (Route route : routes) {
      if (route.enabled()) {
        grouped
            .computeIfAbsent(server(route.source()).orElseThrow(), s -> new ArrayList<>())
            .add(route);
      }
    }
    grouped.replaceAll((server, list) -> Collections.unmodifiableList(list));
    return Collections.unmodifiableMap(grouped);
  }
}
