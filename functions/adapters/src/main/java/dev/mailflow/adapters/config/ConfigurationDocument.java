package dev.mailflow.adapters.config;

import dev.mailflow.domain.configuration.InvalidConfigurationException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.route.ExpectedOrigin;
import dev.mailflow.domain.route.Identifier;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the servers and routes being monitored from their configuration document (YAML or JSON),
 * kept in SSM Parameter Store or a local file.
 *
 * <pre>
 * sender: mailflow@contoso.se          # From address of every probe, unless a route says otherwise
 * defaults:                            # policy for every route; each field optional
 *   probeInterval: 5m
 *   lossTimeout: 15m
 *   probePhase: spread                 # each route at its own point of the interval, or a duration
 * servers:
 *   - id: MX01
 *     host: mx01.contoso.se
 *     port: 587                        # default: 587 for STARTTLS, 465 for SMTPS, 25 for NONE
 *     security: STARTTLS               # STARTTLS (default), SMTPS or NONE
 *     credentialsSecret: mailflow/smtp/mx01   # optional: {"username": ..., "password": ...}
 *     relayHosts: [198.51.100.10]      # optional: only probes SES got from these hosts count
 *     dkimDomain: contoso.se           # optional: or probes signed by this domain
 *     probeMailbox: mailflow-probe@mx01.contoso.se   # for meshes: where their probes to it go
 *   - id: SES
 *     transport: SES                   # probes sent through the SES API
 * routes:
 *   - source: MX02
 *     target: MX01
 *     recipient: mailflow-probe@mx01.contoso.se
 *     policy: { lossTimeout: 20m }     # overrides the defaults for this route
 * meshes:                              # every ordered pair of the servers is a route
 *   - servers: all                     # or a list of server ids
 *     policy: { probeInterval: 10m }   # optional; a route listed under routes stands instead
 * </pre>
 *
 * <p>Every fault is reported at once, each with its line and the server or route it is about.
 */
public final class ConfigurationDocument {
  static final Set<String> TOP_FIELDS = Set.of("sender", "defaults", "servers", "routes", "meshes");
  static final Set<String> SERVER_FIELDS =
      Set.of(
          "id",
          "transport",
          "host",
          "port",
          "security",
          "credentialsSecret",
          "relayHosts",
          "dkimDomain",
          "probeMailbox");
  static final Set<String> MESH_FIELDS = Set.of("servers", "sender", "policy");
  static final Set<String> ROUTE_FIELDS =
      Set.of("id", "source", "target", "sender", "recipient", "enabled", "policy");
  static final Set<String> POLICY_FIELDS =
      Set.of(
          "probeInterval",
          "warningLatency",
          "criticalLatency",
          "lossTimeout",
          "failuresToOpen",
          "successesToClose",
          "reminderInterval",
          "maintenanceGrace",
          "flushTolerance",
          "lookback",
          "recentProbes",
          "recentFailuresToOpen",
          "cleanProbesToClose",
          "probePhase");

  private ConfigurationDocument() {}

  /**
   * Reads a configuration document.
   *
   * @param text the document
   * @param source its name in messages (file or parameter name)
   * @throws InvalidConfigurationException listing every fault with its line
   * @throws DocumentException when the text is not YAML or JSON at all
   */
  public static MonitorConfiguration parse(String text, String source) {
    return parse(text, source, RoutePolicy.defaults());
  }

