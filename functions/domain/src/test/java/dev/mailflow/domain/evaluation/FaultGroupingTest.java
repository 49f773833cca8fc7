package dev.mailflow.domain.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.fakes.InMemoryNoticeLedger;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.fakes.InMemoryRoundBoard;
import dev.mailflow.domain.fakes.InMemoryRouteStateStore;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Routes that fail together are told as one fault: a mesh of servers is probed every five minutes
 * and evaluated every five minutes, with each route's probes decided by a rule of the test.
 */
class FaultGroupingTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration FAST = Duration.ofSeconds(4);

  private final InMemoryRouteStateStore states = new InMemoryRouteStateStore();
  private final RecordingAlertPublisher publisher = new RecordingAlertPublisher();
  private final InMemoryNoticeLedger ledger = new InMemoryNoticeLedger();
  private final MutableClock clock = new MutableClock(T0);
  private final List<MaintenanceWindow> windows = new ArrayList<>();

  /** What becomes of a probe of a route sent at a minute. */
  private interface Fate {
    /** Delivery latency, or null when lost; SEND_FAILED is told by {@link #refused}. */
    Duration latency(Route route, int minute);

    default boolean refused(Route route, int minute) {
      return false;
    }
  }

  @Test
  void serverDownInAMeshOfFour_isOneOpenedBlamingIt_andOneResolvedForAllItsRoutes() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);

    play(mesh, mx01Down, 90);

    assertThat(publisher.notices())
        .extracting(Notice::type, n -> n.fault().suspect(), n -> n.routes().size())
        .containsExactly(
            tuple(NoticeType.OPENED, new Suspect(Suspect.Kind.SERVER, "MX01"), 3),
            tuple(NoticeType.RESOLVED, new Suspect(Suspect.Kind.SERVER, "MX01"), 6));
    Notice opened = publisher.notices().get(0);
    assertThat(opened.reason())
        .contains("The 3 routes failing together all pass through server MX01")
        .contains("the 6 routes that avoid it are healthy");
    assertThat(opened.headline())
        .isEqualTo("OPENED CRITICAL MX01: 3 routes failing, MX01 suspected");
    Notice resolved = publisher.notices().get(1);
    assertThat(resolved.routes())
        .extracting(AffectedRoute::routeId)
        .containsExactlyInAnyOrder(
            "MX01-to-MX02",
            "MX01-to-MX03",
            "MX01-to-MX04",
            "MX02-to-MX01",
            "MX03-to-MX01",
            "MX04-to-MX01");
    assertThat(resolved.incidentId()).isEqualTo(opened.incidentId());
  }

  @Test
  void judgingEightRoutesAtOnce_tellsExactlyWhatJudgingThemOneByOneTells() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    play(mesh, downBetween("MX01", 20, 50), 90);
    List<String> oneByOne = publisher.notices().stream().map(Notice::key).toList();
    FaultGroupingTest parallel = new FaultGroupingTest();
    parallel.routesInFlight = 8;

    parallel.play(mesh, downBetween("MX01", 20, 50), 90);

    assertThat(parallel.publisher.notices()).extracting(Notice::key).isEqualTo(oneByOne);
    assertThat(oneByOne).hasSize(2);
  }

  @Test
  void whileAFaultIsOpen_eachOfItsRoutesKeepsItsOwnIncident_markedWithTheFault() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");

    play(mesh, downBetween("MX01", 20, 90), 45);

    List<String> stored = new ArrayList<>();
    for (Route route : mesh) {
      Incident incident = states.load(route.id()).orElseThrow().state().incident();
      if (route.touches("MX01")) {
        assertThat(incident).as(route.id()).isNotNull();
        assertThat(incident.id()).startsWith(route.id());
        assertThat(incident.fault().id()).isEqualTo(publisher.notices().get(0).incidentId());
        if (!incident.fault().routes().isEmpty()) {
          // The fault's routes are stored once, by its first route; the others store none.
          assertThat(incident.fault().routes().get(0)).isEqualTo(route.id());
          stored.addAll(incident.fault().routes());
        }
      } else {
        assertThat(incident).as(route.id()).isNull();
      }
    }
    assertThat(stored)
        .containsExactlyInAnyOrderElementsOf(
            mesh.stream().filter(route -> route.touches("MX01")).map(Route::id).toList());
  }

  @Test
  void aFaultsRoutes_storedOnItsFirstRouteOnly_areWholeAgainInItsReminderAndResolved() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");

    play(mesh, downBetween("MX01", 20, 150), 200);

    List<Notice> told = publisher.notices();
    assertThat(told)
        .extracting(Notice::type)
        .contains(NoticeType.OPENED, NoticeType.REMINDER, NoticeType.RESOLVED);
    // The fault opens on the routes out of MX01, refused at once; those into it join it.
    for (Notice notice : told.subList(1, told.size())) {
      assertThat(notice.fault().routes()).as(notice.type().name()).hasSize(6);
      assertThat(notice.routes()).as(notice.type().name()).hasSize(6);
    }
  }

  @Test
  void runsThatDoNotReachTheFaultsFirstRoute_leaveItsListOfRoutesWhereAndAsItWas() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 300);
    play(mesh, mx01Down, 55);
    Map<String, List<String>> before = storedLists(mesh);
    assertThat(before).hasSize(1);
    // The first run at or after the hourly reminder is due.
    Instant due = publisher.notices().get(0).at().plus(Duration.ofHours(1));
    int reminderMinute = (int) (Duration.between(T0, due).toMinutes() + 4) / 5 * 5;
    play(mesh, mx01Down, 60, reminderMinute - 10);

    // Two runs of one container that each stop after six of the twelve routes: the second, when
    // the reminder is due, starts where the first stopped, so it does not reach the first routes,
    // the fault's first among them; it reminds, and stores every route of the fault it reached.
    EvaluationRound container = round(mesh, mx01Down, reminderMinute - 5);
    for (int minute : List.of(reminderMinute - 5, reminderMinute)) {
      clock.set(T0.plus(Duration.ofMinutes(minute)));
      AtomicInteger allowed = new AtomicInteger(6);
      container.run(configuration(mesh), Optional.empty(), () -> allowed.getAndDecrement() > 0);
    }
    assertThat(publisher.notices().get(publisher.notices().size() - 1).type())
        .isEqualTo(NoticeType.REMINDER);
    play(mesh, mx01Down, reminderMinute + 5, reminderMinute + 65);

    assertThat(storedLists(mesh)).isEqualTo(before);
    Notice reminder = publisher.notices().get(publisher.notices().size() - 1);
    assertThat(reminder.type()).isEqualTo(NoticeType.REMINDER);
    assertThat(reminder.at()).isAfter(T0.plus(Duration.ofMinutes(reminderMinute)));
    assertThat(reminder.fault().routes()).isEqualTo(before.values().iterator().next());
  }

  /** The lists of routes the routes' stored incidents carry, by the route that stores one. */
  private Map<String, List<String>> storedLists(List<Route> routes) {
    Map<String, List<String>> lists = new LinkedHashMap<>();
    for (Route route : routes) {
      Incident incident = states.load(route.id()).orElseThrow().state().incident();
      if (incident != null && incident.grouped() && !incident.fault().routes().isEmpty()) {
        lists.put(route.id(), incident.fault().routes());
      }
    }
    return lists;
  }

  @Test
  void aFaultWhoseFirstRouteIsNoLongerConfigured_keepsTheRoutesStillFound() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    play(mesh, downBetween("MX01", 20, 90), 45);
    String first = publisher.notices().get(0).fault().routes().get(0);
    List<Route> without = mesh.stream().filter(route -> !route.id().equals(first)).toList();

    play(without, downBetween("MX01", 20, 90), 50, 120);

    Notice resolved = publisher.notices().get(publisher.notices().size() - 1);
    assertThat(resolved.type()).isEqualTo(NoticeType.RESOLVED);
    assertThat(resolved.fault().routes()).hasSize(5).doesNotContain(first);
  }

  @Test
  void aRouteThatRecoversBeforeTheOthers_staysOpenQuietly_untilTheFaultCloses() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);
    // MX01 -> MX02 stays broken twenty minutes longer than the rest.
    Fate slowToRecover =
        new Fate() {
          @Override
          public Duration latency(Route route, int minute) {
            return route.id().equals("MX01-to-MX02") && minute >= 20 && minute < 70
                ? null
                : mx01Down.latency(route, minute);
          }

          @Override
          public boolean refused(Route route, int minute) {
            return mx01Down.refused(route, minute);
          }
        };

    play(mesh, slowToRecover, 110);

    assertThat(publisher.notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.OPENED, NoticeType.RESOLVED);
    // The others flow again from 10:55; the fault closes only with MX01-to-MX02, at 11:20.
    assertThat(publisher.notices().get(1).at()).isEqualTo(T0.plus(Duration.ofMinutes(80)));
    assertThat(publisher.notices().get(1).routes()).hasSize(6);
  }

  @Test
  void twoServersCannotBeToldApart_soBothRoutesOpenTheirOwnIncidents() {
    List<Route> pair = mesh("MX01", "MX02");

    play(pair, lostBetween(20, 50), 45);

    assertThat(publisher.notices())
        .extracting(Notice::type, Notice::routeId, Notice::aboutFault)
        .containsExactlyInAnyOrder(
            tuple(NoticeType.OPENED, "MX01-to-MX02", false),
            tuple(NoticeType.OPENED, "MX02-to-MX01", false));
  }

  @Test
  void aRouteFailingAlone_opensItsOwnIncident() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03");
    Fate oneRoute =
        (route, minute) ->
            route.id().equals("MX02-to-MX03") && minute >= 20 && minute < 50 ? null : FAST;

    play(mesh, oneRoute, 80);

    assertThat(publisher.notices())
        .extracting(Notice::type, Notice::routeId, Notice::aboutFault)
        .containsExactly(
            tuple(NoticeType.OPENED, "MX02-to-MX03", false),
            tuple(NoticeType.RESOLVED, "MX02-to-MX03", false));
  }

  @Test
  void everyRouteFailingWithNoServerOnAllOfThem_blamesTheInboundPath() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");

    play(mesh, lostBetween(20, 45), 80);

    assertThat(publisher.notices())
        .extracting(Notice::type, n -> n.fault().suspect().kind(), n -> n.routes().size())
        .containsExactly(
            tuple(NoticeType.OPENED, Suspect.Kind.INBOUND, 12),
            tuple(NoticeType.RESOLVED, Suspect.Kind.INBOUND, 12));
    assertThat(publisher.notices().get(0).reason())
        .contains("All 12 routes judged are failing, and no server or relay lies on all of them");
  }

  @Test
  void aRelayStampedOnEveryFailingRoute_isBlamed_notTheInboundPath() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03");
    relayHost = "relay.contoso.se";

    play(mesh, lostBetween(20, 45), 80);

    assertThat(publisher.notices())
        .extracting(Notice::type, n -> n.fault().suspect())
        .containsExactly(
            tuple(NoticeType.OPENED, new Suspect(Suspect.Kind.RELAY, "relay.contoso.se")),
            tuple(NoticeType.RESOLVED, new Suspect(Suspect.Kind.RELAY, "relay.contoso.se")));
  }

  @Test
  void aFaultOpenLongerThanTheReminderInterval_remindsOnce_notOncePerRoute() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");

    play(mesh, downBetween("MX01", 20, 200), 100);

    assertThat(publisher.notices())
        .extracting(Notice::type, Notice::aboutFault)
        .containsExactly(tuple(NoticeType.OPENED, true), tuple(NoticeType.REMINDER, true));
  }

  @Test
  void aServerInMaintenance_isExcusedRouteByRoute_andNothingIsTold() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    windows.add(
        new MaintenanceWindow(
            "patch-mx01",
            MaintenanceScope.server("MX01"),
            T0.plus(Duration.ofMinutes(15)),
            T0.plus(Duration.ofMinutes(60)),
            "patching",
            "ops@example.com"));

    play(mesh, downBetween("MX01", 20, 50), 100);

    assertThat(publisher.notices()).isEmpty();
  }

  @Test
  void twoRunsOpeningTheSameFaultSecondsApart_nameItAlike() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);
    play(mesh, mx01Down, 25);

    clock.set(T0.plus(Duration.ofMinutes(30)));
    EvaluationReport first = round(mesh, mx01Down, 30).run(configuration(mesh));
    clock.set(T0.plus(Duration.ofMinutes(30)).plusSeconds(7));
    EvaluationReport second =
        new EvaluationRound(
                probesAt(mesh, mx01Down, 30),
                new InMemoryRouteStateStore(),
                () -> new WindowLoad(windows, List.of()),
                new RecordingAlertPublisher(),
                new InMemoryNoticeLedger(),
                new RouteEvaluator(),
                clock,
                Duration.ofMinutes(2))
            .run(configuration(mesh));

    assertThat(faultIds(second)).isNotEmpty().isEqualTo(faultIds(first));
    assertThat(faultIds(first)).containsOnly("server-MX01-20260302T102030Z");
  }

  private static List<String> faultIds(EvaluationReport report) {
    List<String> ids = new ArrayList<>();
    for (RouteOutcome outcome : report.routes()) {
      Incident incident = outcome.evaluation().nextState().incident();
      if (incident != null && incident.grouped()) {
        ids.add(incident.fault().id());
      }
    }
    return ids;
  }

  @Test
  void aRunThatDidNotReachEveryRoute_neverClosesAFault() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);
    play(mesh, mx01Down, 55);
    assertThat(publisher.notices()).hasSize(1);

    // Every route has recovered by 13:05, but this run stops after six of the twelve.
    clock.set(T0.plus(Duration.ofMinutes(65)));
    AtomicInteger allowed = new AtomicInteger(6);
    round(mesh, mx01Down, 65)
        .run(configuration(mesh), Optional.empty(), () -> allowed.getAndDecrement() > 0);
    assertThat(publisher.notices()).hasSize(1);

    clock.set(T0.plus(Duration.ofMinutes(70)));
    round(mesh, mx01Down, 70).run(configuration(mesh));
    assertThat(publisher.notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.OPENED, NoticeType.RESOLVED);
  }

  @Test
  void aRouteJoiningAWarningFaultWithACriticalFailure_raisesItsSeverityInOneNotice() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    // From 10:20 mail into MX01 is slow; from 10:40 mail from MX01 is refused as well.
    Fate slowThenDown =
        new Fate() {
          @Override
          public Duration latency(Route route, int minute) {
            if (route.target().equals("MX01") && minute >= 20 && minute < 80) {
              return Duration.ofMinutes(3);
            }
            return FAST;
          }

          @Override
          public boolean refused(Route route, int minute) {
            return route.source().equals("MX01") && minute >= 40 && minute < 80;
          }
        };

    play(mesh, slowThenDown, 60);

    assertThat(publisher.notices())
        .extracting(Notice::type, Notice::severity, Notice::aboutFault)
        .containsExactly(
            tuple(NoticeType.OPENED, Severity.WARNING, true),
            tuple(NoticeType.REMINDER, Severity.CRITICAL, true));
    assertThat(publisher.notices().get(1).reason()).contains("joined");
  }

  @Test
  void aServerDownJudgedInShards_tellsWhatOneInvocationTells() {
    assertShardsTellTheSame(
        5, t -> {}, mesh("MX01", "MX02", "MX03", "MX04"), downBetween("MX01", 20, 50), 90);
  }

  @Test
  void everyRouteFailingJudgedInShards_stillBlamesTheInboundPath() {
    assertShardsTellTheSame(
        4, t -> {}, mesh("MX01", "MX02", "MX03", "MX04"), lostBetween(20, 45), 80);
  }

  @Test
  void aRelayJudgedInShardsOfOneRoute_isStillBlamed() {
    assertShardsTellTheSame(
        1,
        t -> t.relayHost = "relay.contoso.se",
        mesh("MX01", "MX02", "MX03"),
        lostBetween(20, 45),
        80);
  }

  @Test
  void aFaultRemindingAcrossShards_remindsOnce() {
    assertShardsTellTheSame(
        7, t -> {}, mesh("MX01", "MX02", "MX03", "MX04"), downBetween("MX01", 20, 200), 100);
  }

  @Test
  void aWindowAcrossShards_excusesEveryRoute_andItsBulletinsGoOutOnce() {
    assertShardsTellTheSame(
        5,
        t ->
            t.windows.add(
                new MaintenanceWindow(
                    "patch-mx01",
                    MaintenanceScope.server("MX01"),
                    T0.plus(Duration.ofMinutes(15)),
                    T0.plus(Duration.ofMinutes(60)),
                    "patching",
                    "ops@example.com")),
        mesh("MX01", "MX02", "MX03", "MX04"),
        downBetween("MX01", 20, 50),
        100);
  }

  @Test
  void aShardJudgedTwice_changesNothing_andTheRoundEndsOnce() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);
    shardSize = 5;
    play(mesh, mx01Down, 30);
    assertThat(publisher.notices()).extracting(Notice::type).containsExactly(NoticeType.OPENED);

    clock.set(T0.plus(Duration.ofMinutes(35)));
    List<ShardOrder> orders = new ArrayList<>();
    ShardedRound sharded = sharded(round(mesh, mx01Down, 35), orders);
    sharded.open(configuration(mesh), Optional.empty(), clock.instant());
    for (ShardOrder order : orders) {
      sharded.judge(configuration(mesh), order, Deadline.none());
    }
    int ended = board.ends();
    // The queue hands every shard again, as SQS may after a lost acknowledgement.
    for (ShardOrder order : orders) {
      EvaluationReport again = sharded.judge(configuration(mesh), order, Deadline.none());
      assertThat(again.routes()).allMatch(o -> o.published() == 0);
    }

    assertThat(board.ends()).isEqualTo(ended);
    assertThat(publisher.notices()).extracting(Notice::type).containsExactly(NoticeType.OPENED);
  }

  @Test
  void aRoundWithAShardThatCouldNotJudgeARoute_neverClosesAFault() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    Fate mx01Down = downBetween("MX01", 20, 50);
    shardSize = 4;
    play(mesh, mx01Down, 55);
    assertThat(publisher.notices()).hasSize(1);

    // Every route has recovered by 11:05, but one shard runs out of time after one route.
    clock.set(T0.plus(Duration.ofMinutes(65)));
    List<ShardOrder> orders = new ArrayList<>();
    ShardedRound sharded = sharded(round(mesh, mx01Down, 65), orders);
    sharded.open(configuration(mesh), Optional.empty(), clock.instant());
    AtomicInteger allowed = new AtomicInteger(1);
    sharded.judge(configuration(mesh), orders.get(0), () -> allowed.getAndDecrement() > 0);
    for (ShardOrder order : orders.subList(1, orders.size())) {
      sharded.judge(configuration(mesh), order, Deadline.none());
    }
    assertThat(publisher.notices()).hasSize(1);

    clock.set(T0.plus(Duration.ofMinutes(70)));
    playInShards(round(mesh, mx01Down, 70), configuration(mesh));
    assertThat(publisher.notices())
        .extracting(Notice::type)
        .containsExactly(NoticeType.OPENED, NoticeType.RESOLVED);
  }

  @Test
  void aRoundOfNoMoreRoutesThanAShard_isJudgedInOneInvocation() {
    List<Route> mesh = mesh("MX01", "MX02", "MX03", "MX04");
    ShardedRound sharded =
        new ShardedRound(
            round(mesh, FaultGroupingTest::fast, 5),
            board,
            orders -> {},
            12,
            Duration.ofMinutes(2),
            clock);

    assertThat(sharded.needed(configuration(mesh))).isFalse();
    assertThat(sharded.needed(configuration(mesh("MX01", "MX02", "MX03", "MX04", "MX05"))))
        .isTrue();
  }

  private static Duration fast(Route route, int minute) {
    return FAST;
  }

  // --- the mesh and its probes

  private String relayHost;
  private int routesInFlight = 1;

  /** The most routes an invocation judges; 0 to judge every round in one invocation. */
  private int shardSize;

  private final InMemoryRoundBoard board = new InMemoryRoundBoard();

  private static List<Route> mesh(String... servers) {
    List<Route> routes = new ArrayList<>();
    for (String source : servers) {
      for (String target : servers) {
        if (!source.equals(target)) {
          routes.add(Timeline.route(source, target, Policies.STANDARD));
        }
      }
    }
    return routes;
  }

  /** The server is down: probes from it are refused, probes to it are lost. */
  private static Fate downBetween(String server, int from, int to) {
    return new Fate() {
      @Override
      public Duration latency(Route route, int minute) {
        return route.target().equals(server) && minute >= from && minute < to ? null : FAST;
      }

      @Override
      public boolean refused(Route route, int minute) {
        return route.source().equals(server) && minute >= from && minute < to;
      }
    };
  }

  private static Fate lostBetween(int from, int to) {
    return (route, minute) -> minute >= from && minute < to ? null : FAST;
  }

  /** Evaluates every five minutes from 10:05 to {@code untilMinute}. */
  private void play(List<Route> routes, Fate fate, int untilMinute) {
    play(routes, fate, 5, untilMinute);
  }

  /** Evaluates every five minutes from {@code fromMinute} to {@code untilMinute}. */
  private void play(List<Route> routes, Fate fate, int fromMinute, int untilMinute) {
    for (int minute = fromMinute; minute <= untilMinute; minute += 5) {
      clock.set(T0.plus(Duration.ofMinutes(minute)));
      if (shardSize == 0) {
        round(routes, fate, minute).run(configuration(routes));
      } else {
        playInShards(round(routes, fate, minute), configuration(routes));
      }
    }
  }

  /**
   * Opens the round, then judges its shards one invocation each, the last handed out first, each a
   * few seconds after the one before.
   */
  private void playInShards(EvaluationRound round, MonitorConfiguration configuration) {
    List<ShardOrder> orders = new ArrayList<>();
    ShardedRound sharded = sharded(round, orders);
    assertThat(sharded.needed(configuration)).isTrue();
    sharded.open(configuration, Optional.empty(), clock.instant());
    int ends = 0;
    for (int k = orders.size() - 1; k >= 0; k--) {
      clock.set(clock.instant().plusSeconds(3));
      EvaluationReport report = sharded.judge(configuration, orders.get(k), Deadline.none());
      if (report.openIncidents().isPresent()) {
        ends++;
        // The invocation that ends the round counts the open incidents of every route.
        assertThat(report.openIncidents().getAsInt())
            .isEqualTo(
                (int)
                    configuration.routes().stream()
                        .filter(r -> states.load(r.id()).orElseThrow().state().hasOpenIncident())
                        .count());
      }
    }
    assertThat(ends).as("invocations that ended the round").isEqualTo(1);
  }

  /** A round judged in shards of {@code shardSize}, its orders handed to {@code orders}. */
  private ShardedRound sharded(EvaluationRound round, List<ShardOrder> orders) {
    return new ShardedRound(round, board, orders::addAll, shardSize, Duration.ofMinutes(2), clock);
  }

  /**
   * Plays the mesh in one invocation a round and, in a fresh test, in shards of {@code size}
   * routes: both tell the same, word for word, and leave the same states.
   */
  private static void assertShardsTellTheSame(
      int size,
      java.util.function.Consumer<FaultGroupingTest> setUp,
      List<Route> mesh,
      Fate fate,
      int untilMinute) {
    FaultGroupingTest whole = new FaultGroupingTest();
    setUp.accept(whole);
    whole.play(mesh, fate, untilMinute);
    FaultGroupingTest sharded = new FaultGroupingTest();
    setUp.accept(sharded);
    sharded.shardSize = size;

    sharded.play(mesh, fate, untilMinute);

    assertThat(sharded.publisher.notices())
        .extracting(Notice::key, Notice::headline, Notice::reason)
        .isEqualTo(
            whole.publisher.notices().stream()
                .map(n -> tuple(n.key(), n.headline(), n.reason()))
                .toList());
    assertThat(sharded.publisher.bulletins())
        .extracting(Bulletin::key)
        .isEqualTo(whole.publisher.bulletins().stream().map(Bulletin::key).toList());
    for (Route route : mesh) {
      assertThat(sharded.states.load(route.id()).map(s -> s.state().incident()))
          .as(route.id())
          .isEqualTo(whole.states.load(route.id()).map(s -> s.state().incident()));
    }
    assertThat(sharded.board.ends()).isEqualTo(untilMinute / 5);
  }

  private EvaluationRound round(List<Route> routes, Fate fate, int nowMinute) {
    return new EvaluationRound(
        probesAt(routes, fate, nowMinute),
        states,
        () -> new WindowLoad(windows, List.of()),
        publisher,
        ledger,
        new RouteEvaluator(),
        clock,
        Duration.ofMinutes(2),
        Optional.empty(),
        routesInFlight);
  }

  /**
   * The probes as the table knows them at the minute: one a route every five minutes from 10:00.
   */
  private InMemoryProbeStore probesAt(List<Route> routes, Fate fate, int nowMinute) {
    Instant now = T0.plus(Duration.ofMinutes(nowMinute));
    List<Probe> known = new ArrayList<>();
    for (Route route : routes) {
      for (int minute = 0; minute < nowMinute; minute += (int) INTERVAL.toMinutes()) {
        Instant sent = T0.plus(Duration.ofMinutes(minute)).plusSeconds(30);
        String id = route.id() + "-" + minute;
        if (fate.refused(route, minute)) {
          known.add(
              new Probe(route.id(), id, sent, Submission.failed(sent, 421, "unavailable"), null));
          continue;
        }
        Duration latency = fate.latency(route, minute);
        Delivery delivery =
            latency == null || sent.plus(latency).isAfter(now)
                ? null
                : new Delivery(sent.plus(latency), hops(route, sent, latency));
        known.add(
            new Probe(route.id(), id, sent, Submission.accepted(sent, 250, "2.0.0 Ok"), delivery));
      }
    }
    return InMemoryProbeStore.holding(known);
  }

  /** Source, the relay if there is one, target and the inbound service, as Received stamps. */
  private List<Hop> hops(Route route, Instant sent, Duration latency) {
    List<String> hosts = new ArrayList<>();
    hosts.add(route.source().toLowerCase() + ".contoso.se");
    if (relayHost != null) {
      hosts.add(relayHost);
    }
    hosts.add(route.target().toLowerCase() + ".contoso.se");
    hosts.add("inbound-smtp.eu-west-1.amazonaws.com");
    List<Hop> hops = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      hops.add(new Hop("", hosts.get(i), "ESMTP", sent.plus(latency), Duration.ZERO, false, null));
    }
    return hops;
  }

  private static MonitorConfiguration configuration(List<Route> routes) {
    List<Server> servers = new ArrayList<>();
    for (Route route : routes) {
      if (servers.stream().noneMatch(s -> s.id().equals(route.source()))) {
        servers.add(
            Server.smtp(
                route.source(),
                new SmtpEndpoint(
                    route.source().toLowerCase() + ".example.com",
                    587,
                    TransportSecurity.STARTTLS,
                    null)));
      }
    }
    return new MonitorConfiguration(servers, routes);
  }
}
