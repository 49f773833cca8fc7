package dev.mailflow.domain.receiving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ArrivalRecorderTest {
  private static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");

  private final InMemoryProbeStore store = new InMemoryProbeStore();
  private final ArrivalRecorder recorder =
      new ArrivalRecorder(store, Duration.ofDays(2), Duration.ofMinutes(5));

  @Test
  void record_aFreshArrival_recordsItOnce() {
    assertThat(recorder.record(arrival(Duration.ofSeconds(7)))).isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(recorder.record(arrival(Duration.ofSeconds(9)))).isEqualTo(ArrivalOutcome.DUPLICATE);

    assertThat(store.all())
        .singleElement()
        .satisfies(
            probe -> {
              assertThat(probe.latency()).contains(Duration.ofSeconds(7));
              assertThat(probe.stateAt(SENT.plusSeconds(60), Duration.ofMinutes(15)))
                  .isEqualTo(ProbeState.DELIVERED);
            });
  }

  @Test
  void record_anEarlierCopyProcessedAfterALaterOne_replacesTheLaterArrival() {
    assertThat(recorder.record(arrival(Duration.ofSeconds(9)))).isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(recorder.record(arrival(Duration.ofSeconds(7))))
        .isEqualTo(ArrivalOutcome.EARLIER_COPY);
    assertThat(recorder.record(arrival(Duration.ofSeconds(8)))).isEqualTo(ArrivalOutcome.DUPLICATE);

    assertThat(store.all())
        .singleElement()
        .satisfies(probe -> assertThat(probe.latency()).contains(Duration.ofSeconds(7)));
    assertThat(store.arrivals())
        .singleElement()
        .satisfies(arrival -> assertThat(arrival.endToEnd()).isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void record_twoCopiesRacing_keepTheEarliestArrivalAndCountTheProbeOnce() throws Exception {
    ExecutorService copies = Executors.newFixedThreadPool(2);
    try {
      for (int pair = 0; pair < 100; pair++) {
        InMemoryProbeStore racedStore = new InMemoryProbeStore();
        ArrivalRecorder racedRecorder =
            new ArrivalRecorder(racedStore, Duration.ofDays(2), Duration.ofMinutes(5));
        CyclicBarrier start = new CyclicBarrier(2);
        // The later copy is handed over first, as a retried or reordered event may be.
        Future<ArrivalOutcome> later =
            copies.submit(() -> racedRecorder.record(arrivalAfter(start, Duration.ofSeconds(9))));
        Future<ArrivalOutcome> earlier =
            copies.submit(() -> racedRecorder.record(arrivalAfter(start, Duration.ofSeconds(7))));

        List<ArrivalOutcome> outcomes =
            List.of(later.get(10, TimeUnit.SECONDS), earlier.get(10, TimeUnit.SECONDS));

        assertThat(outcomes).as("pair %d", pair).containsOnlyOnce(ArrivalOutcome.RECORDED);
        assertThat(outcomes)
            .as("pair %d", pair)
            .isIn(
                List.of(ArrivalOutcome.RECORDED, ArrivalOutcome.EARLIER_COPY),
                List.of(ArrivalOutcome.DUPLICATE, ArrivalOutcome.RECORDED));
        assertThat(racedStore.all())
            .singleElement()
            .satisfies(probe -> assertThat(probe.latency()).contains(Duration.ofSeconds(7)));
      }
    } finally {
      copies.shutdownNow();
    }
  }

  private static Arrival arrivalAfter(CyclicBarrier start, Duration after) throws Exception {
    start.await(10, TimeUnit.SECONDS);
    return arrival(after);
  }

  @Test
  void record_aTokenOlderThanTheMaximumAge_isAReplayAndNotRecorded() {
    assertThat(recorder.record(arrival(Duration.ofDays(3)))).isEqualTo(ArrivalOutcome.REPLAYED);
    assertThat(store.writes()).isZero();
  }

  @Test
  void record_aTokenFromTheFuture_isRefused() {
    assertThat(recorder.record(arrival(Duration.ofMinutes(-6))))
        .isEqualTo(ArrivalOutcome.FROM_THE_FUTURE);
    assertThat(recorder.record(arrival(Duration.ofMinutes(-4)))).isEqualTo(ArrivalOutcome.RECORDED);
  }

  @Test
  void record_aProbeFromElsewhereThanItsTargetsRelayHosts_isRefusedAndNotRecorded() {
    ArrivalRecorder checking =
        new ArrivalRecorder(
            store,
            Duration.ofDays(2),
            Duration.ofMinutes(5),
            route ->
                route.equals("MX02-to-MX01")
                    ? new ExpectedOrigin(List.of("198.51.100.10"), "contoso.se")
                    : ExpectedOrigin.NONE);

    ArrivalOutcome outcome =
        checking.record(
            arrival(Duration.ofSeconds(7)),
            new Origin("203.0.113.7", "mx01.contoso.se", Set.of("outsider.example")));

    assertThat(outcome).isEqualTo(ArrivalOutcome.UNEXPECTED_ORIGIN);
    assertThat(store.writes()).isZero();
  }

  @Test
  void record_aProbeFromItsTargetsRelayHost_orSignedByItsDkimDomain_isRecorded() {
    ArrivalRecorder checking =
        new ArrivalRecorder(
            store,
            Duration.ofDays(2),
            Duration.ofMinutes(5),
            route -> new ExpectedOrigin(List.of("198.51.100.0/28"), "contoso.se"));

    assertThat(
            checking.record(
                arrival(Duration.ofSeconds(7)), new Origin("198.51.100.10", "", Set.of())))
        .isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(
            checking.record(
                arrival(Duration.ofSeconds(5)),
                new Origin("203.0.113.7", "", Set.of("contoso.se"))))
        .isEqualTo(ArrivalOutcome.EARLIER_COPY);
  }

  @Test
  void record_withoutExpectations_acceptsAProbeFromAnywhere() {
    assertThat(recorder.record(arrival(Duration.ofSeconds(7)), new Origin("203.0.113.7", "", null)))
        .isEqualTo(ArrivalOutcome.RECORDED);
  }

  private static Arrival arrival(Duration after) {
    return Arrival.of(
        new ProbeToken("k1", "MX02-to-MX01", SENT, "abcdefgh12345678"),
        SENT.plus(after),
        List.of(),
        "<probe@example.com>",
        null);
  }
}
