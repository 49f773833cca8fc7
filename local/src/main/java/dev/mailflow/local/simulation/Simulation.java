package dev.mailflow.local.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioRoute;
import dev.mailflow.local.scenario.ScenarioServer;
import dev.mailflow.local.scenario.TimelineEvent;
import dev.mailflow.local.scenario.TimelineEvent.MonitorFunction;
import dev.mailflow.local.smtp.SmtpReply;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Plays a scenario through the whole pipeline on one machine, in simulated time.
 *
 * <p>Time moves in steps: at each step the clock stands still while the step's work runs, in a
 * fixed order: the scenario's events of that instant, the send function when its schedule falls
 * due, the mail servers' relays (until no mail can move further at that instant), the inbound
 * bridge's mail into S3 and the receive function ({@link InboundDelivery}), and the evaluate
 * function when its schedule falls due, after which the notices its subscriber received are read
 * back. Then the clock jumps to the next instant anything is due: a scheduled run, an event, a
 * mail's next attempt, a window's start or end. So a 90-minute story takes as many steps as it has
 * moments, and its outcome never depends on the machine.
 */
public final class Simulation {
  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** More passes than this in one instant means mail is going round in circles. */
  private static final int MAX_RELAY_PASSES = 50;

  private final Scenario scenario;
  private final Map<String, String> awsEnvironment;
  private final List<RunListener> listeners;
  private final SimulatedClock clock;
  private final RunLog log = new RunLog();

  private final List<ExecutionInterceptor> functionInterceptors;
  private final OptionalInt shardSize;
  private final Map<String, MailServer> servers = new LinkedHashMap<>();
  private final Map<String, String> routeByRecipient = new HashMap<>();
  private final Map<String, WindowHistory.Builder> windows = new LinkedHashMap<>();
  private InboundBridge bridge;
  private InboundDelivery inbound;
  private EmulatedStack stack;
  private Functions functions;
  private WindowTable windowTable;
  private NoticeInbox inbox;
  private ProbeStore probes;
  private boolean sendRunning = true;
  private boolean evaluateRunning = true;
  private int nextEvent;

  /**
   * @param scenario what to play
   * @param awsEnvironment the standard AWS variables of the emulator to create the stack on
   * @param listeners told of every event as it happens
   */
  public Simulation(
      Scenario scenario, Map<String, String> awsEnvironment, List<RunListener> listeners) {
    this(scenario, awsEnvironment, listeners, List.of());
  }

  /**
   * A run whose functions' AWS clients carry {@code functionInterceptors}: for a test that plays a
   * scenario with AWS calls failing (a fault injector) or observed. Only the functions' calls go
   * through them; the run's own calls (creating the stack, reading back what was stored and what
   * the subscriber received) do not, so what the run reports is what really happened.
   *
   * @param functionInterceptors added to every client of the send, receive and evaluate functions
   */
  public Simulation(
      Scenario scenario,
      Map<String, String> awsEnvironment,
      List<RunListener> listeners,
      List<? extends ExecutionInterceptor> functionInterceptors) {
    this(scenario, awsEnvironment, listeners, functionInterceptors, OptionalInt.empty());
  }

  /**
   * A run whose evaluate function judges in shards of {@code shardSize} routes, as a stack of more
   * routes than a shard holds does: a shard queue is created and set in the function's environment,
   * and after each scheduled run the run delivers every shard order the function handed to the
   * queue back to the function, one shard an invocation, the last shard first, as the queue's event
   * source would (see {@link Functions}). A scenario of no more routes than {@code shardSize} is
   * judged in one invocation, as such a stack judges it.
   *
   * @param shardSize the evaluate function's {@code MAILFLOW_SHARD_SIZE}; empty for no shard queue,
   *     every round judged in one invocation
   */
  public Simulation(
      Scenario scenario,
      Map<String, String> awsEnvironment,
      List<RunListener> listeners,
      List<? extends ExecutionInterceptor> functionInterceptors,
      OptionalInt shardSize) {
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.awsEnvironment = Map.copyOf(awsEnvironment);
    this.listeners = List.copyOf(listeners);
    this.functionInterceptors = List.copyOf(functionInterceptors);
    this.shardSize = Objects.requireNonNull(shardSize, "shardSize");
    this.clock = new SimulatedClock(scenario.start());
  }

