package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HopChainTest {

  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");

  private static ReceivedStamp stamp(String by, String at) {
    return new ReceivedStamp("", by, "ESMTP", at == null ? null : Instant.parse(at));
  }

  @Test
  void from_measuresFirstHopFromSentAndEachLaterHopFromThePreviousStamp() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:19:02Z"),
                stamp("MX01", "2006-07-28T11:07:47Z"),
                stamp("inbound-smtp", "2006-07-28T11:07:49Z")),
            Instant.parse("2006-07-28T11:07:49Z"));

    assertThat(hops)
        .extracting(Hop::by, Hop::delay)
        .containsExactly(
            tuple("MX02", Duration.ofSeconds(1)),
            tuple("MX01", Duration.ofSeconds(2925)),
            tuple("inbound-smtp", Duration.ofSeconds(2)));
    assertThat(hops).allMatch(Hop::hasTrustedDelay);
  }

  @Test
  void from_whenADateIsUnknown_leavesThatDelayUnknownAndMeasuresTheNextFromTheLastKnownStamp() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:19:02Z"),
                stamp("relay", null),
                stamp("MX01", "2006-07-28T10:19:12Z")),
            Instant.parse("2006-07-28T10:19:13Z"));

    assertThat(hops.get(1).delay()).isNull();
    assertThat(hops.get(1).receivedAt()).isNull();
    assertThat(hops.get(1).clockSkew()).isFalse();
    assertThat(hops.get(1).hasTrustedDelay()).isFalse();
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void from_whenFirstDateIsUnknown_measuresTheSecondFromSent() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(stamp("MX02", null), stamp("MX01", "2006-07-28T10:19:31Z")),
            Instant.parse("2006-07-28T10:19:32Z"));

    assertThat(hops.get(0).delay()).isNull();
    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void from_whenAHostClockIsBehind_flagsThatHostWithHowFarBehind_andTrustsTheHostsAfterIt() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:19:05Z"),
                stamp("MX01", "2006-07-28T10:18:05Z"),
                stamp("inbound-smtp", "2006-07-28T10:19:07Z")),
            Instant.parse("2006-07-28T10:19:07Z"));

    assertThat(hops)
        .extracting(Hop::by, Hop::clockSkew, Hop::clockOffset)
        .containsExactly(
            tuple("MX02", false, null),
            tuple("MX01", true, Duration.ofSeconds(-60)),
            tuple("inbound-smtp", false, null));
    // Kept for the record, not trusted.
    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(-60));
    assertThat(hops.get(1).hasTrustedDelay()).isFalse();
    // The time at MX01 counts in the next trusted hop, measured from MX02's right clock.
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void from_whenAHostClockIsAhead_flagsThatHostWithHowFarAhead_notTheRightClocksAfterIt() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:29:02Z"),
                stamp("MX01", "2006-07-28T10:19:04Z"),
                stamp("inbound-smtp", "2006-07-28T10:19:05Z")),
            Instant.parse("2006-07-28T10:19:05Z"));

    assertThat(hops)
        .extracting(Hop::by, Hop::clockSkew, Hop::clockOffset)
        .containsExactly(
            tuple("MX02", true, Duration.ofSeconds(598)),
            tuple("MX01", false, null),
            tuple("inbound-smtp", false, null));
    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void from_whenOneHostIsBehindAndAnotherAhead_flagsEachAndTrustsTheRest() {
    // The clock-skew scenario: MX02 ten minutes fast relays to MX01, three minutes slow.
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:29:02Z"),
                stamp("MX01", "2006-07-28T10:16:03Z"),
                stamp("inbound-smtp", "2006-07-28T10:19:04Z")),
            Instant.parse("2006-07-28T10:19:04Z"));

    assertThat(hops)
        .extracting(Hop::by, Hop::clockSkew, Hop::clockOffset)
        .containsExactly(
            tuple("MX02", true, Duration.ofSeconds(598)),
            tuple("MX01", true, Duration.ofSeconds(-178)),
            tuple("inbound-smtp", false, null));
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void from_whenTwoStampsBetweenTheAnchorsDisagree_trustsTheLaterHost() {
    // Both lie between sending and SES's receipt; one of the two clocks is off, and the later
    // host is the one that handed the probe to SES, whose clock is right.
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(stamp("MX02", "2006-07-28T10:29:01Z"), stamp("MX01", "2006-07-28T10:19:31Z")),
            Instant.parse("2006-07-28T10:39:01Z"));

    assertThat(hops)
        .extracting(Hop::by, Hop::clockSkew, Hop::clockOffset)
        .containsExactly(tuple("MX02", true, Duration.ofSeconds(570)), tuple("MX01", false, null));
    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  static Stream<Arguments> stampsAroundTheSendTime() {
    return Stream.of(
        arguments("same second, stamp cut to the second", "10:19:01.734", "10:19:01", 0L, false),
        arguments("stamp one second behind", "10:19:01.734", "10:19:00", 0L, false),
        arguments("stamp right at the tolerance", "10:19:01", "10:18:58", 0L, false),
        arguments("stamp just past the tolerance", "10:19:01.001", "10:18:58", -3001L, true),
        arguments("clock three minutes behind", "10:19:01.734", "10:16:01", -180734L, true),
        arguments("stamp after sending", "10:19:01.734", "10:19:02", 266L, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stampsAroundTheSendTime")
  void from_flagsClockSkewOnlyBeyondTheStampResolutionAndTolerance(
      String behaviour, String sent, String stamped, long delayMillis, boolean skew) {
    Instant sentAt = Instant.parse("2006-07-28T" + sent + "Z");
    List<Hop> hops =
        HopChain.from(
            sentAt, List.of(stamp("MX02", "2006-07-28T" + stamped + "Z")), sentAt.plusSeconds(10));

    assertThat(hops.get(0).delay()).isEqualTo(Duration.ofMillis(delayMillis));
    assertThat(hops.get(0).clockSkew()).isEqualTo(skew);
    assertThat(hops.get(0).hasTrustedDelay()).isEqualTo(!skew);
    assertThat(hops.get(0).clockOffset()).isEqualTo(skew ? Duration.ofMillis(delayMillis) : null);
  }

  @Test
  void from_whenAStampIsWithinToleranceBehind_measuresTheNextFromTheLatestInstant() {
    List<Hop> hops =
        HopChain.from(
            Instant.parse("2006-07-28T10:19:01.600Z"),
            List.of(
                stamp("MX02", "2006-07-28T10:19:01Z"),
                stamp("MX01", "2006-07-28T10:19:00Z"),
                stamp("inbound-smtp", "2006-07-28T10:19:03Z")),
            Instant.parse("2006-07-28T10:19:03Z"));

    assertThat(hops)
        .extracting(Hop::delay, Hop::clockSkew)
        .containsExactly(
            tuple(Duration.ZERO, false),
            tuple(Duration.ZERO, false),
            tuple(Duration.ofMillis(1400), false));
  }

  @Test
  void from_whenStampEqualsPrevious_isAZeroDelayNotSkew() {
    List<Hop> hops = HopChain.from(SENT, List.of(stamp("MX02", "2006-07-28T10:19:01Z")), SENT);

    assertThat(hops.get(0).delay()).isZero();
    assertThat(hops.get(0).clockSkew()).isFalse();
  }

  @Test
  void from_keepsHostsAndProtocolOfEachStamp() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                new ReceivedStamp(
                    "MX02.contoso.local", "MX01.contoso.local", "Microsoft SMTPSVC", null)),
            SENT);

    assertThat(hops.get(0).from()).isEqualTo("MX02.contoso.local");
    assertThat(hops.get(0).by()).isEqualTo("MX01.contoso.local");
    assertThat(hops.get(0).protocol()).isEqualTo("Microsoft SMTPSVC");
  }

  @Test
  void from_whenNoStamps_hasNoHops() {
    assertThat(HopChain.from(SENT, List.of(), SENT)).isEmpty();
  }
}
