package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteState;
import dev.mailflow.domain.fakes.RecordingAlertPublisher;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.sending.SendReport;
import dev.mailflow.domain.sending.SendRound;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.FailAfterExecution;
import dev.mailflow.testsupport.MotoServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every conditional write under the failure the SDK retries by itself: DynamoDB did the write, its
 * answer is lost (a 500), and the SDK's retry then fails its own condition. Each write must read
 * that as its own success, not as another writer's win: a first arrival is not a duplicate, a
 * stored state is not a lost race, a claimed notice is not someone else's.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AmbiguousWriteIT {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(14);
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))));

  private final FailAfterExecution faults = new FailAfterExecution();
  private AwsClients clients;
  private DynamoDbProbeStore probes;
  private DynamoDbRouteStateStore states;
  private DynamoDbNoticeLedger ledger;

  @BeforeAll
  void createTables(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment(), List.of(faults));
    String probeTable = ResourceNames.unique("probes");
    String stateTable = ResourceNames.unique("route-state");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.probes(probeTable));
    MailflowTables.create(clients.dynamoDb(), MailflowTables.routeStates(stateTable));
    probes =
        new DynamoDbProbeStore(
            clients.dynamoDb(), probeTable, RETENTION, Clock.fixed(T0, ZoneOffset.UTC));
    states = new DynamoDbRouteStateStore(clients.dynamoDb(), stateTable);
    ledger = new DynamoDbNoticeLedger(clients.dynamoDb(), stateTable);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void recordArrival_whenTheAnswerToItsWriteIsLost_isRecordedNotADuplicate() {
    String route = ResourceNames.unique("route");
    Arrival arrival = arrival(route, "lostanswer000001", Duration.ofSeconds(40));
    int failedBefore = faults.failedAttempts();
    faults.failNextAttempts("UpdateItem", 1);

    ArrivalOutcome outcome = probes.recordArrival(arrival);

    assertThat(faults.failedAttempts()).as("answers lost").isEqualTo(failedBefore + 1);
    assertThat(outcome).isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(probes.probesSince(route, T0))
        .singleElement()
        .extracting(Probe::delivery)
        .isEqualTo(arrival.toDelivery());
    assertThat(probes.recordArrival(arrival))
        .as("the same arrival again, in a call of its own")
        .isEqualTo(ArrivalOutcome.DUPLICATE);
  }

  @Test
  void recordArrival_ofAnEarlierCopy_whenTheAnswerToItsWriteIsLost_replacesTheLaterOne() {
    String route = ResourceNames.unique("route");
    Arrival later = arrival(route, "reordered0000001", Duration.ofSeconds(90));
    Arrival earlier = arrival(route, "reordered0000001", Duration.ofSeconds(40));
    probes.recordArrival(later);
    faults.failNextAttempts("UpdateItem", 1);

    ArrivalOutcome outcome = probes.recordArrival(earlier);

    assertThat(outcome).isNotEqualTo(ArrivalOutcome.DUPLICATE);
    assertThat(probes.probesSince(route, T0))
        .singleElement()
        .extracting(Probe::delivery)
        .isEqualTo(earlier.toDelivery());
  }

  @Test
  void save_whenTheAnswerToItsWriteIsLost_isStoredNotALostRace() {
    String route = ResourceNames.unique("route");
    states.save(RouteState.initial(route, T0), 0, List.of(), null);
    faults.failNextAttempts("PutItem", 1);

    var first = states.save(RouteState.initial(route, T0.plusSeconds(60)), 1, List.of(), null);

    assertThat(first).hasValue(2);
    assertThat(states.save(RouteState.initial(route, T0.plusSeconds(120)), 1, List.of(), null))
        .as("another run saving over the same version")
        .isEmpty();
  }

  @Test
  void save_ofANewRoute_whenTheAnswerToItsWriteIsLost_isStored() {
    String route = ResourceNames.unique("route");
    faults.failNextAttempts("PutItem", 1);

    assertThat(states.save(RouteState.initial(route, T0), 0, List.of(), null)).hasValue(1);
    assertThat(states.load(route).orElseThrow().state().version()).isEqualTo(1);
  }

  @Test
  void ledgerClaim_whenTheAnswerToItsWriteIsLost_isHeld() {
    String fingerprint = ResourceNames.unique("fingerprint");
    faults.failNextAttempts("PutItem", 1);

    assertThat(ledger.claim(fingerprint, T0)).isTrue();
    assertThat(ledger.claim(fingerprint, T0.plusSeconds(1)))
        .as("another run's claim while it is held")
        .isFalse();
  }

  @Test
  void evaluationRound_whenTheAnswerToTheStoredStateIsLost_publishesTheNoticeAtOnce() {
    FailingRoute failing = FailingRoute.since(T0);
    RecordingAlertPublisher publisher = new RecordingAlertPublisher();
    EvaluationRound round =
        failing.evaluationAt(T0.plus(Duration.ofMinutes(26)), states, publisher, ledger, LEASE);
    faults.failNextAttempts("PutItem", 1);

    EvaluationReport report = round.run(failing.configuration());

    assertThat(report.routes()).singleElement().satisfies(o -> assertThat(o.raceLost()).isFalse());
    assertThat(publisher.notices())
        .singleElement()
        .satisfies(notice -> assertThat(notice.type()).isEqualTo(NoticeType.OPENED));
    assertThat(states.load(failing.route().id()).orElseThrow().unsent()).isEmpty();
  }

  @Test
  void claimSendSlot_whenTheAnswerToItsWriteIsLost_isHeld() {
    String route = ResourceNames.unique("route");
    faults.failNextAttempts("UpdateItem", 1);

    assertThat(probes.claimSendSlot(route, T0, T0.plusSeconds(270))).isTrue();
    assertThat(probes.claimSendSlot(route, T0.plusSeconds(1), T0.plusSeconds(271)))
        .as("a doubled run's claim")
        .isFalse();
  }

  @Test
  void sendRound_whenTheAnswerToItsClaimIsLost_sendsOneProbeAndRecordsIt_andADoubledRunNone() {
    // A route of its own; its unanswered probes are not in the probe table, so it is due.
    FailingRoute probed = FailingRoute.since(T0);
    Route route = probed.route();
    AcceptingSubmitter submitter = new AcceptingSubmitter();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    MonitorConfiguration configuration = probed.configuration();
    // The first write of the round is the send slot's claim: its answer is lost.
    faults.failNextAttempts("UpdateItem", 1);
    SendReport first =
        new SendRound(probes, submitter, () -> SIGNER, Runnable::run, clock).run(configuration);
    SendReport doubled =
        new SendRound(probes, submitter, () -> SIGNER, Runnable::run, clock).run(configuration);

    assertThat(first.accepted()).isEqualTo(1);
    assertThat(first.unrecorded()).isZero();
    assertThat(doubled.accepted()).isZero();
    assertThat(submitter.tokens).hasSize(1);
    assertThat(probes.probesSince(route.id(), T0)).hasSize(1);
  }

  private static Arrival arrival(String route, String probeId, Duration after) {
    return Arrival.of(
        new ProbeToken("k1", route, T0, probeId),
        T0.plus(after),
        List.of(),
        "<" + probeId + "@contoso.com>",
        AuthenticationVerdicts.unknown());
  }
}
