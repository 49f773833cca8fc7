package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.HopChain;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.ReceivedStamp;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.receiving.ArrivalRecorder;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.SendReport;
import dev.mailflow.domain.sending.SendRound;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.CountingInterceptor;
import dev.mailflow.testsupport.MotoServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The DynamoDB calls a probe costs, counted on the wire: the send round, the receipt of the mail
 * and the evaluation's read, each through the domain service that makes them in the functions.
 * Writes are what a probe table is billed for, and a call added here by accident multiplies by
 * every route and every five minutes.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProbeWriteBudgetIT {

  private static final Instant NOW = Instant.parse("2006-07-28T10:19:01Z");
  private static final Duration RETENTION = Duration.ofDays(14);
  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));

  private final CountingInterceptor calls = new CountingInterceptor();
  private AwsClients clients;
  private DynamoDbProbeStore store;

  @BeforeAll
  void createTable(MotoServer moto) {
    clients = AwsClients.forEnvironment(moto.environment(), List.of(calls));
    String table = ResourceNames.unique("probes");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.probes(table));
    store =
        new DynamoDbProbeStore(
            clients.dynamoDb(), table, RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void resetCounts() {
    calls.reset();
  }

  @Test
  void oneProbe_sentAndReceived_costsExactlyThreeWrites() {
    Route route = route("MX02", "MX01");
    AcceptingSubmitter submitter = new AcceptingSubmitter();
    SendRound sendRound =
        new SendRound(
            store, submitter, () -> SIGNER, Runnable::run, Clock.fixed(NOW, ZoneOffset.UTC));
    ArrivalRecorder recorder =
        new ArrivalRecorder(store, Duration.ofDays(1), Duration.ofMinutes(5));

    SendReport sent =
        sendRound.run(
            new MonitorConfiguration(List.of(server("MX01"), server("MX02")), List.of(route)));
    ArrivalOutcome received = recorder.record(arrival(submitter.tokens.get(0)));

    assertThat(sent.accepted()).isEqualTo(1);
    assertThat(received).isEqualTo(ArrivalOutcome.RECORDED);
    // The send round reads nothing to know the route is due; the writes are the send slot's claim,
    // the submission and the arrival.
    assertThat(calls.counts()).containsExactly(entry("UpdateItem", 3));
  }

  @Test
  void theSameMailReceivedAgain_costsOneConditionalWriteAndChangesNothing() {
    ProbeToken token = new ProbeToken("k1", "MX03-to-MX01", NOW, "again00000000001");
    ArrivalRecorder recorder =
        new ArrivalRecorder(store, Duration.ofDays(1), Duration.ofMinutes(5));
    recorder.record(arrival(token));
    calls.reset();

    ArrivalOutcome again = recorder.record(arrival(token));

    assertThat(again).isEqualTo(ArrivalOutcome.DUPLICATE);
    assertThat(calls.counts()).containsExactly(entry("UpdateItem", 1));
  }

  @Test
  void probesSince_readsALookbackOfProbesWithOneQuery() {
    String route = "MX01-to-MX02";
    for (int i = 0; i < 24; i++) {
      Instant sentAt = NOW.minus(Duration.ofMinutes(5L * i));
      store.recordSubmission(
          new Probe(
              route,
              "lookback" + String.format("%08d", i),
              sentAt,
              Submission.accepted(sentAt, 250, "2.0.0 Ok"),
              null));
      store.recordArrival(
          arrival(new ProbeToken("k1", route, sentAt, "lookback" + String.format("%08d", i))));
    }
    calls.reset();

    List<Probe> probes = store.probesSince(route, NOW.minus(Duration.ofHours(2)));

    assertThat(probes).hasSize(24).allSatisfy(probe -> assertThat(probe.delivery()).isNotNull());
    assertThat(calls.counts()).containsExactly(entry("Query", 1));
  }

  @Test
  void anEvaluationRun_readsEachRoutesProbesWithOneQuery() {
    String states = ResourceNames.unique("states");
    String windows = ResourceNames.unique("windows");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.routeStates(states));
    MailflowTables.create(clients.dynamoDb(), MailflowTables.windows(windows));
    List<Route> routes =
        List.of(route("MX01", "MX02"), route("MX02", "MX03"), route("MX03", "MX01"));
    MonitorConfiguration configuration =
        new MonitorConfiguration(List.of(server("MX01"), server("MX02"), server("MX03")), routes);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    EvaluationRound round =
        new EvaluationRound(
            store,
            new DynamoDbRouteStateStore(clients.dynamoDb(), states),
            new DynamoDbMaintenanceWindowSource(clients.dynamoDb(), windows, clock),
            new dev.mailflow.domain.fakes.RecordingAlertPublisher(),
            new DynamoDbNoticeLedger(clients.dynamoDb(), states),
            new RouteEvaluator(),
            clock,
            Duration.ofMinutes(2));
    round.run(configuration);
    calls.reset();

    round.run(configuration);

    // Per route one state read and one query; one scan of the window table per run; nothing
    // changed since the first run, so nothing is written.
    assertThat(calls.counts())
        .containsExactly(entry("GetItem", 3), entry("Query", 3), entry("Scan", 1));
  }

  private static Arrival arrival(ProbeToken token) {
    Instant sentAt = token.sentAt();
    return Arrival.of(
        token,
        sentAt.plusSeconds(4),
        HopChain.from(
            sentAt,
            List.of(
                new ReceivedStamp(
                    "monitor.contoso.com", "MX02.contoso.local", "ESMTPSA", sentAt.plusSeconds(1)),
                new ReceivedStamp(
                    "MX01.contoso.com",
                    "inbound-smtp.eu-west-1.amazonaws.com",
                    "SMTP",
                    sentAt.plusSeconds(4))),
            sentAt.plusSeconds(4)),
        "<probe." + token.probeId() + "@contoso.com>",
        new AuthenticationVerdicts("pass", "pass", "pass"));
  }

  private static Server server(String id) {
    return Server.smtp(
        id,
        new SmtpEndpoint(id.toLowerCase() + ".contoso.com", 587, TransportSecurity.STARTTLS, null));
  }

  private static Route route(String source, String target) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@contoso.com",
        "probe-" + target.toLowerCase() + "@contoso.com",
        // Slots at 10:14, 10:19, ...: due at NOW.
        RoutePolicy.defaults().withProbePhase(ProbePhase.at(Duration.ofMinutes(4))),
        true);
  }
}
