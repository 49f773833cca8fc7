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
import dev.mailflow.domain.route.ProbePhase;
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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  void run_beforeTheNextSlot_sendsNothing_andAtItSendsAgain() {
    round().run(configuration);
    clock.advance(Duration.ofMinutes(2));
    SendReport early = round().run(configuration);
    clock.advance(Duration.ofMinutes(3));
    SendReport due = round().run(configuration);

    assertThat(early.accepted()).isZero();
    assertThat(early.results())
        .filteredOn(r -> !r.attempted())
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.note()).isEqualTo("next probe due at 2026-03-02T10:05:00Z"));
    assertThat(due.accepted()).isEqualTo(3);
  }

  @Test
  void run_decidesWhatIsDueWithoutReadingTheStore() {
    InMemoryProbeStore unreadable =
        new InMemoryProbeStore() {
          @Override
          public Optional<Instant> lastSentAt(String routeId) {
            throw new AssertionError("the send round read the store for " + routeId);
          }
        };

    SendReport report =
        new SendRound(unreadable, submitter, () -> signer, executor, clock).run(configuration);

    assertThat(report.accepted()).isEqualTo(3);
  }

  @Test
  void run_retriedForTheSameScheduledTime_sendsNothingMore() {
    Instant scheduled = T0;
    round().run(configuration, scheduled);
    clock.advance(Duration.ofSeconds(40));

    SendReport retried = round().run(configuration, scheduled);

    assertThat(retried.accepted()).isZero();
    assertThat(submitter.outgoing).hasSize(3);
  }

  @Test
  void run_ofARouteProbedMoreOftenThanTheScheduleRuns_sendsOncePerRun_andADoubledRunNothing() {
    Route often =
        new Route(
            Route.idFor("MX01", "MX02"),
            "MX01",
            "MX02",
            "mailflow@example.com",
            "probe@mx02.example.com",
            RoutePolicy.defaults()
                .withProbeInterval(Duration.ofSeconds(10))
                .withLatencies(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(8)),
            true);
    MonitorConfiguration tenSeconds =
        new MonitorConfiguration(List.of(mx01, server("MX02")), List.of(often));
    clock.set(T0.plusSeconds(9));

    SendReport first = round().run(tenSeconds);
    SendReport doubled = round().run(tenSeconds, T0.plusSeconds(9));
    clock.advance(Duration.ofMinutes(1));
    SendReport next = round().run(tenSeconds);

    assertThat(List.of(first.accepted(), doubled.accepted(), next.accepted()))
        .containsExactly(1L, 0L, 1L);
  }

  @Test
  void run_ofASpreadSchedule_sendsEachRouteOncePerInterval_aFewInEachRun() {
    List<Server> servers = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      servers.add(server("S" + i));
    }
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 10; j++) {
        if (i != j) {
          routes.add(
              new Route(
                  Route.idFor("S" + i, "S" + j),
                  "S" + i,
                  "S" + j,
                  "mailflow@example.com",
                  "probe@s" + j + ".example.com",
                  RoutePolicy.defaults(),
                  true));
        }
      }
    }
    MonitorConfiguration mesh = new MonitorConfiguration(servers, routes);
    SendRound round =
        new SendRound(store, submitter, () -> signer, executor, clock, Duration.ofMinutes(1), 8);

    List<Long> sentPerRun = new ArrayList<>();
    for (int run = 0; run < 5; run++) {
      sentPerRun.add(round.run(mesh).accepted());
      clock.advance(Duration.ofMinutes(1));
    }

    assertThat(submitter.outgoing)
        .extracting(probe -> probe.route().id())
        .hasSize(90)
        .doesNotHaveDuplicates();
    assertThat(sentPerRun).allSatisfy(sent -> assertThat(sent).isBetween(8L, 30L));
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
  void run_whenTheRecordCannotBeWritten_triesTwiceThenReportsItAndDoesNotResend() {
    AtomicInteger attempts = new AtomicInteger();
    InMemoryProbeStore failing =
        new InMemoryProbeStore() {
          @Override
          public void recordSubmission(Probe probe) {
            attempts.incrementAndGet();
            throw new StoreException("ProvisionedThroughputExceeded", true, null);
          }
        };
    SendRound round = new SendRound(failing, submitter, () -> signer, executor, clock);

    SendReport report = round.run(configuration);

    assertThat(report.unrecorded()).isEqualTo(3);
    assertThat(attempts).hasValue(3 * SendRound.RECORD_ATTEMPTS);
    assertThat(submitter.outgoing).hasSize(3);
  }

  @Test
  void run_twiceAtOnce_sendsEachDueRouteOnce() throws Exception {
    // Both runs read the last probe before either claims: as a scheduler firing twice does.
    CyclicBarrier bothChecked = new CyclicBarrier(2);
    InMemoryProbeStore racing =
        new InMemoryProbeStore() {
          @Override
          public Optional<Instant> lastSentAt(String routeId) {
            Optional<Instant> last = super.lastSentAt(routeId);
            if (routeId.equals(a.id())) {
              await(bothChecked);
            }
            return last;
          }
        };
    ExecutorService runs = Executors.newFixedThreadPool(2);
    try {
      Future<SendReport> first =
          runs.submit(
              () -> new SendRound(racing, submitter, () -> signer, executor, clock).run(single(a)));
      Future<SendReport> second =
          runs.submit(
              () -> new SendRound(racing, submitter, () -> signer, executor, clock).run(single(a)));

      assertThat(first.get(10, TimeUnit.SECONDS).accepted() + second.get().accepted()).isEqualTo(1);
    } finally {
      runs.shutdownNow();
    }
    assertThat(submitter.outgoing).hasSize(1);
    assertThat(racing.all()).hasSize(1);
  }

  @Test
  void run_whenAnotherRunHoldsTheSendSlot_sendsNothingOnThatRoute() {
    store.claimSendSlot(a.id(), T0, T0.plusSeconds(60));

    SendReport report = round().run(configuration);

    assertThat(submitter.outgoing).extracting(p -> p.route().id()).containsOnly(b.id(), c.id());
    assertThat(report.results())
        .filteredOn(r -> r.routeId().equals(a.id()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attempted()).isFalse();
              assertThat(r.note()).contains("another run holds the send slot");
            });
  }

  @Test
  void run_holdsTheSendSlotUntilTheNextProbeIsDue() {
    round().run(configuration);

    assertThat(store.claimSendSlot(a.id(), T0.plus(Duration.ofMinutes(4)), T0.plusSeconds(600)))
        .as("a doubled run within the interval")
        .isFalse();
    assertThat(
            store.claimSendSlot(
                a.id(), T0.plus(Duration.ofMinutes(4)).plusSeconds(30), T0.plusSeconds(600)))
        .as("the next run, when the route is due again")
        .isTrue();
  }

  @Test
  void run_whenTheSendSlotCannotBeClaimed_sendsNothingRatherThanRiskADoubleProbe() {
    InMemoryProbeStore failingClaims =
        new InMemoryProbeStore() {
          @Override
          public boolean claimSendSlot(String routeId, Instant now, Instant until) {
            throw new StoreException("ProvisionedThroughputExceeded", true, null);
          }
        };

    SendReport report =
        new SendRound(failingClaims, submitter, () -> signer, executor, clock).run(configuration);

    assertThat(submitter.outgoing).isEmpty();
    assertThat(report.results())
        .allSatisfy(r -> assertThat(r.note()).contains("ProvisionedThroughputExceeded"));
  }

  @Test
  void run_whenTheRecordFailsOnce_writesItAgainAndTheProbeIsRecorded() {
    AtomicInteger failuresLeft = new AtomicInteger(1);
    InMemoryProbeStore failingOnce =
        new InMemoryProbeStore() {
          @Override
          public void recordSubmission(Probe probe) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new StoreException("InternalServerError", true, null);
            }
            super.recordSubmission(probe);
          }
        };

    SendReport report =
        new SendRound(failingOnce, submitter, () -> signer, executor, clock).run(single(a));

    assertThat(report.unrecorded()).isZero();
    assertThat(failingOnce.submissions()).hasSize(1);
    assertThat(submitter.outgoing).hasSize(1);
  }

  @Test
  void run_whenTheRecordIsRefused_doesNotWriteItAgain() {
    AtomicInteger attempts = new AtomicInteger();
    InMemoryProbeStore refusing =
        new InMemoryProbeStore() {
          @Override
          public void recordSubmission(Probe probe) {
            attempts.incrementAndGet();
            throw new StoreException("AccessDenied", false, null);
          }
        };

    SendReport report =
        new SendRound(refusing, submitter, () -> signer, executor, clock).run(single(a));

    assertThat(report.unrecorded()).isEqualTo(1);
    assertThat(attempts).hasValue(1);
  }

  private MonitorConfiguration single(Route route) {
    return new MonitorConfiguration(List.of(mx01, mx02, server("MX03")), List.of(route));
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the other run never checked its route", e);
    }
  }

  @Test
  void run_whenTheStoreCannotBeReached_skipsTheRouteRatherThanRisk_aDoubleProbe() {
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
        RoutePolicy.defaults().withProbePhase(ProbePhase.at(Duration.ZERO)),
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