  /** Plays the scenario to its end and answers what happened. */
  public RunResult run() {
    long started = System.nanoTime();
    try {
      setUp();
      Instant now = scenario.start();
      while (!now.isAfter(scenario.end())) {
        clock.moveTo(now);
        step(now);
        for (RunListener listener : listeners) {
          listener.progress(now);
        }
        now = nextInstant(now);
      }
      inbound.finish();
      RunResult result =
          new RunResult(
              scenario,
              log.events(),
              log.notices(),
              storedProbes(),
              windowHistories(),
              Duration.ofNanos(System.nanoTime() - started));
      for (RunListener listener : listeners) {
        listener.finished(result);
      }
      return result;
    } finally {
      tearDown();
    }
  }

  private void setUp() {
    String region = awsEnvironment.getOrDefault("AWS_REGION", "eu-west-1");
    for (ScenarioRoute route : scenario.routes()) {
      routeByRecipient.put(recipient(route), route.id());
    }
    bridge = new InboundBridge(clock, region, routeByRecipient::get);
    bridge.start();
    for (ScenarioServer server : scenario.servers()) {
      servers.put(
          server.id(),
          new MailServer(server, clock, scenario.zone(), this::emit, routeByRecipient::get));
    }
    Map<String, Integer> submissionPorts = new LinkedHashMap<>();
    for (MailServer server : servers.values()) {
      server.connect(servers, bridge);
      server.start();
      submissionPorts.put(server.id(), server.submissionPort());
    }
    stack =
        EmulatedStack.create(
            awsEnvironment,
            ConfigurationDocumentWriter.write(scenario, submissionPorts),
            scenario.zone(),
            scenario.monitor().replayWindow(),
            scenario.expectations().wantsBulletins(),
            shardSize);
    windowTable = new WindowTable(stack.aws().dynamoDb(), stack.windowsTable(), scenario.zone());
    inbox = new NoticeInbox(stack.subscriber());
    probes =
        new DynamoDbProbeStore(
            stack.aws().dynamoDb(), stack.probesTable(), Duration.ofDays(30), clock);
    functions =
        new Functions(
            stack,
            clock,
            region,
            scenario.monitor().send().every(),
            functionInterceptors,
            listeners);
    inbound = new InboundDelivery(bridge, stack, functions, probes, stack.signer(), this::emit);
    RunSetup setup = new RunSetup(submissionPorts, bridge.address().getPort());
    for (RunListener listener : listeners) {
      listener.started(scenario, setup);
    }
  }

