package dev.mailflow.local.scenario;

import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.adapters.config.DocumentException;
import dev.mailflow.adapters.config.DocumentNode;
import dev.mailflow.adapters.config.DocumentReader;
import dev.mailflow.adapters.config.DurationText;
import dev.mailflow.domain.configuration.InvalidConfigurationException;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.maintenance.InvalidRecurrenceException;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.route.Identifier;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.local.scenario.TimelineEvent.MonitorFunction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario file (YAML or JSON) into a {@link Scenario}.
 *
 * <p>Scenario files are written by people, often to ask "what would have alerted?" of their own
 * policy, so every mistake is reported at once with its line: an unknown server or route, a time
 * that is not a time or lies outside the scenario, a missing field, an unknown event. A faulty
 * date, start or end does not stop the rest from being checked: only what depends on them (is this
 * time inside the scenario?) is left out until they are fixed. Policies are read by the same code
 * as the configuration document's, so a policy means the same in both.
 */
public final class ScenarioReader {
  /**
   * The policy a scenario's routes start from: the product's defaults, with every route probed at
   * the start of its interval (probePhase 0s) rather than spread, so that a story's probes go out
   * at the times it tells (12:00:30, 12:05:30, ...). A scenario may set its own phase.
   */
  static final RoutePolicy SCENARIO_POLICY =
      RoutePolicy.defaults().withProbePhase(ProbePhase.at(Duration.ZERO));

  static final Set<String> TOP_FIELDS =
      Set.of(
          "name",
          "description",
          "date",
          "timeZone",
          "start",
          "end",
          "monitor",
          "servers",
          "routes",
          "timeline",
          "expect");
  static final Set<String> MONITOR_FIELDS =
      Set.of(
          "sendEvery",
          "firstSend",
          "evaluateEvery",
          "firstEvaluation",
          "sender",
          "policy",
          "replayWindow");
  static final Set<String> SERVER_FIELDS =
      Set.of(
          "id",
          "domain",
          "processing",
          "retryInterval",
          "maxRetryInterval",
          "clockSkew",
          "greylist",
          "delay",
          "relayVia",
          "originChecked");
  static final Set<String> ROUTE_FIELDS = Set.of("id", "source", "target", "policy");
  static final Set<String> EXPECT_FIELDS = Set.of("notices", "clockSkewOn", "turnedAway");
  static final Set<String> TURNED_AWAY =
      Set.of(
          ArrivalOutcome.DUPLICATE.name(),
          ArrivalOutcome.FORGED.name(),
          ArrivalOutcome.REPLAYED.name(),
          ArrivalOutcome.UNEXPECTED_ORIGIN.name());
  static final Set<String> NOTICE_FIELDS =
      Set.of(
          "type", "route", "suspect", "routes", "event", "at", "received", "severity", "contains");
  static final Set<String> NOTICE_TYPES =
      Set.of("OPENED", "REMINDER", "RESOLVED", "CONFIGURATION", "MAINTENANCE", "HEARTBEAT");
  static final Set<String> EVENT_COMMON_FIELDS = Set.of("at", "event", "note");

  /** The fields each event kind takes besides {@code at}, {@code event} and {@code note}. */
  static final Map<String, Set<String>> EVENT_FIELDS = eventFields();

  static final Duration LONGEST_SCENARIO = Duration.ofDays(7);

  /** A server's first retry, as Postfix's {@code minimal_backoff_time}. */
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMinutes(5);

