package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.adapters.alert.Notices;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.Incident;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeOutbox;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.evaluation.RouteStateStore;
import dev.mailflow.domain.evaluation.RouteStateStore.StoredRouteState;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.route.Route;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The route state store and the notice ledger against a real table, created as the template creates
 * it, and the evaluation round's outbox over them: races, failed publishes, claims.
 *
 * <p>The emulator comes from the subclass's extension: {@link DynamoDbRouteStateStoreIT} runs this
 * against moto, {@link DynamoDbRouteStateStoreLocalStackIT} against LocalStack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DynamoDbRouteStateStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);

  private AwsEndpoint endpoint;
  private AwsClients clients;
  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbRouteStateStore store;
  private DynamoDbNoticeLedger ledger;

  @BeforeAll
  void createTable(AwsEndpoint endpoint) {
    this.endpoint = endpoint;
    clients = AwsClients.forEnvironment(endpoint.environment());
    dynamoDb = clients.dynamoDb();
    table = ResourceNames.unique("route-state");
    MailflowTables.create(dynamoDb, MailflowTables.routeStates(table));
    store = new DynamoDbRouteStateStore(dynamoDb, table);
    ledger = new DynamoDbNoticeLedger(dynamoDb, table);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void save_thenLoad_givesBackAStateWithoutIncident() {
    RouteState state = RouteState.initial(uniqueRoute(), T0);

    OptionalLong version = store.save(state, 0, List.of(), null);
    StoredRouteState stored = store.load(state.routeId()).orElseThrow();

    assertThat(version).hasValue(1);
    assertThat(stored.state()).isEqualTo(withVersion(state, 1));
    assertThat(stored.unsent()).isEmpty();
    assertThat(stored.publishingUntil()).isNull();
  }

  @Test
  void save_thenLoad_givesBackTheIncidentTheUnsentNoticesAndTheLease() {
    String route = uniqueRoute();
    Incident incident =
        new Incident(
            route + "-20260302T102600Z",
            T0.plus(Duration.ofMinutes(26)),
            T0.plus(Duration.ofMinutes(86)),
            Severity.CRITICAL,
            "4 of the last 12 probes lost: lost (sent 2026-03-02 10:00:00Z, ...).",
            1,
            true);
    RouteState state =
        new RouteState(
            route,
            RouteCondition.FAILING,
            incident,
            T0,
            T0.plus(Duration.ofMinutes(20)),
            T0.plus(Duration.ofMinutes(5)),
            T0.plus(Duration.ofMinutes(86)),
            0);
    List<Notice> unsent = List.of(Notices.rich(), Notices.withEvidence(3));
    Instant lease = T0.plus(Duration.ofMinutes(88)).plusNanos(5_000);

    store.save(state, 0, unsent, lease);
    StoredRouteState stored = store.load(route).orElseThrow();

    assertThat(stored.state()).isEqualTo(withVersion(state, 1));
    assertThat(stored.unsent()).containsExactlyElementsOf(unsent);
    assertThat(stored.publishingUntil()).isEqualTo(lease);
  }

  @Test
  void save_thenLoad_givesBackAnIncidentThatIsPartOfAFault() {
    String route = uniqueRoute();
    Incident incident =
        new Incident(
                route + "-20260302T102600Z",
                T0.plus(Duration.ofMinutes(26)),
                T0.plus(Duration.ofMinutes(26)),
                Severity.CRITICAL,
                "2 not submitted",
                0,
                false)
            .within(Notices.fault(route, "MX02-to-MX01"));
    RouteState state =
        new RouteState(
            route,
            RouteCondition.FAILING,
            incident,
            T0,
            null,
            null,
            T0.plus(Duration.ofMinutes(26)),
            0);

    store.save(state, 0, List.of(Notices.fault()), null);
    StoredRouteState stored = store.load(route).orElseThrow();

    assertThat(stored.state()).isEqualTo(withVersion(state, 1));
    assertThat(stored.state().incident().fault().routes()).containsExactly(route, "MX02-to-MX01");
    assertThat(stored.unsent()).containsExactly(Notices.fault());
  }

  @Test
  void save_writesTheItemTheTableContractDescribes() {
    String route = uniqueRoute();
    Incident incident =
        Incident.open(route, T0.plus(Duration.ofMinutes(26)), Severity.WARNING, "slow");
    RouteState state =
        new RouteState(
            route, RouteCondition.DEGRADED, incident, T0, null, null, incident.openedAt(), 0);

    store.save(state, 0, List.of(Notices.rich()), incident.openedAt().plus(LEASE));
    Map<String, AttributeValue> item = rawItem(route);

    assertThat(item.keySet())
        .containsExactlyInAnyOrder(
            "routeId",
            "condition",
            "incidentId",
            "openedAt",
            "lastNotifiedAt",
            "severity",
            "reason",
            "reminders",
            "monitoredSince",
            "judgedFrom",
            "evaluatedAt",
            "version",
            "unsent",
            "publishingUntil",
            "writer");
    assertThat(item.get("condition").s()).isEqualTo("DEGRADED");
    assertThat(item.get("openedAt").s()).isEqualTo("2026-03-02T10:26:00Z");
    assertThat(item.get("reminders").n()).isEqualTo("0");
    assertThat(item.get("version").n()).isEqualTo("1");
    assertThat(item.get("publishingUntil").s()).isEqualTo("2026-03-02T10:28:00Z");
    assertThat(item.get("unsent").l())
        .singleElement()
        .satisfies(json -> assertThat(NoticeJson.read(json.s())).isEqualTo(Notices.rich()));
  }

  @Test
  void load_ofAnItemWrittenBeforeJudgedFromExisted_takesItsLossesAsToldUpToItsEvaluation() {
    String route = uniqueRoute();
    Instant evaluatedAt = T0.plus(Duration.ofMinutes(40));
    store.save(condition(route, RouteCondition.HEALTHY, evaluatedAt), 0, List.of(), null);
    dynamoDb.updateItem(
        request ->
            request
                .tableName(table)
                .key(Map.of("routeId", AttributeValue.fromS(route)))
                .updateExpression("REMOVE judgedFrom"));

    RouteState loaded = store.load(route).orElseThrow().state();

    assertThat(loaded.judgedFrom()).isEqualTo(evaluatedAt);
    assertThat(loaded.incident()).isNull();
  }

  @Test
  void save_twiceWithTheSameExpectedVersion_storesOnlyTheFirst() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(), null);
    RouteState first = condition(route, RouteCondition.HEALTHY, T0.plusSeconds(60));
    RouteState second = condition(route, RouteCondition.FAILING, T0.plusSeconds(61));

    OptionalLong won = store.save(first, 1, List.of(), null);
    OptionalLong lost = store.save(second, 1, List.of(Notices.rich()), null);

    assertThat(won).hasValue(2);
    assertThat(lost).isEmpty();
    StoredRouteState stored = store.load(route).orElseThrow();
    assertThat(stored.state()).isEqualTo(withVersion(first, 2));
    assertThat(stored.unsent()).isEmpty();
  }

  @Test
  void save_asNewWhenTheRouteIsStoredAlready_isRefused() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(), null);

    OptionalLong second =
        store.save(RouteState.initial(route, T0.plusSeconds(1)), 0, List.of(), null);

    assertThat(second).isEmpty();
    assertThat(store.load(route).orElseThrow().state().evaluatedAt()).isEqualTo(T0);
  }

  @Test
  void save_expectingAVersionOfARouteNeverStored_isRefused() {
    assertThat(store.save(RouteState.initial(uniqueRoute(), T0), 3, List.of(), null)).isEmpty();
  }

  @Test
  void load_ofARouteNeverStored_isEmpty() {
    assertThat(store.load(uniqueRoute())).isEmpty();
  }

  @Test
  void save_ofUnsentNoticesTooLargeForOneItem_storesThemShortened() {
    String route = uniqueRoute();
    Notice huge = Notices.withEvidence(1500);
    List<Notice> unsent = List.of(Notices.rich(), huge);

    store.save(RouteState.initial(route, T0), 0, unsent, null);
    List<Notice> stored = store.load(route).orElseThrow().unsent();

    assertThat(stored).extracting(Notice::key).containsExactly(unsent.get(0).key(), huge.key());
    assertThat(stored.get(0)).isEqualTo(unsent.get(0));
    assertThat(stored.get(1).evidence())
        .isNotEmpty()
        .hasSizeLessThan(1500)
        .endsWith(huge.evidence().get(1499));
  }

  @Test
  void load_ofAnItemWithABadInstant_throwsANonTransientStoreExceptionNamingRouteAndAttribute() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(), null);
    putAttribute(route, "monitoredSince", AttributeValue.fromS("yesterday"));

    assertThatThrownBy(() -> store.load(route))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=" + route)
        .hasMessageContaining("'monitoredSince'")
        .hasMessageContaining("yesterday");
  }

  @Test
  void load_ofAnItemWithAnUnreadableNotice_throwsANonTransientStoreException() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(Notices.rich()), null);
    putAttribute(
        route, "unsent", AttributeValue.fromL(List.of(AttributeValue.fromS("{\"schema\":1}"))));

    assertThatThrownBy(() -> store.load(route))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=" + route)
        .hasMessageContaining("unsent[0]");
  }

  @Test
  void load_ofAnItemWithoutVersion_throwsANonTransientStoreException() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(), null);
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(Map.of("routeId", AttributeValue.fromS(route)))
                .updateExpression("REMOVE version"));

    assertThatThrownBy(() -> store.load(route))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'version' is missing");
  }

  @Test
  void load_fromATableThatDoesNotExist_throwsANonTransientStoreException() {
    DynamoDbRouteStateStore missing =
        new DynamoDbRouteStateStore(dynamoDb, ResourceNames.unique("no-such-table"));

    assertThatThrownBy(() -> missing.load("MX02-to-MX01"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=MX02-to-MX01");
  }

  @Test
  void load_whenDynamoDbCannotBeReached_throwsATransientStoreException() {
    Map<String, String> unreachable = new HashMap<>(endpoint.environment());
    // Port 1 on the loopback: nothing listens, the connection is refused at once.
    unreachable.put("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
    try (AwsClients offline = AwsClients.forEnvironment(unreachable)) {
      DynamoDbRouteStateStore cut = new DynamoDbRouteStateStore(offline.dynamoDb(), table);

      assertThatThrownBy(() -> cut.load("MX02-to-MX01"))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    }
  }

  @Test
  void ledger_claimsOnce_andAgainAfterARelease() {
    String fingerprint = ResourceNames.unique("fingerprint");

    boolean first = ledger.claim(fingerprint, T0);
    boolean second = ledger.claim(fingerprint, T0.plusSeconds(60));
    ledger.release(fingerprint);
    boolean afterRelease = ledger.claim(fingerprint, T0.plusSeconds(120));

    assertThat(first).isTrue();
    assertThat(second).isFalse();
    assertThat(afterRelease).isTrue();
  }

  @Test
  void ledger_claim_lapsesAfterItsLease_unlessConfirmed() {
    String fingerprint = ResourceNames.unique("fingerprint");

    ledger.claim(fingerprint, T0);
    Map<String, AttributeValue> item = rawItem("ledger#" + fingerprint);

    assertThat(item.get("expiresAt").n())
        .isEqualTo(Long.toString(T0.plus(DynamoDbNoticeLedger.CLAIM_LEASE).getEpochSecond()));
    assertThat(item.get("claimedAt").s()).isEqualTo("2026-03-02T10:00:00Z");
    // A run that died before publishing: the next run past the lease claims it again.
    assertThat(ledger.claim(fingerprint, T0.plus(DynamoDbNoticeLedger.CLAIM_LEASE).minusSeconds(1)))
        .isFalse();
    assertThat(ledger.claim(fingerprint, T0.plus(DynamoDbNoticeLedger.CLAIM_LEASE))).isTrue();
  }

  @Test
  void ledger_confirmedClaim_holdsForThirtyDays_throughTheTablesTimeToLive() {
    String fingerprint = ResourceNames.unique("fingerprint");

    ledger.claim(fingerprint, T0);
    assertThat(ledger.confirmed(fingerprint, T0)).isFalse();
    ledger.confirm(fingerprint, T0);

    assertThat(ledger.confirmed(fingerprint, T0.plusSeconds(60))).isTrue();
    assertThat(ledger.confirmed(fingerprint, T0.plus(Duration.ofDays(30)))).isFalse();
    assertThat(ledger.confirmed(ResourceNames.unique("never-claimed"), T0)).isFalse();

    assertThat(rawItem("ledger#" + fingerprint).get("expiresAt").n())
        .isEqualTo(Long.toString(T0.plus(Duration.ofDays(30)).getEpochSecond()));
    // DynamoDB deletes expired items only eventually (moto never does): past expiry, it is gone.
    assertThat(ledger.claim(fingerprint, T0.plus(Duration.ofDays(30)).minusSeconds(1))).isFalse();
    assertThat(ledger.claim(fingerprint, T0.plus(Duration.ofDays(30)))).isTrue();
  }

  @Test
  void ledger_claimsNeverMeetRouteStates() {
    String route = uniqueRoute();
    store.save(RouteState.initial(route, T0), 0, List.of(), null);

    assertThat(ledger.claim(route, T0)).isTrue();
    assertThat(store.load(route).orElseThrow().state().version()).isEqualTo(1);
  }

  @Test
  void evaluationRound_whenTwoRunsRace_publishesExactlyOneNotice() {
    FailingRoute unanswered = FailingRoute.since(T0);
    Route route = unanswered.route();
    RecordingAlertPublisher publisher = new RecordingAlertPublisher();
    HookedRouteStateStore states = new HookedRouteStateStore(store);
    Instant now = T0.plus(Duration.ofMinutes(26));
    EvaluationRound first = round(unanswered, states, publisher, now);
    EvaluationRound second = round(unanswered, states, publisher, now);
    MonitorConfiguration configuration = unanswered.configuration();
    // The second run starts and finishes while the first is about to store its result.
    List<EvaluationReport> secondReports = new ArrayList<>();
    states.beforeNextSave(() -> secondReports.add(second.run(configuration)));

    EvaluationReport firstReport = first.run(configuration);

    assertThat(publisher.notices())
        .singleElement()
        .satisfies(
            notice -> {
              assertThat(notice.type()).isEqualTo(NoticeType.OPENED);
              assertThat(notice.severity()).isEqualTo(Severity.CRITICAL);
            });
    assertThat(firstReport.routes())
        .singleElement()
        .satisfies(o -> assertThat(o.raceLost()).isTrue());
    assertThat(secondReports.get(0).routes())
        .singleElement()
        .satisfies(o -> assertThat(o.published()).isEqualTo(1));
    StoredRouteState stored = store.load(route.id()).orElseThrow();
    assertThat(stored.state().incident().id()).isEqualTo(publisher.notices().get(0).incidentId());
    assertThat(stored.unsent()).isEmpty();
  }

  @Test
  void evaluationRound_whenPublishingFails_sendsTheStoredNoticeOnceNextRun_withTheSameIncidentId() {
    FailingRoute unanswered = FailingRoute.since(T0);
    Route route = unanswered.route();
    RecordingAlertPublisher publisher = new RecordingAlertPublisher();
    MonitorConfiguration configuration = unanswered.configuration();
    Instant decided = T0.plus(Duration.ofMinutes(26));
    publisher.failNext(NoticeOutbox.PUBLISH_ATTEMPTS);

    EvaluationReport failing = round(unanswered, store, publisher, decided).run(configuration);
    StoredRouteState waiting = store.load(route.id()).orElseThrow();
    round(unanswered, store, publisher, decided.plus(Duration.ofMinutes(5))).run(configuration);
    round(unanswered, store, publisher, decided.plus(Duration.ofMinutes(10))).run(configuration);

    assertThat(failing.pendingNotices()).isEqualTo(1);
    assertThat(waiting.unsent()).singleElement();
    assertThat(waiting.publishingUntil()).isNull();
    assertThat(publisher.notices())
        .singleElement()
        .satisfies(
            notice -> {
              // What waited in the table is published exactly as it was decided.
              assertThat(notice).isEqualTo(waiting.unsent().get(0));
              assertThat(notice.incidentId()).isEqualTo(waiting.state().incident().id());
              assertThat(notice.at()).isEqualTo(decided);
            });
    assertThat(store.load(route.id()).orElseThrow().unsent()).isEmpty();
  }

  private EvaluationRound round(
      FailingRoute route, RouteStateStore states, RecordingAlertPublisher publisher, Instant now) {
    return route.evaluationAt(now, states, publisher, ledger, LEASE);
  }

  private static String uniqueRoute() {
    return ResourceNames.unique("route");
  }

  private static RouteState condition(String route, RouteCondition condition, Instant at) {
    return new RouteState(route, condition, null, T0, null, null, at, 1);
  }

  private static RouteState withVersion(RouteState state, long version) {
    return new RouteState(
        state.routeId(),
        state.condition(),
        state.incident(),
        state.monitoredSince(),
        state.flushesReportedUntil(),
        state.judgedFrom(),
        state.evaluatedAt(),
        version);
  }

  private Map<String, AttributeValue> rawItem(String key) {
    return dynamoDb
        .getItem(
            r ->
                r.tableName(table)
                    .key(Map.of("routeId", AttributeValue.fromS(key)))
                    .consistentRead(true))
        .item();
  }

  private void putAttribute(String route, String name, AttributeValue value) {
    Map<String, AttributeValue> item = new HashMap<>(rawItem(route));
    item.put(name, value);
    dynamoDb.putItem(r -> r.tableName(table).item(item));
  }
}
