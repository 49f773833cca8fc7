package dev.mailflow.domain.receiving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.ProbeToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

  private static Arrival arrival(Duration after) {
    return Arrival.of(
        new ProbeToken("k1", "MX02-to-MX01", SENT, "abcdefgh12345678"),
        SENT.plus(after),
        List.of(),
        "<probe@example.com>",
        null);
  }
}
