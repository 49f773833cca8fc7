package dev.mailflow.domain.sending;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.probe.TokenVerification;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendRoundTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final Server mx01 = server("MX01");
  private final Server mx02 = server("MX02");
  private final Route a = route("MX01", "MX02", true);
  private final Route b = route("MX01", "MX03", true);
  private final Route c = route("MX02", "MX01", true);
  private final Route disabled = route("MX02", "MX03", false);
  private final MonitorConfiguration configuration =
      new MonitorConfiguration(List.of(mx01, mx02, server("MX03")), List.of(a, b, c, disabled));

  private final InMemoryProbeStore store = new InMemoryProbeStore();
  private final MutableClock clock = new MutableClock(T0);
  private final ProbeTokenSigner signer =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8))));
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final FakeSubmitter submitter = new FakeSubmitter();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private SendRound round() {
    return new SendRound(store, submitter, () -> signer, executor, clock);
  }

  @Test
  void run_submitsEachDueRouteOncePerServerAndRecordsEachWithOneWrite() {
    SendReport report = round().run(configuration);

    assertThat(submitter.calls).containsOnlyKeys("MX01", "MX02");
    assertThat(submitter.calls.get("MX01")).containsExactly(a.id(), b.id());
    assertThat(submitter.calls.get("MX02")).containsExactly(c.id());
    assertThat(report.accepted()).isEqualTo(3);
    assertThat(store.writes()).isEqualTo(3);
    assertThat(store.all())
        .allSatisfy(
            p -> assertThat(p.stateAt(T0, Duration.ofMinutes(15))).isEqualTo(ProbeState.SENT));
  }

  @Test
  void run_neverSendsOnADisabledRoute() {
    round().run(configuration);

    assertThat(store.all()).extracting(Probe::routeId).doesNotContain(disabled.id());
  }

  @Test
  void run_signsTokensThatVerifyWithTheRouteAndSendInstant() {
    round().run(configuration);

    assertThat(submitter.outgoing)
        .hasSize(3)
        .allSatisfy(
            probe -> {
              TokenVerification verification = signer.verify(probe.tokenText());
              assertThat(verification).isInstanceOf(TokenVerification.Valid.class);
              var token = ((TokenVerification.Valid) verification).token();
              assertThat(token).isEqualTo(probe.token());
              assertThat(token.routeId()).isEqualTo(probe.route().id());
              assertThat(token.sentAt()).isEqualTo(T0);
            });
  }

  @Test
  void run_againWithinTheInterval_sendsNothing_andAfterItSendsAgain() {
    round().run(configuration);
    clock.advance(Duration.ofMinutes(2));
    SendReport early = round().run(configuration);
    clock.advance(Duration.ofMinutes(3).minusSeconds(20)); // a scheduler firing early
    SendReport due = round().run(configuration);

    assertThat(early.accepted()).isZero();
    assertThat(early.results()).filteredOn(r -> !r.attempted()).hasSize(3);
    assertThat(due.accepted()).isEqualTo(3);
  }

  @Test
  void run_recordsARefusalAsSendFailedWithTheReply() {
    submitter.refuse = Submission.failed(T0, 535, "5.7.8 Authentication credentials invalid");

    SendReport report = round().run(configuration);

    assertThat(report.sendFailures()).isEqualTo(3);
    assertThat(store.all())
        .allSatisfy(
            p -> {
              assertThat(p.stateAt(T0, Duration.ofMinutes(15))).isEqualTo(ProbeState.SEND_FAILED);
              assertThat(p.submission().replyCode()).isEqualTo(535);
            });
  }

  @Test
  void run_whenTheRecordCannotBeWritten_reportsItAndDoesNotResend() {
    InMemoryProbeStore failing =
        new InMemoryProbeStore() {
          @Override
          public void recordSubmission(Probe probe) {
            throw new StoreException("ProvisionedThroughputExceeded", true, null);
          }
        };
    SendRound round = new SendRound(failing, submitter, () -> signer, executor, clock);

    SendReport report = round.run(configuration);

    assertThat(report.unrecorded()).isEqualTo(3);
    assertThat(submitter.outgoing).hasSize(3);
  }

  @Test
  void run_whenTheLastProbeCannotBeRead_skipsTheRouteRatherThanRisk_aDoubleProbe() {
    store.failWith(new StoreException("unreachable", true, null));

    SendReport report = round().run(configuration);

    assertThat(submitter.outgoing).isEmpty();
    assertThat(report.results()).allSatisfy(r -> assertThat(r.note()).contains("unreachable"));
  }

  private static final class FakeSubmitter implements ProbeSubmitter {
    final Map<String, List<String>> calls = new ConcurrentHashMap<>();
    final List<OutgoingProbe> outgoing = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Submission refuse;

    @Override
    public List<Submission> submit(Server server, List<OutgoingProbe> probes) {
      List<Submission> answers = new ArrayList<>();
      List<String> routes = new ArrayList<>();
      for (OutgoingProbe probe : probes) {
        outgoing.add(probe);
        routes.add(probe.route().id());
        answers.add(
            refuse != null
                ? refuse
                : Submission.accepted(probe.token().sentAt(), 250, "2.0.0 Ok: queued as Q1"));
      }
      calls.put(server.id(), routes);
      return answers;
    }
  }

  private static Server server(String id) {
    return Server.smtp(
        id,
        new SmtpEndpoint(id.toLowerCase() + ".example.com", 587, TransportSecurity.STARTTLS, null));
  }

  private static Route route(String source, String target, boolean enabled) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@example.com",
        "probe@" + target.toLowerCase() + ".example.com",
        RoutePolicy.defaults(),
        enabled);
  }

  @Test
  void run_whenASubmitterThrows_recordsItsProbesAsNotSubmitted() {
    ProbeSubmitter throwing =
        (server, probes) -> {
          throw new IllegalStateException("session could not be built");
        };

    SendReport report =
        new SendRound(store, throwing, () -> signer, executor, clock).run(configuration);

    assertThat(report.sendFailures()).isEqualTo(3);
    assertThat(store.all())
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.submission().reply()).contains("session could not be built"));
  }
}