  /**
   * Reads a configuration document over other default policies, such as a deployment's.
   *
   * @param base the policy a route has where neither it nor the document's {@code defaults} says
   *     otherwise
   * @see #parse(String, String)
   */
  public static MonitorConfiguration parse(String text, String source, RoutePolicy base) {
    DocumentNode root = DocumentNode.parse(text, source);
    DocumentReader reader = new DocumentReader(source);
    if (!reader.requireMap(root, TOP_FIELDS)) {
      reader.throwIfFaulty();
    }
    Optional<String> defaultSender = reader.optionalText(root, "sender");
    RoutePolicy defaults =
        root.field("defaults").map(node -> policy(reader, node, base, "defaults")).orElse(base);

    List<Server> servers = new ArrayList<>();
    Set<String> declared = new LinkedHashSet<>();
    Map<String, String> probeMailboxes = new HashMap<>();
    Optional<DocumentNode> serverList = root.field("servers");
    if (serverList.isEmpty() || !serverList.get().isList() || serverList.get().items().isEmpty()) {
      reader.fault(serverList.orElse(root), "'servers' must be a list of at least one server");
    } else {
      for (DocumentNode node : serverList.get().items()) {
        Optional<DocumentNode> id = node.field("id");
        if (id.isPresent() && id.get().isScalar() && !declared.add(id.get().text().trim())) {
          reader.fault(id.get(), "server " + id.get().text().trim() + " is defined twice");
        }
        server(reader, node).ifPresent(servers::add);
        if (id.isPresent() && id.get().isScalar()) {
          reader
              .optionalText(node, "probeMailbox")
              .ifPresent(mailbox -> probeMailboxes.put(id.get().text().trim(), mailbox));
        }
      }
    }

    List<Route> routes = new ArrayList<>();
    Set<String> routeIds = new LinkedHashSet<>();
    Optional<DocumentNode> routeList = root.field("routes");
    if (routeList.isPresent() && !routeList.get().isList()) {
      reader.fault(routeList.get(), "'routes' must be a list");
    } else if (routeList.isPresent()) {
      for (DocumentNode node : routeList.get().items()) {
        // Checked here too, not only by MonitorConfiguration, so that these faults come with
        // their lines and together with every other fault of the document.
        for (String end : List.of("source", "target")) {
          node.field(end)
              .filter(DocumentNode::isScalar)
              .filter(value -> !declared.contains(value.text().trim()))
              .ifPresent(
                  value ->
                      reader.fault(
                          value,
                          end
                              + " server "
                              + value.text().trim()
                              + " is not defined under servers"));
        }
        Optional<Route> route = route(reader, node, defaults, defaultSender);
        if (route.isPresent() && !routeIds.add(route.get().id())) {
          reader.fault(node, "route " + route.get().id() + " is defined twice");
        }
        route.ifPresent(routes::add);
      }
    }
    Optional<DocumentNode> meshList = root.field("meshes");
    if (meshList.isPresent() && !meshList.get().isList()) {
      reader.fault(meshList.get(), "'meshes' must be a list");
    } else if (meshList.isPresent()) {
      Set<String> explicit = Set.copyOf(routeIds);
      for (DocumentNode node : meshList.get().items()) {
        for (Route route :
            mesh(reader, node, List.copyOf(declared), probeMailboxes, defaults, defaultSender)) {
          if (explicit.contains(route.id())) {
            continue; // a route listed under routes stands instead of the mesh's
          }
          if (!routeIds.add(route.id())) {
            reader.fault(node, "route " + route.id() + " comes from two meshes");
            continue;
          }
          routes.add(route);
        }
      }
    }
    reader.throwIfFaulty();
    try {
      return new MonitorConfiguration(servers, routes);
    } catch (InvalidConfigurationException e) {
      List<String> located = new ArrayList<>();
      for (String fault : e.faults()) {
        located.add(source + ": " + fault);
      }
      throw new InvalidConfigurationException(located);
    }
  }