  private void tearDown() {
    for (MailServer server : servers.values()) {
      server.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (stack != null) {
      stack.aws().close();
    }
  }

  private void step(Instant now) {
    while (nextEvent < scenario.timeline().size()
        && !scenario.timeline().get(nextEvent).at().isAfter(now)) {
      apply(scenario.timeline().get(nextEvent++));
    }
    announceWindowBoundaries(now);
    if (sendRunning && scenario.monitor().send().runsAt(now)) {
      runSend(now);
    }
    relayUntilQuiet();
    inbound.deliver();
    if (evaluateRunning && scenario.monitor().evaluate().runsAt(now)) {
      runEvaluate(now);
    }
  }

  private void relayUntilQuiet() {
    for (int pass = 0; pass < MAX_RELAY_PASSES; pass++) {
      boolean moved = false;
      for (MailServer server : servers.values()) {
        moved |= server.relayDue();
      }
      if (!moved) {
        return;
      }
    }
    LOG.warn(
        "mail still moving after {} passes at {}: a relay loop?",
        MAX_RELAY_PASSES,
        clock.instant());
  }

  private void runSend(Instant now) {
    Functions.Invocation invocation = functions.send(now);
    if (!invocation.succeeded()) {
      emit(new RunEvent.FunctionFailed(now, "send", invocation.failure()));
      return;
    }
    JsonNode result = json(invocation.output());
    for (JsonNode route : result.path("routes")) {
      String outcome = route.path("outcome").asText("");
      if (!outcome.equals("SENT") && !outcome.equals("SEND_FAILED")) {
        continue;
      }
      emit(
          new RunEvent.ProbeSubmitted(
              now,
              route.path("route").asText(),
              route.path("probe").asText(),
              Instant.parse(route.path("sentAt").asText(now.toString())),
              outcome.equals("SENT"),
              route.path("replyCode").asInt(),
              route.path("reply").asText("")));
    }
  }

  /**
   * Runs the evaluate function's scheduled run and, judged in shards, every shard of its round; the
   * round's routes are those of every invocation's summary, in the scenario's order.
   */
  private void runEvaluate(Instant now) {
    boolean succeeded = true;
    Map<String, String> judged = new HashMap<>();
    int published = 0;
    int pending = 0;
    for (Functions.Invocation invocation : functions.evaluate(now)) {
      if (!invocation.succeeded()) {
        succeeded = false;
        emit(new RunEvent.FunctionFailed(now, "evaluate", invocation.failure()));
      }
      JsonNode summary = json(invocation.output());
      for (JsonNode route : summary.path("routes")) {
        if (route.hasNonNull("condition")) {
          judged.put(route.path("route").asText(), route.path("condition").asText());
        }
        published += route.path("published").asInt();
        pending += route.path("pending").asInt();
      }
    }
    Map<String, String> conditions = new LinkedHashMap<>();
    for (ScenarioRoute route : scenario.routes()) {
      String condition = judged.remove(route.id());
      if (condition != null) {
        conditions.put(route.id(), condition);
      }
    }
    conditions.putAll(new TreeMap<>(judged));
    if (succeeded) {
      emit(new RunEvent.Evaluated(now, conditions, published, pending));
    }
    for (ReceivedNotice notice : inbox.take(now)) {
      log.notice(notice);
      emit(new RunEvent.NoticeReceived(now, notice));
    }
  }

  private void apply(TimelineEvent event) {
    Instant at = event.at();
    if (!event.note().isEmpty()) {
      emit(new RunEvent.Remark(at, event.note()));
    }
    if (event instanceof TimelineEvent.PutWindow
        && ((TimelineEvent.PutWindow) event).recurrence().isPresent()) {
      putRecurring((TimelineEvent.PutWindow) event);
    } else if (event instanceof TimelineEvent.PutWindow) {
      TimelineEvent.PutWindow put = (TimelineEvent.PutWindow) event;
      windowTable.put(
          put.windowId(), put.scope(), put.start(), put.end(), put.reason(), put.setBy());
      windows.put(
          put.windowId(),
          new WindowHistory.Builder(
              put.windowId(), put.scope(), put.reason(), at, put.start(), put.end()));
      emit(
          new RunEvent.WindowChanged(
              at,
              put.windowId(),
              RunEvent.Change.PUT,
              put.scope()
                  + " "
                  + local(put.start())
                  + "–"
                  + local(put.end())
                  + ", "
                  + put.reason()));
    } else if (event instanceof TimelineEvent.SetWindowEnd) {
      TimelineEvent.SetWindowEnd set = (TimelineEvent.SetWindowEnd) event;
      windowTable.setEnd(set.windowId(), set.end());
      WindowHistory.Builder window = windows.get(set.windowId());
      if (window != null) {
        window.endSet(at, set.end());
      }
      emit(
          new RunEvent.WindowChanged(
              at, set.windowId(), RunEvent.Change.END_SET, "to " + local(set.end())));
    } else if (event instanceof TimelineEvent.DeleteWindow) {
      TimelineEvent.DeleteWindow delete = (TimelineEvent.DeleteWindow) event;
      windowTable.delete(delete.windowId());
      String occurrenceOf = delete.windowId() + RecurringWindow.OCCURRENCE_SEPARATOR;
      for (WindowHistory.Builder window : windows.values()) {
        // A deleted series takes all its occurrences with it.
        if (window.id().equals(delete.windowId()) || window.id().startsWith(occurrenceOf)) {
          window.deleted(at);
        }
      }
      emit(new RunEvent.WindowChanged(at, delete.windowId(), RunEvent.Change.DELETED, ""));
    } else if (event instanceof TimelineEvent.PutWindowItem) {
      TimelineEvent.PutWindowItem item = (TimelineEvent.PutWindowItem) event;
      windowTable.putAsWritten(item.attributes());
      emit(
          new RunEvent.WindowChanged(
              at,
              item.attributes().get("windowId"),
              RunEvent.Change.ITEM_PUT,
              "item put as written: " + new TreeMap<>(item.attributes())));
    } else if (event instanceof TimelineEvent.ServerDown) {
      servers.get(((TimelineEvent.ServerDown) event).server()).down();
    } else if (event instanceof TimelineEvent.ServerUp) {
      servers.get(((TimelineEvent.ServerUp) event).server()).up();
    } else if (event instanceof TimelineEvent.SlowRelay) {
      TimelineEvent.SlowRelay slow = (TimelineEvent.SlowRelay) event;
      servers.get(slow.server()).slow(slow.delay());
    } else if (event instanceof TimelineEvent.Greylist) {
      TimelineEvent.Greylist greylist = (TimelineEvent.Greylist) event;
      servers.get(greylist.server()).greylist(greylist.delay());
    } else if (event instanceof TimelineEvent.ClockSkew) {
      TimelineEvent.ClockSkew skew = (TimelineEvent.ClockSkew) event;
      servers.get(skew.server()).skew(skew.skew());
    } else if (event instanceof TimelineEvent.LoseMail) {
      TimelineEvent.LoseMail lose = (TimelineEvent.LoseMail) event;
      servers.get(lose.server()).lose(lose.count(), lose.route());
    } else if (event instanceof TimelineEvent.RefuseSubmission) {
      TimelineEvent.RefuseSubmission refuse = (TimelineEvent.RefuseSubmission) event;
      servers.get(refuse.server()).refuseSubmission(SmtpReply.of(refuse.code(), refuse.text()));
    } else if (event instanceof TimelineEvent.HangSubmission) {
      servers.get(((TimelineEvent.HangSubmission) event).server()).hangSubmission();
    } else if (event instanceof TimelineEvent.AcceptSubmission) {
      servers.get(((TimelineEvent.AcceptSubmission) event).server()).acceptSubmission();
    } else if (event instanceof TimelineEvent.RetryQueue) {
      servers.get(((TimelineEvent.RetryQueue) event).server()).retryNow();
    } else if (event instanceof TimelineEvent.InvokeTwice) {
      inbound.invokeTwice(at, ((TimelineEvent.InvokeTwice) event).route());
    } else if (event instanceof TimelineEvent.DropSesReply) {
      inbound.dropSesReply(at, ((TimelineEvent.DropSesReply) event).route());
    } else if (event instanceof TimelineEvent.ForgeProbe) {
      String route = ((TimelineEvent.ForgeProbe) event).route();
      inbound.forge(
          at, route, scenario.monitor().sender(), recipient(scenario.route(route).orElseThrow()));
    } else if (event instanceof TimelineEvent.ReplayProbe) {
      inbound.replay(at, ((TimelineEvent.ReplayProbe) event).route());
    } else if (event instanceof TimelineEvent.CaptureProbe) {
      String route = ((TimelineEvent.CaptureProbe) event).route();
      boolean checked =
          scenario
              .server(scenario.route(route).orElseThrow().target())
              .orElseThrow()
              .originChecked();
      inbound.capture(at, route, checked);
    } else if (event instanceof TimelineEvent.AlertTopicDown) {
      stack.deleteTopic();
      emit(new RunEvent.AlertTopicState(at, false));
    } else if (event instanceof TimelineEvent.AlertTopicUp) {
      stack.recreateTopic();
      emit(new RunEvent.AlertTopicState(at, true));
    } else if (event instanceof TimelineEvent.StopSchedule) {
      schedule(((TimelineEvent.StopSchedule) event).function(), false, at);
    } else if (event instanceof TimelineEvent.ResumeSchedule) {
      schedule(((TimelineEvent.ResumeSchedule) event).function(), true, at);
    }
  }

  /** The probe mailbox of a route, on its target's domain. */
  private String recipient(ScenarioRoute route) {
    return route.recipient(scenario.server(route.target()).orElseThrow().domain());
  }

  private void schedule(MonitorFunction function, boolean running, Instant at) {
    if (function == MonitorFunction.SEND) {
      sendRunning = running;
    } else if (function == MonitorFunction.RECEIVE) {
      inbound.failEveryInvocation(!running);
    } else {
      evaluateRunning = running;
    }
    emit(new RunEvent.ScheduleChanged(at, function.name().toLowerCase(Locale.ROOT), running));
  }

  /**
   * Puts a series, and keeps the history of each of its occurrences in the run as a window of its
   * own, named as the evaluation names it: {@code SERIES@DATE}.
   */
  private void putRecurring(TimelineEvent.PutWindow put) {
    Recurrence recurrence = put.recurrence().orElseThrow();
    windowTable.putRecurring(put.windowId(), put.scope(), recurrence, put.reason(), put.setBy());
    RecurringWindow series =
        new RecurringWindow(
            put.windowId(),
            MaintenanceScope.parse(put.scope()),
            recurrence,
            new TreeSet<>(),
            new TreeMap<>(),
            put.reason(),
            put.setBy());
    for (MaintenanceWindow occurrence : series.windowsBetween(scenario.start(), scenario.end())) {
      windows.put(
          occurrence.id(),
          new WindowHistory.Builder(
              occurrence.id(),
              put.scope(),
              put.reason(),
              put.at(),
              occurrence.start(),
              occurrence.end()));
    }
    emit(
        new RunEvent.WindowChanged(
            put.at(),
            put.windowId(),
            RunEvent.Change.PUT,
            put.scope() + " every " + recurrence + ", " + put.reason()));
  }

  private void announceWindowBoundaries(Instant now) {
    for (WindowHistory.Builder window : windows.values()) {
      if (window.isDeleted()) {
        continue;
      }
      if (!window.openAnnounced() && !window.start().isAfter(now) && window.end().isAfter(now)) {
        window.announceOpen();
        emit(new RunEvent.WindowBoundary(now, window.id(), window.scope(), true));
      }
      if (window.openAnnounced() && !window.closeAnnounced() && !window.end().isAfter(now)) {
        window.announceClose();
        emit(new RunEvent.WindowBoundary(now, window.id(), window.scope(), false));
      }
    }
  }

  private Instant nextInstant(Instant now) {
    Instant after = now.plusNanos(1);
    List<Instant> candidates = new ArrayList<>();
    if (nextEvent < scenario.timeline().size()) {
      candidates.add(scenario.timeline().get(nextEvent).at());
    }
    candidates.add(scenario.monitor().send().nextAtOrAfter(after));
    candidates.add(scenario.monitor().evaluate().nextAtOrAfter(after));
    for (MailServer server : servers.values()) {
      server
          .nextDue()
          .ifPresent(due -> candidates.add(due.isAfter(now) ? due : now.plusSeconds(1)));
    }
    for (WindowHistory.Builder window : windows.values()) {
      if (!window.isDeleted()) {
        candidates.add(window.start());
        candidates.add(window.end());
      }
    }
    if (now.isBefore(scenario.end())) {
      candidates.add(scenario.end());
    }
    Instant next = null;
    for (Instant candidate : candidates) {
      if (candidate.isAfter(now) && (next == null || candidate.isBefore(next))) {
        next = candidate;
      }
    }
    return next == null ? now.plusSeconds(1) : next;
  }

  private Map<String, List<Probe>> storedProbes() {
    Map<String, List<Probe>> stored = new LinkedHashMap<>();
    Instant from = scenario.start().minus(Duration.ofMinutes(1));
    for (ScenarioRoute route : scenario.routes()) {
      stored.put(route.id(), probes.probesSince(route.id(), from));
    }
    return Collections.unmodifiableMap(stored);
  }

  private List<WindowHistory> windowHistories() {
    List<WindowHistory> histories = new ArrayList<>();
    for (WindowHistory.Builder window : windows.values()) {
      histories.add(window.build());
    }
    return histories;
  }

  private void emit(RunEvent event) {
    log.event(event);
    for (RunListener listener : listeners) {
      listener.event(event);
    }
  }

  /** A time of the scenario's day as its file writes it: 12:40, or 13:07:47 with seconds. */
  private String local(Instant instant) {
    LocalTime time = instant.atZone(scenario.zone()).toLocalTime();
    return time.getSecond() == 0 ? time.toString() : time.withNano(0).toString();
  }

  private static JsonNode json(String text) {
    try {
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a function answered something not JSON: " + text, e);
    }
  }
}
