package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProbeTest {
  private static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration LOSS = Duration.ofMinutes(15);

  static Stream<Arguments> states() {
    Submission ok = Submission.accepted(SENT, 250, "queued");
    Submission refused = Submission.failed(SENT, 550, "5.7.1 relaying denied");
    Delivery fast = new Delivery(SENT.plusSeconds(5), List.of());
    Delivery afterTimeout = new Delivery(SENT.plus(LOSS).plusSeconds(1), List.of());
    Delivery atTimeout = new Delivery(SENT.plus(LOSS), List.of());
    return Stream.of(
        Arguments.of("nothing known yet", null, null, 1, ProbeState.PENDING),
        Arguments.of("accepted, young", ok, null, 14, ProbeState.SENT),
        Arguments.of("accepted, exactly at the timeout", ok, null, 15, ProbeState.SENT),
        Arguments.of("accepted, overdue", ok, null, 16, ProbeState.LOST),
        Arguments.of("refused", refused, null, 1, ProbeState.SEND_FAILED),
        Arguments.of("arrived fast", ok, fast, 1, ProbeState.DELIVERED),
        Arguments.of("arrived at the timeout", ok, atTimeout, 20, ProbeState.DELIVERED),
        Arguments.of("arrived after the timeout", ok, afterTimeout, 20, ProbeState.LATE),
        Arguments.of("arrived before its send was recorded", null, fast, 1, ProbeState.DELIVERED),
        Arguments.of("arrived although refused", refused, fast, 1, ProbeState.DELIVERED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("states")
  void stateAt_followsFromWhatIsKnownAndTheAge(
      String description, Submission submission, Delivery delivery, int minutes, ProbeState state) {
    Probe probe = new Probe("MX02-to-MX01", "n1", SENT, submission, delivery);

    assertThat(probe.stateAt(SENT.plus(Duration.ofMinutes(minutes)), LOSS)).isEqualTo(state);
  }

  @Test
  void flightEnd_isArrivalThenSubmissionFailureThenNow() {
    Instant now = SENT.plus(Duration.ofMinutes(30));
    Probe sent = Probe.sent("MX02-to-MX01", "n1", SENT);

    assertThat(sent.flightEnd(now)).isEqualTo(now);
    assertThat(sent.withDelivery(new Delivery(SENT.plusSeconds(9), List.of())).flightEnd(now))
        .isEqualTo(SENT.plusSeconds(9));
    assertThat(
            sent.withSubmission(Submission.failed(SENT.plusSeconds(3), 0, "refused"))
                .flightEnd(now))
        .isEqualTo(SENT.plusSeconds(3));
  }

  @Test
  void latency_isFromTheTokensInstantToArrival() {
    Probe probe =
        Probe.sent("MX02-to-MX01", "n1", SENT)
            .withDelivery(new Delivery(SENT.plusSeconds(227), List.of()));

    assertThat(probe.latency()).contains(Duration.ofSeconds(227));
    assertThat(Probe.sent("MX02-to-MX01", "n1", SENT).latency()).isEmpty();
  }

  @Test
  void construction_refusesABadRouteIdOrMissingProbeId() {
    assertThatThrownBy(() -> Probe.sent("MX02 to MX01", "n1", SENT))
        .hasMessageContaining("route id of probe 'MX02 to MX01'");
    assertThatThrownBy(() -> Probe.sent("MX02-to-MX01", " ", SENT))
        .hasMessageContaining("probe id is missing on route MX02-to-MX01");
  }
}