  private static Optional<Server> server(DocumentReader reader, DocumentNode node) {
    if (!reader.requireMap(node, SERVER_FIELDS)) {
      return Optional.empty();
    }
    Optional<String> id = reader.requiredText(node, "id");
    String transport =
        reader.optionalChoice(node, "transport", Set.of("SMTP", "SES")).orElse("SMTP");
    if (id.isPresent() && !Identifier.isValid(id.get())) {
      reader.fault(
          node.field("id").orElseThrow(),
          "server id '" + id.get() + "' is not valid: use 1 to 64 letters, digits, '-' or '_'");
      return Optional.empty();
    }
    ExpectedOrigin origin = expectedOrigin(reader, node);
    if (transport.equals("SES")) {
      for (String smtpOnly : List.of("host", "port", "security", "credentialsSecret")) {
        node.field(smtpOnly)
            .ifPresent(
                value -> reader.fault(value, "'" + smtpOnly + "' does not apply to an SES server"));
      }
      return id.map(Server::ses).map(server -> server.withOrigin(origin));
    }
    Optional<String> host = reader.requiredText(node, "host");
    TransportSecurity security =
        reader
            .optionalChoice(node, "security", Set.of("STARTTLS", "SMTPS", "NONE"))
            .map(TransportSecurity::valueOf)
            .orElse(TransportSecurity.STARTTLS);
    int port = reader.optionalInt(node, "port", 1, 65535).orElse(defaultPort(security));
    Optional<String> secret = reader.optionalText(node, "credentialsSecret");
    if (id.isEmpty() || host.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Server.smtp(id.get(), new SmtpEndpoint(host.get(), port, security, secret.orElse(null)))
              .withOrigin(origin));
    } catch (IllegalArgumentException e) {
      reader.fault(node.field("host").orElse(node), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The server's optional {@code relayHosts} (a list, or one host) and {@code dkimDomain}; {@link
   * ExpectedOrigin#NONE} when neither is given or either is wrong (a fault then).
   */
  private static ExpectedOrigin expectedOrigin(DocumentReader reader, DocumentNode node) {
    List<String> hosts = new ArrayList<>();
    Optional<DocumentNode> relayHosts = node.field("relayHosts");
    if (relayHosts.isPresent()) {
      DocumentNode value = relayHosts.get();
      List<DocumentNode> items = value.isList() ? value.items() : List.of(value);
      for (DocumentNode item : items) {
        if (!item.isScalar() || item.text().isBlank()) {
          reader.fault(item, "expected a host name, an address or a range, found " + item.text());
          return ExpectedOrigin.NONE;
        }
        hosts.add(item.text().trim());
      }
      if (hosts.isEmpty()) {
        reader.fault(value, "relayHosts is empty: name at least one host, or leave it out");
        return ExpectedOrigin.NONE;
      }
    }
    Optional<String> dkimDomain = reader.optionalText(node, "dkimDomain");
    try {
      return new ExpectedOrigin(hosts, dkimDomain.orElse(""));
    } catch (IllegalArgumentException e) {
      reader.fault(relayHosts.or(() -> node.field("dkimDomain")).orElse(node), e.getMessage());
      return ExpectedOrigin.NONE;
    }
  }

  /**
   * The routes of one mesh: every ordered pair of its servers (all the declared servers for {@code
   * servers: all}), each to its target's {@code probeMailbox}, with the mesh's sender and policy. A
   * document of a few lines then describes a full mesh of many servers, where listing its routes
   * one by one would outgrow the configuration parameter.
   */
  private static List<Route> mesh(
      DocumentReader reader,
      DocumentNode node,
      List<String> declared,
      Map<String, String> probeMailboxes,
      RoutePolicy defaults,
      Optional<String> defaultSender) {
    if (!reader.requireMap(node, MESH_FIELDS)) {
      return List.of();
    }
    Optional<DocumentNode> serversNode = node.field("servers");
    List<String> members = new ArrayList<>();
    if (serversNode.isEmpty()) {
      reader.fault(node, "a mesh needs 'servers': a list of server ids, or all");
      return List.of();
    }
    DocumentNode value = serversNode.get();
    if (value.isScalar() && value.text().trim().equals("all")) {
      members.addAll(declared);
    } else if (!value.isList()) {
      reader.fault(value, "a mesh's 'servers' is a list of server ids, or all");
      return List.of();
    } else {
      for (DocumentNode item : value.items()) {
        String id = item.text().trim();
        if (!item.isScalar() || !declared.contains(id)) {
          reader.fault(item, "mesh server " + item.text() + " is not defined under servers");
        } else if (members.contains(id)) {
          reader.fault(item, "mesh server " + id + " is listed twice");
        } else {
          members.add(id);
        }
      }
    }
    if (members.size() < 2) {
      reader.fault(value, "a mesh needs at least two servers, not " + members.size());
      return List.of();
    }
    boolean complete = true;
    for (String member : members) {
      if (!probeMailboxes.containsKey(member)) {
        reader.fault(
            value,
            "server "
                + member
                + " has no probeMailbox: the mesh's routes to it need one to send their probes to");
        complete = false;
      }
    }
    Optional<String> sender = reader.optionalText(node, "sender").or(() -> defaultSender);
    if (sender.isEmpty()) {
      reader.fault(node, "mesh: 'sender' is missing (set it on the mesh or at the top)");
    }
    RoutePolicy policy =
        node.field("policy").map(p -> policy(reader, p, defaults, "mesh")).orElse(defaults);
    if (!complete || sender.isEmpty() || policy == null) {
      return List.of();
    }
    List<Route> routes = new ArrayList<>();
    for (String source : members) {
      for (String target : members) {
        if (source.equals(target)) {
          continue;
        }
        try {
          routes.add(
              new Route(
                  Route.idFor(source, target),
                  source,
                  target,
                  sender.get(),
                  probeMailboxes.get(target),
                  policy,
                  true));
        } catch (IllegalArgumentException e) {
          reader.fault(node, e.getMessage());
        }
      }
    }
    return routes;
  }

  private static Optional<Route> route(
      DocumentReader reader,
      DocumentNode node,
      RoutePolicy defaults,
      Optional<String> defaultSender) {
    if (!reader.requireMap(node, ROUTE_FIELDS)) {
      return Optional.empty();
    }
    Optional<String> source = reader.requiredText(node, "source");
    Optional<String> target = reader.requiredText(node, "target");
    Optional<String> recipient = reader.requiredText(node, "recipient");
    Optional<String> sender = reader.optionalText(node, "sender").or(() -> defaultSender);
    boolean enabled = reader.optionalBoolean(node, "enabled").orElse(true);
    if (source.isEmpty() || target.isEmpty()) {
      return Optional.empty();
    }
    String id = reader.optionalText(node, "id").orElse(Route.idFor(source.get(), target.get()));
    RoutePolicy policy =
        node.field("policy").map(p -> policy(reader, p, defaults, "route " + id)).orElse(defaults);
    if (sender.isEmpty()) {
      reader.fault(
          node, "route " + id + ": 'sender' is missing (set it on the route or at the top)");
    }
    if (recipient.isEmpty() || sender.isEmpty() || policy == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Route(
              id, source.get(), target.get(), sender.get(), recipient.get(), policy, enabled));
    } catch (IllegalArgumentException e) {
      reader.fault(node, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The policy in {@code node} over {@code base}, or {@code null} after recording its faults in
   * {@code reader}. Other documents that hold policies, such as the local run's scenario files,
   * read them here, so a policy means the same and is refused for the same reasons everywhere.
   *
   * @param reader collects the faults, with their lines
   * @param node a map of the policy fields (probeInterval, lossTimeout, ...), each optional
   * @param base the policy the fields override
   * @param owner names the policy in messages, such as {@code route MX02-to-MX01}
   */
  public static RoutePolicy policy(
      DocumentReader reader, DocumentNode node, RoutePolicy base, String owner) {
    if (!reader.requireMap(node, POLICY_FIELDS)) {
      return null;
    }
    Duration interval = duration(reader, node, "probeInterval", base.probeInterval());
    Duration warning = duration(reader, node, "warningLatency", base.warningLatency());
    Duration critical = duration(reader, node, "criticalLatency", base.criticalLatency());
    Duration loss = duration(reader, node, "lossTimeout", base.lossTimeout());
    int failures = reader.optionalInt(node, "failuresToOpen", 1, 100).orElse(base.failuresToOpen());
    int successes =
        reader.optionalInt(node, "successesToClose", 1, 100).orElse(base.successesToClose());
    Duration reminder = duration(reader, node, "reminderInterval", base.reminderInterval());
    Duration grace = duration(reader, node, "maintenanceGrace", base.maintenanceGrace());
    Duration tolerance = duration(reader, node, "flushTolerance", base.flushTolerance());
    // A route that only lengthens its loss timeout should not have to know about the lookback:
    // without an explicit one, the inherited lookback stretches to what the policy needs.
    int recent = reader.optionalInt(node, "recentProbes", 1, 1000).orElse(base.recentProbes());
    int recentFailures =
        reader
            .optionalInt(node, "recentFailuresToOpen", 1, 1000)
            .orElse(base.recentFailuresToOpen());
    int clean =
        reader.optionalInt(node, "cleanProbesToClose", 1, 1000).orElse(base.cleanProbesToClose());
    ProbePhase phase = probePhase(reader, node, base.probePhase());
    Duration needed =
        RoutePolicy.minimumLookback(
            interval, loss, RoutePolicy.probesToSee(failures, successes, recentFailures, clean));
    Duration lookback =
        reader
            .optionalDuration(node, "lookback")
            .orElse(needed.compareTo(base.lookback()) > 0 ? needed : base.lookback());
    try {
      return new RoutePolicy(
          interval,
          warning,
          critical,
          loss,
          failures,
          successes,
          reminder,
          grace,
          tolerance,
          lookback,
          recent,
          recentFailures,
          clean,
          phase);
    } catch (IllegalArgumentException e) {
      reader.fault(node, owner + ": " + e.getMessage());
      return null;
    }
  }

  /** {@code spread}, or a duration into the probe interval. */
  private static ProbePhase probePhase(
      DocumentReader reader, DocumentNode node, ProbePhase fallback) {
    Optional<DocumentNode> field = node.field("probePhase");
    if (field.isEmpty()) {
      return fallback;
    }
    if ("spread".equals(field.get().text())) {
      return ProbePhase.SPREAD;
    }
    return reader.optionalDuration(node, "probePhase").map(ProbePhase::at).orElse(fallback);
  }

  private static Duration duration(
      DocumentReader reader, DocumentNode node, String name, Duration fallback) {
    return reader.optionalDuration(node, name).orElse(fallback);
  }

  private static int defaultPort(TransportSecurity security) {
    switch (security) {
      case SMTPS:
        return 465;
      case NONE:
        return 25;
      default:
        return 587;
    }
  }
}