  /** The longest a server waits between attempts, as Postfix's {@code maximal_backoff_time}. */
  static final Duration DEFAULT_MAX_RETRY_INTERVAL = Duration.ofSeconds(4000);

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Pattern CLOCK_TIME = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2})?");
  private static final Pattern REFUSAL = Pattern.compile("([45]\\d\\d) (\\S.*)");

  private final String source;
  private final DocumentReader reader;
  private LocalDate date;
  private ZoneId zone = ZoneOffset.UTC;
  private Instant start;
  private Instant end;

  private ScenarioReader(String source) {
    this.source = source;
    this.reader = new DocumentReader(source);
  }

  /**
   * Reads a scenario file.
   *
   * @throws ScenarioException naming every fault with its line, or why the file cannot be read
   */
  public static Scenario read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScenarioException(List.of(file + ": cannot be read: " + e.getMessage()), e);
    }
    return read(text, file.toString());
  }

  /**
   * Reads a scenario.
   *
   * @param text the scenario, YAML or JSON
   * @param source its name in messages, such as the file name
   * @throws ScenarioException naming every fault with its line
   */
  public static Scenario read(String text, String source) {
    DocumentNode root;
    try {
      root = DocumentNode.parse(text, source);
    } catch (DocumentException e) {
      throw new ScenarioException(List.of(e.getMessage()), e);
    }
    ScenarioReader scenarioReader = new ScenarioReader(source);
    try {
      return scenarioReader.scenario(root);
    } catch (InvalidConfigurationException e) {
      throw new ScenarioException(e.faults(), e);
    }
  }

  private Scenario scenario(DocumentNode root) {
    if (!reader.requireMap(root, TOP_FIELDS)) {
      reader.throwIfFaulty();
    }
    Optional<String> name = reader.requiredText(root, "name");
    name.filter(n -> !NAME.matcher(n).matches())
        .ifPresent(
            n ->
                reader.fault(
                    root.field("name").orElseThrow(),
                    "name '"
                        + n
                        + "' is not valid: use 1 to 40 lower-case letters, digits and '-'"));
    String description = reader.optionalText(root, "description").orElse("");
    readDateAndZone(root);
    start = root.field("start").flatMap(node -> time(node, "start")).orElse(null);
    end = root.field("end").flatMap(node -> time(node, "end")).orElse(null);
    if (root.field("start").isEmpty()) {
      reader.fault(root, "'start' is missing");
    }
    if (root.field("end").isEmpty()) {
      reader.fault(root, "'end' is missing");
    }
    if (start != null && end != null) {
      if (!end.isAfter(start)) {
        reader.fault(root.field("end").orElseThrow(), "the end must come after the start");
        end = null;
      } else if (Duration.between(start, end).compareTo(LONGEST_SCENARIO) > 0) {
        reader.fault(root.field("end").orElseThrow(), "a scenario lasts at most 7 days");
        end = null;
      }
    }
    // Without a well-formed frame of time the rest is still read, so that every fault of the file
    // is reported at once; only the checks against the missing frame are left out.
    Monitor monitor = monitor(root.field("monitor"));
    List<ScenarioServer> servers = servers(root);
    Map<String, ScenarioServer> serversById = new LinkedHashMap<>();
    for (ScenarioServer server : servers) {
      serversById.put(server.id(), server);
    }
    List<ScenarioRoute> routes = routes(root, serversById.keySet(), monitor);
    checkRelays(root, servers, serversById.keySet());
    Set<String> routeIds = new LinkedHashSet<>();
    for (ScenarioRoute route : routes) {
      routeIds.add(route.id());
    }
    List<TimelineEvent> timeline = timeline(root, serversById.keySet(), routeIds);
    Expectations expectations = expectations(root, routeIds);
    reader.throwIfFaulty();
    return new Scenario(
        name.orElseThrow(),
        description,
        zone,
        start,
        end,
        monitor,
        servers,
        routes,
        timeline,
        expectations);
  }

  private void readDateAndZone(DocumentNode root) {
    Optional<String> dateText = reader.requiredText(root, "date");
    if (dateText.isPresent()) {
      try {
        date = LocalDate.parse(dateText.get());
      } catch (DateTimeException e) {
        reader.fault(
            root.field("date").orElseThrow(),
            "date '" + dateText.get() + "' is not a date: write it as 2006-07-28");
      }
    }
    Optional<String> zoneText = reader.optionalText(root, "timeZone");
    if (zoneText.isPresent()) {
      try {
        zone = ZoneId.of(zoneText.get());
      } catch (DateTimeException e) {
        reader.fault(
            root.field("timeZone").orElseThrow(),
            "timeZone '"
                + zoneText.get()
                + "' is not a time zone: write it as +02:00, Z or Europe/Stockholm");
      }
    }
  }

  private Monitor monitor(Optional<DocumentNode> node) {
    Duration sendEvery = Duration.ofMinutes(1);
    Duration evaluateEvery = Duration.ofMinutes(5);
    // Without a start the schedules have nothing to begin at; the start's fault is reported with
    // the others before this monitor could be used.
    Instant frameStart = start == null ? Instant.EPOCH : start;
    Instant firstSend = frameStart;
    Instant firstEvaluation = frameStart;
    String sender = "mailflow@monitor.example.com";
    RoutePolicy policy = SCENARIO_POLICY;
    Optional<Duration> replayWindow = Optional.empty();
    if (node.isPresent() && reader.requireMap(node.get(), MONITOR_FIELDS)) {
      DocumentNode map = node.get();
      sendEvery = positive(map, "sendEvery").orElse(sendEvery);
      evaluateEvery = positive(map, "evaluateEvery").orElse(evaluateEvery);
      firstSend =
          map.field("firstSend").flatMap(v -> timeWithin(v, "firstSend")).orElse(frameStart);
      firstEvaluation =
          map.field("firstEvaluation")
              .flatMap(v -> timeWithin(v, "firstEvaluation"))
              .orElse(frameStart);
      sender = reader.optionalText(map, "sender").orElse(sender);
      replayWindow = positive(map, "replayWindow");
      RoutePolicy read =
          map.field("policy")
              .map(p -> ConfigurationDocument.policy(reader, p, SCENARIO_POLICY, "policy"))
              .orElse(SCENARIO_POLICY);
      policy = read == null ? SCENARIO_POLICY : read;
    }
    return new Monitor(
        new Schedule(firstSend, sendEvery),
        new Schedule(firstEvaluation, evaluateEvery),
        sender,
        policy,
        replayWindow);
  }

  private List<ScenarioServer> servers(DocumentNode root) {
    List<ScenarioServer> servers = new ArrayList<>();
    Optional<DocumentNode> list = root.field("servers");
    if (list.isEmpty() || !list.get().isList() || list.get().items().isEmpty()) {
      reader.fault(list.orElse(root), "'servers' must be a list of at least one server");
      return servers;
    }
    Set<String> ids = new HashSet<>();
    Set<String> domains = new HashSet<>();
    for (DocumentNode node : list.get().items()) {
      if (!reader.requireMap(node, SERVER_FIELDS)) {
        continue;
      }
      Optional<String> id = reader.requiredText(node, "id");
      if (id.isEmpty()) {
        continue;
      }
      if (!Identifier.isValid(id.get())) {
        reader.fault(
            node.field("id").orElseThrow(),
            "server id '" + id.get() + "' is not valid: use 1 to 64 letters, digits, '-' or '_'");
        continue;
      }
      if (!ids.add(id.get())) {
        reader.fault(node.field("id").orElseThrow(), "server " + id.get() + " is listed twice");
        continue;
      }
      String domain =
          reader
              .optionalText(node, "domain")
              .orElse(id.get().toLowerCase(Locale.ROOT) + ".example.com")
              .toLowerCase(Locale.ROOT);
      if (!domains.add(domain)) {
        reader.fault(
            node.field("domain").orElse(node),
            "domain " + domain + " belongs to two servers: mail for it could go to either");
      }
      Duration retry = positive(node, "retryInterval").orElse(DEFAULT_RETRY_INTERVAL);
      Optional<Duration> maxRetry = positive(node, "maxRetryInterval");
      if (maxRetry.isPresent() && maxRetry.get().compareTo(retry) < 0) {
        reader.fault(
            node.field("maxRetryInterval").orElseThrow(),
            "maxRetryInterval must not be shorter than retryInterval ("
                + Wording.duration(retry)
                + ")");
        maxRetry = Optional.empty();
      }
      servers.add(
          new ScenarioServer(
              id.get(),
              domain,
              reader.optionalDuration(node, "processing").orElse(Duration.ofSeconds(1)),
              retry,
              maxRetry.orElse(
                  retry.compareTo(DEFAULT_MAX_RETRY_INTERVAL) > 0
                      ? retry
                      : DEFAULT_MAX_RETRY_INTERVAL),
              node.field("clockSkew")
                  .flatMap(v -> signedDuration(v, "clockSkew"))
                  .orElse(Duration.ZERO),
              reader.optionalDuration(node, "greylist").orElse(Duration.ZERO),
              reader.optionalDuration(node, "delay").orElse(Duration.ZERO),
              reader.optionalText(node, "relayVia"),
              reader.optionalBoolean(node, "originChecked").orElse(false)));
    }
    return servers;
  }

  private void checkRelays(DocumentNode root, List<ScenarioServer> servers, Set<String> ids) {
    List<DocumentNode> nodes = root.field("servers").map(DocumentNode::items).orElse(List.of());
    for (ScenarioServer server : servers) {
      if (server.relayVia().isEmpty()) {
        continue;
      }
      String via = server.relayVia().get();
      DocumentNode node =
          nodes.stream()
              .filter(n -> n.field("id").map(DocumentNode::text).orElse("").equals(server.id()))
              .findFirst()
              .flatMap(n -> n.field("relayVia"))
              .orElse(root);
      if (via.equals(server.id())) {
        reader.fault(node, "server " + server.id() + " cannot relay via itself");
      } else if (!ids.contains(via)) {
        reader.fault(node, unknownServer(via, ids));
      }
    }
  }

  private List<ScenarioRoute> routes(DocumentNode root, Set<String> servers, Monitor monitor) {
    List<ScenarioRoute> routes = new ArrayList<>();
    Optional<DocumentNode> list = root.field("routes");
    if (list.isEmpty() || !list.get().isList() || list.get().items().isEmpty()) {
      reader.fault(list.orElse(root), "'routes' must be a list of at least one route");
      return routes;
    }
    Set<String> ids = new HashSet<>();
    for (DocumentNode node : list.get().items()) {
      if (!reader.requireMap(node, ROUTE_FIELDS)) {
        continue;
      }
      Optional<String> source = serverField(node, "source", servers);
      Optional<String> target = serverField(node, "target", servers);
      if (source.isEmpty() || target.isEmpty()) {
        continue;
      }
      if (source.get().equals(target.get())) {
        reader.fault(node, "a route goes from one server to another, not to " + source.get());
        continue;
      }
      String id = reader.optionalText(node, "id").orElse(Route.idFor(source.get(), target.get()));
      if (!ids.add(id)) {
        reader.fault(node, "route " + id + " is listed twice");
        continue;
      }
      RoutePolicy policy =
          node.field("policy")
              .map(p -> ConfigurationDocument.policy(reader, p, monitor.policy(), "route " + id))
              .orElse(monitor.policy());
      if (policy != null) {
        routes.add(new ScenarioRoute(id, source.get(), target.get(), policy));
      }
    }
    return routes;
  }

  private List<TimelineEvent> timeline(DocumentNode root, Set<String> servers, Set<String> routes) {
    List<TimelineEvent> events = new ArrayList<>();
    Optional<DocumentNode> list = root.field("timeline");
    if (list.isEmpty()) {
      return events;
    }
    if (!list.get().isList()) {
      reader.fault(list.get(), "'timeline' must be a list of events");
      return events;
    }
    Map<TimelineEvent, DocumentNode> nodes = new LinkedHashMap<>();
    for (DocumentNode node : list.get().items()) {
      event(node, servers, routes)
          .ifPresent(
              event -> {
                events.add(event);
                nodes.put(event, node);
              });
    }
    events.sort(Comparator.comparing(TimelineEvent::at));
    checkWindowReferences(events, nodes);
    checkTopicOrder(events, nodes);
    return events;
  }

  /** The alert topic goes down and comes back in turn: each event must change something. */
  private void checkTopicOrder(List<TimelineEvent> events, Map<TimelineEvent, DocumentNode> nodes) {
    boolean down = false;
    for (TimelineEvent event : events) {
      if (event instanceof TimelineEvent.AlertTopicDown) {
        if (down) {
          reader.fault(nodes.get(event), "the alert topic is down already: put a topicUp before");
        }
        down = true;
      } else if (event instanceof TimelineEvent.AlertTopicUp) {
        if (!down) {
          reader.fault(nodes.get(event), "the alert topic is not down: put a topicDown before");
        }
        down = false;
      }
    }
  }

  private Optional<TimelineEvent> event(
      DocumentNode node, Set<String> servers, Set<String> routes) {
    if (!node.isMap()) {
      reader.fault(node, "expected an event (a map with 'at' and 'event'), found " + node.text());
      return Optional.empty();
    }
    Optional<String> kind = reader.requiredText(node, "event");
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Set<String> fields = EVENT_FIELDS.get(kind.get());
    if (fields == null) {
      reader.fault(
          node.field("event").orElseThrow(),
          "unknown event '"
              + kind.get()
              + "': use one of "
              + String.join(", ", EVENT_FIELDS.keySet()));
      return Optional.empty();
    }
    Set<String> known = new HashSet<>(EVENT_COMMON_FIELDS);
    known.addAll(fields);
    reader.requireMap(node, known);
    Optional<Instant> at =
        node.field("at").isEmpty() ? missing(node, "at") : timeWithin(node.field("at").get(), "at");
    String note = reader.optionalText(node, "note").orElse("");
    if (at.isEmpty()) {
      // Check the rest all the same, so every fault of the event is reported at once.
      eventOfKind(kind.get(), node, start, note, servers, routes);
      return Optional.empty();
    }
    return eventOfKind(kind.get(), node, at.get(), note, servers, routes);
  }

  private Optional<TimelineEvent> eventOfKind(
      String kind,
      DocumentNode node,
      Instant at,
      String note,
      Set<String> servers,
      Set<String> routes) {
    switch (kind) {
      case "putWindow":
        return putWindow(node, at, note, servers, routes);
      case "setWindowEnd":
        {
          Optional<String> window = reader.requiredText(node, "window");
          Optional<Instant> windowEnd = requiredTime(node, "end");
          if (window.isEmpty() || windowEnd.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new TimelineEvent.SetWindowEnd(at, note, window.get(), windowEnd.get()));
        }
      case "deleteWindow":
        return reader
            .requiredText(node, "window")
            .map(window -> new TimelineEvent.DeleteWindow(at, note, window));
      case "putWindowItem":
        return windowItem(node, at, note);
      case "down":
        return serverField(node, "server", servers)
            .map(server -> new TimelineEvent.ServerDown(at, note, server));
      case "up":
        return serverField(node, "server", servers)
            .map(server -> new TimelineEvent.ServerUp(at, note, server));
      case "retryQueue":
        return serverField(node, "server", servers)
            .map(server -> new TimelineEvent.RetryQueue(at, note, server));
      case "refuseSubmission":
        {
          Optional<String> server = serverField(node, "server", servers);
          Optional<String> reply = reader.requiredText(node, "reply");
          Optional<Matcher> refusal = reply.map(REFUSAL::matcher).filter(Matcher::matches);
          if (reply.isPresent() && refusal.isEmpty()) {
            reader.fault(
                node.field("reply").orElseThrow(),
                "reply '"
                    + reply.get()
                    + "' is not a refusal: write a 4xx or 5xx code and its text, such as"
                    + " '554 5.7.1 Sender address rejected: Access denied'");
          }
          if (server.isEmpty() || refusal.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              new TimelineEvent.RefuseSubmission(
                  at,
                  note,
                  server.get(),
                  Integer.parseInt(refusal.get().group(1)),
                  refusal.get().group(2)));
        }
      case "hangSubmission":
        return serverField(node, "server", servers)
            .map(server -> new TimelineEvent.HangSubmission(at, note, server));
      case "acceptSubmission":
        return serverField(node, "server", servers)
            .map(server -> new TimelineEvent.AcceptSubmission(at, note, server));
      case "slow":
        {
          Optional<String> server = serverField(node, "server", servers);
          Optional<Duration> delay = requiredDuration(node, "delay");
          if (server.isEmpty() || delay.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new TimelineEvent.SlowRelay(at, note, server.get(), delay.get()));
        }
      case "greylist":
        {
          Optional<String> server = serverField(node, "server", servers);
          Optional<Duration> delay = requiredDuration(node, "delay");
          if (server.isEmpty() || delay.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new TimelineEvent.Greylist(at, note, server.get(), delay.get()));
        }
      case "skew":
        {
          Optional<String> server = serverField(node, "server", servers);
          Optional<Duration> by =
              node.field("by").isEmpty()
                  ? missing(node, "by")
                  : signedDuration(node.field("by").get(), "by");
          if (server.isEmpty() || by.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(new TimelineEvent.ClockSkew(at, note, server.get(), by.get()));
        }
      case "lose":
        {
          Optional<String> server = serverField(node, "server", servers);
          int count = reader.optionalInt(node, "count", 1, 1000).orElse(1);
          Optional<String> route = reader.optionalText(node, "route");
          if (route.isPresent() && !routes.contains(route.get())) {
            reader.fault(node.field("route").orElseThrow(), unknownRoute(route.get(), routes));
            return Optional.empty();
          }
          return server.map(
              s -> new TimelineEvent.LoseMail(at, note, s, count, route.orElse(null)));
        }
      case "invokeTwice":
        return optionalRoute(node, routes)
            .map(route -> new TimelineEvent.InvokeTwice(at, note, route));
      case "dropSesReply":
        return optionalRoute(node, routes)
            .map(route -> new TimelineEvent.DropSesReply(at, note, route));
      case "forgeProbe":
        return routeField(node, routes).map(route -> new TimelineEvent.ForgeProbe(at, note, route));
      case "replayProbe":
        return routeField(node, routes)
            .map(route -> new TimelineEvent.ReplayProbe(at, note, route));
      case "captureProbe":
        return routeField(node, routes)
            .map(route -> new TimelineEvent.CaptureProbe(at, note, route));
      case "topicDown":
        return Optional.of(new TimelineEvent.AlertTopicDown(at, note));
      case "topicUp":
        return Optional.of(new TimelineEvent.AlertTopicUp(at, note));
      case "stop":
      case "resume":
        {
          Optional<String> function =
              reader.requiredText(node, "function").map(f -> f.toUpperCase(Locale.ROOT));
          if (function.isEmpty()) {
            return Optional.empty();
          }
          MonitorFunction which;
          try {
            which = MonitorFunction.valueOf(function.get());
          } catch (IllegalArgumentException e) {
            reader.fault(
                node.field("function").orElseThrow(),
                "function '"
                    + function.get().toLowerCase(Locale.ROOT)
                    + "' is not send, evaluate or receive");
            return Optional.empty();
          }
          return Optional.of(
              kind.equals("stop")
                  ? new TimelineEvent.StopSchedule(at, note, which)
                  : new TimelineEvent.ResumeSchedule(at, note, which));
        }
      default:
        throw new IllegalStateException("event kind " + kind + " has fields but no reader");
    }
  }

  private Optional<TimelineEvent> putWindow(
      DocumentNode node, Instant at, String note, Set<String> servers, Set<String> routes) {
    Optional<String> window = reader.requiredText(node, "window");
    Optional<String> scope = reader.requiredText(node, "scope");
    Optional<Instant> windowStart = requiredTime(node, "start");
    Optional<Recurrence> recurrence = recurrence(node, windowStart);
    if (node.field("every").isPresent()) {
      if (node.field("end").isPresent()) {
        reader.fault(
            node.field("end").orElseThrow(),
            "a recurring window has no 'end': each occurrence lasts its 'duration'");
      }
      if (recurrence.isEmpty()) {
        return Optional.empty();
      }
    }
    Optional<Instant> windowEnd =
        recurrence.isPresent() ? Optional.empty() : requiredTime(node, "end");
    String reason = reader.optionalText(node, "reason").orElse("maintenance");
    String setBy = reader.optionalText(node, "setBy").orElse("ops@example.com");
    if (scope.isPresent() && !validScope(scope.get(), servers, routes)) {
      reader.fault(
          node.field("scope").orElseThrow(),
          "scope '"
              + scope.get()
              + "' is not server:ID, route:ID or all, with a server of "
              + servers
              + " or a route of "
              + routes);
      return Optional.empty();
    }
    if (windowStart.isPresent()
        && windowEnd.isPresent()
        && !windowEnd.get().isAfter(windowStart.get())) {
      reader.fault(node.field("end").orElseThrow(), "the window must end after it starts");
      return Optional.empty();
    }
    if (window.isEmpty()
        || scope.isEmpty()
        || windowStart.isEmpty()
        || (windowEnd.isEmpty() && recurrence.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(
        new TimelineEvent.PutWindow(
            at,
            note,
            window.get(),
            scope.get(),
            windowStart.get(),
            windowEnd.orElse(null),
            reason,
            setBy,
            recurrence));
  }

  /**
   * The recurrence of a putWindow with {@code every}: the rule, the zone ({@code zone}, else the
   * scenario's) whose wall clock its start's time of day is read on, and each occurrence's {@code
   * duration}; checked as the window table's reader checks it.
   */
  private Optional<Recurrence> recurrence(DocumentNode node, Optional<Instant> start) {
    Optional<String> every = reader.optionalText(node, "every");
    if (every.isEmpty()) {
      for (String field : List.of("zone", "duration")) {
        node.field(field)
            .ifPresent(
                value -> reader.fault(value, "'" + field + "' belongs to a window with 'every'"));
      }
      return Optional.empty();
    }
    ZoneId seriesZone = zone;
    Optional<String> zoneText = reader.optionalText(node, "zone");
    if (zoneText.isPresent()) {
      try {
        seriesZone = Recurrence.zone(zoneText.get());
      } catch (InvalidRecurrenceException e) {
        reader.fault(node.field("zone").orElseThrow(), e.getMessage());
        return Optional.empty();
      }
    }
    Optional<Duration> duration = requiredDuration(node, "duration");
    if (duration.isEmpty() || start.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Recurrence.of(
              every.get(),
              seriesZone,
              LocalDateTime.ofInstant(start.get(), seriesZone),
              duration.get()));
    } catch (InvalidRecurrenceException e) {
      reader.fault(node.field("every").orElseThrow(), e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<TimelineEvent> windowItem(DocumentNode node, Instant at, String note) {
    Optional<DocumentNode> item = node.field("item");
    if (item.isEmpty()) {
      reader.fault(
          node, "'item' is missing: the attributes of the item, as an operator writes them");
      return Optional.empty();
    }
    if (!item.get().isMap()) {
      reader.fault(item.get(), "expected a map of attributes, found " + item.get().text());
      return Optional.empty();
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    for (Map.Entry<String, DocumentNode> attribute : item.get().fields().entrySet()) {
      if (!attribute.getValue().isScalar()) {
        reader.fault(attribute.getValue(), "an attribute's value is text or a number");
        return Optional.empty();
      }
      attributes.put(attribute.getKey(), attribute.getValue().text());
    }
    if (!attributes.containsKey("windowId") || attributes.get("windowId").isBlank()) {
      reader.fault(item.get(), "'windowId' is missing: it is the table's key");
      return Optional.empty();
    }
    return Optional.of(new TimelineEvent.PutWindowItem(at, note, attributes));
  }

  private void checkWindowReferences(
      List<TimelineEvent> events, Map<TimelineEvent, DocumentNode> nodes) {
    Set<String> put = new HashSet<>();
    Set<String> recurring = new HashSet<>();
    for (TimelineEvent event : events) {
      String referenced = null;
      if (event instanceof TimelineEvent.PutWindow) {
        put.add(((TimelineEvent.PutWindow) event).windowId());
        if (((TimelineEvent.PutWindow) event).recurrence().isPresent()) {
          recurring.add(((TimelineEvent.PutWindow) event).windowId());
        }
      } else if (event instanceof TimelineEvent.PutWindowItem) {
        put.add(((TimelineEvent.PutWindowItem) event).attributes().get("windowId"));
      } else if (event instanceof TimelineEvent.SetWindowEnd) {
        referenced = ((TimelineEvent.SetWindowEnd) event).windowId();
        if (recurring.contains(referenced)) {
          DocumentNode node = nodes.get(event);
          reader.fault(
              node.field("window").orElse(node),
              "window '" + referenced + "' is recurring: it has no end to set, only a duration");
        }
      } else if (event instanceof TimelineEvent.DeleteWindow) {
        referenced = ((TimelineEvent.DeleteWindow) event).windowId();
      }
      if (referenced != null && !put.contains(referenced)) {
        DocumentNode node = nodes.get(event);
        reader.fault(
            node.field("window").orElse(node),
            "window '" + referenced + "' is not put by an earlier putWindow or putWindowItem");
      }
    }
  }

  private Expectations expectations(DocumentNode root, Set<String> routes) {
    Optional<DocumentNode> expect = root.field("expect");
    if (expect.isEmpty()) {
      reader.fault(
          root, "'expect' is missing: list the notices expected under it ('notices: []' for none)");
      return new Expectations(List.of(), Optional.empty(), Optional.empty());
    }
    if (!reader.requireMap(expect.get(), EXPECT_FIELDS)) {
      return new Expectations(List.of(), Optional.empty(), Optional.empty());
    }
    List<ExpectedNotice> notices = new ArrayList<>();
    Optional<DocumentNode> list = expect.get().field("notices");
    if (list.isEmpty() || !list.get().isList()) {
      reader.fault(
          list.orElse(expect.get()), "'notices' must be a list of notices ('[]' for none)");
    } else {
      for (DocumentNode node : list.get().items()) {
        expectedNotice(node, routes).ifPresent(notices::add);
      }
    }
    Optional<Set<String>> skew = Optional.empty();
    Optional<DocumentNode> skewList = expect.get().field("clockSkewOn");
    if (skewList.isPresent()) {
      if (!skewList.get().isList()) {
        reader.fault(skewList.get(), "'clockSkewOn' must be a list of route ids ('[]' for none)");
      } else {
        Set<String> ids = new TreeSet<>();
        for (DocumentNode item : skewList.get().items()) {
          if (!routes.contains(item.text())) {
            reader.fault(item, unknownRoute(item.text(), routes));
          }
          ids.add(item.text());
        }
        skew = Optional.of(ids);
      }
    }
    Optional<List<String>> turnedAway = Optional.empty();
    Optional<DocumentNode> turnedAwayList = expect.get().field("turnedAway");
    if (turnedAwayList.isPresent()) {
      if (!turnedAwayList.get().isList()) {
        reader.fault(
            turnedAwayList.get(), "'turnedAway' must be a list of outcomes ('[]' for none)");
      } else {
        List<String> outcomes = new ArrayList<>();
        for (DocumentNode item : turnedAwayList.get().items()) {
          String outcome = item.text().trim().toUpperCase(Locale.ROOT);
          if (!TURNED_AWAY.contains(outcome)) {
            reader.fault(
                item,
                "'"
                    + item.text()
                    + "' is not one of DUPLICATE, FORGED, REPLAYED, UNEXPECTED_ORIGIN");
          }
          outcomes.add(outcome);
        }
        turnedAway = Optional.of(outcomes);
      }
    }
    return new Expectations(notices, skew, turnedAway);
  }

  private Optional<ExpectedNotice> expectedNotice(DocumentNode node, Set<String> routes) {
    if (!reader.requireMap(node, NOTICE_FIELDS)) {
      return Optional.empty();
    }
    Optional<String> type = reader.requiredText(node, "type").map(t -> t.toUpperCase(Locale.ROOT));
    if (type.isPresent() && !NOTICE_TYPES.contains(type.get())) {
      reader.fault(
          node.field("type").orElseThrow(),
          "type '"
              + type.get()
              + "' is not one of OPENED, REMINDER, RESOLVED, CONFIGURATION, MAINTENANCE,"
              + " HEARTBEAT");
      type = Optional.empty();
    }
    Optional<String> route = reader.optionalText(node, "route");
    if (route.isPresent() && !routes.contains(route.get())) {
      reader.fault(node.field("route").orElseThrow(), unknownRoute(route.get(), routes));
      route = Optional.empty();
    }
    Optional<String> suspect = reader.optionalText(node, "suspect");
    Optional<Integer> routeCount = Optional.empty();
    if (node.field("routes").isPresent()) {
      Optional<String> count = reader.optionalText(node, "routes");
      if (count.isPresent() && count.get().matches("[1-9][0-9]{0,4}")) {
        routeCount = Optional.of(Integer.parseInt(count.get()));
      } else {
        reader.fault(
            node.field("routes").orElseThrow(), "'routes' is a number of routes, 1 or more");
        return Optional.empty();
      }
    }
    boolean bulletin =
        type.isPresent() && (type.get().equals("MAINTENANCE") || type.get().equals("HEARTBEAT"));
    if (type.isPresent()
        && !type.get().equals("CONFIGURATION")
        && !bulletin
        && route.isEmpty()
        && suspect.isEmpty()) {
      if (node.field("route").isEmpty()) {
        reader.fault(
            node,
            "'route' is missing: an "
                + type.get()
                + " notice is about a route, or about a fault ('suspect')");
      }
      return Optional.empty();
    }
    Optional<Instant> at =
        node.field("at").isEmpty() ? missing(node, "at") : timeWithin(node.field("at").get(), "at");
    Optional<Instant> received =
        node.field("received").flatMap(value -> timeWithin(value, "received"));
    if (at.isPresent() && received.isPresent() && received.get().isBefore(at.get())) {
      reader.fault(
          node.field("received").orElseThrow(),
          "a notice is received when it is decided ('at') or later, not before");
      received = Optional.empty();
    }
    Optional<String> severity =
        reader.optionalChoice(node, "severity", Set.of("WARNING", "CRITICAL"));
    Optional<String> contains = reader.optionalText(node, "contains");
    Optional<String> event =
        reader.optionalText(node, "event").map(e -> e.toUpperCase(Locale.ROOT));
    if (bulletin && event.isEmpty()) {
      reader.fault(node, "'event' is missing: say which (ANNOUNCED, STARTED, REMINDER, ENDED)");
      return Optional.empty();
    }
    if (type.isEmpty() || at.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ExpectedNotice(
            type.get(),
            route,
            at.get(),
            received.orElse(at.get()),
            severity,
            contains,
            node.line(),
            suspect,
            routeCount,
            event));
  }

  private Optional<String> serverField(DocumentNode node, String field, Set<String> servers) {
    Optional<String> server = reader.requiredText(node, field);
    if (server.isPresent() && !servers.contains(server.get())) {
      reader.fault(node.field(field).orElseThrow(), unknownServer(server.get(), servers));
      return Optional.empty();
    }
    return server;
  }

  private Optional<String> routeField(DocumentNode node, Set<String> routes) {
    Optional<String> route = reader.requiredText(node, "route");
    if (route.isPresent() && !routes.contains(route.get())) {
      reader.fault(node.field("route").orElseThrow(), unknownRoute(route.get(), routes));
      return Optional.empty();
    }
    return route;
  }

  /** An optional route: present and known, absent for any route, or empty after a fault. */
  private Optional<Optional<String>> optionalRoute(DocumentNode node, Set<String> routes) {
    if (node.field("route").isEmpty()) {
      return Optional.of(Optional.empty());
    }
    return routeField(node, routes).map(Optional::of);
  }

  private static String unknownServer(String id, Set<String> servers) {
    return "unknown server '" + id + "' (servers: " + String.join(", ", servers) + ")";
  }

  private static String unknownRoute(String id, Set<String> routes) {
    return "unknown route '" + id + "' (routes: " + String.join(", ", routes) + ")";
  }

  private static boolean validScope(String scope, Set<String> servers, Set<String> routes) {
    if (scope.equals("all")) {
      return true;
    }
    if (scope.startsWith("server:")) {
      return servers.contains(scope.substring("server:".length()));
    }
    if (scope.startsWith("route:")) {
      return routes.contains(scope.substring("route:".length()));
    }
    return false;
  }

  private Optional<Instant> requiredTime(DocumentNode node, String field) {
    return node.field(field).isEmpty()
        ? missing(node, field)
        : time(node.field(field).get(), field);
  }

  private Optional<Duration> requiredDuration(DocumentNode node, String field) {
    return node.field(field).isEmpty()
        ? missing(node, field)
        : reader.duration(node.field(field).get(), field);
  }

  private Optional<Duration> positive(DocumentNode node, String field) {
    Optional<Duration> value = reader.optionalDuration(node, field);
    if (value.isPresent() && value.get().isZero()) {
      reader.fault(node.field(field).orElseThrow(), field + " must be longer than zero");
      return Optional.empty();
    }
    return value;
  }

  private <T> Optional<T> missing(DocumentNode node, String field) {
    reader.fault(node, "'" + field + "' is missing");
    return Optional.empty();
  }

  /** A duration that may be negative: {@code -3m} for a clock three minutes behind. */
  private Optional<Duration> signedDuration(DocumentNode value, String field) {
    String text = value.text().trim();
    boolean negative = text.startsWith("-");
    String magnitude = negative || text.startsWith("+") ? text.substring(1) : text;
    try {
      Duration duration = DurationText.parse(magnitude);
      return Optional.of(negative ? duration.negated() : duration);
    } catch (IllegalArgumentException e) {
      reader.fault(value, field + " " + e.getMessage() + ", with '-' in front for behind");
      return Optional.empty();
    }
  }

  /** A time within the scenario's start and end, when both are known. */
  private Optional<Instant> timeWithin(DocumentNode value, String field) {
    Optional<Instant> instant = time(value, field);
    if (instant.isPresent()
        && start != null
        && end != null
        && (instant.get().isBefore(start) || instant.get().isAfter(end))) {
      reader.fault(
          value,
          field
              + " "
              + value.text()
              + " is outside the scenario, which runs from "
              + local(start)
              + " to "
              + local(end));
      return Optional.empty();
    }
    return instant;
  }

  /**
   * A time of the scenario's day in its zone ({@code 12:10}, {@code 12:10:30}), or an ISO-8601
   * instant with its offset ({@code 2006-07-28T12:10:00+02:00}).
   */
  private Optional<Instant> time(DocumentNode value, String field) {
    String text = value.text().trim();
    try {
      if (CLOCK_TIME.matcher(text).matches()) {
        if (date == null) {
          return Optional.empty();
        }
        LocalTime time =
            LocalTime.parse(text.length() == 4 || text.length() == 7 ? "0" + text : text);
        return Optional.of(ZonedDateTime.of(date, time, zone).toInstant());
      }
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeException e) {
      reader.fault(
          value,
          field
              + " '"
              + text
              + "' is not a time: write 12:10, 12:10:30, or 2006-07-28T12:10:00+02:00 with its"
              + " offset");
      return Optional.empty();
    }
  }

  private String local(Instant instant) {
    return instant.atZone(zone).toLocalTime().toString();
  }

  private static Map<String, Set<String>> eventFields() {
    Map<String, Set<String>> fields = new LinkedHashMap<>();
    fields.put(
        "putWindow",
        Set.of("window", "scope", "start", "end", "reason", "setBy", "every", "zone", "duration"));
    fields.put("setWindowEnd", Set.of("window", "end"));
    fields.put("deleteWindow", Set.of("window"));
    fields.put("putWindowItem", Set.of("item"));
    fields.put("down", Set.of("server"));
    fields.put("up", Set.of("server"));
    fields.put("slow", Set.of("server", "delay"));
    fields.put("lose", Set.of("server", "count", "route"));
    fields.put("greylist", Set.of("server", "delay"));
    fields.put("skew", Set.of("server", "by"));
    fields.put("retryQueue", Set.of("server"));
    fields.put("refuseSubmission", Set.of("server", "reply"));
    fields.put("hangSubmission", Set.of("server"));
    fields.put("acceptSubmission", Set.of("server"));
    fields.put("invokeTwice", Set.of("route"));
    fields.put("dropSesReply", Set.of("route"));
    fields.put("forgeProbe", Set.of("route"));
    fields.put("replayProbe", Set.of("route"));
    fields.put("captureProbe", Set.of("route"));
    fields.put("topicDown", Set.of());
    fields.put("topicUp", Set.of());
    fields.put("stop", Set.of("function"));
    fields.put("resume", Set.of("function"));
    return Collections.unmodifiableMap(fields);
  }
}
