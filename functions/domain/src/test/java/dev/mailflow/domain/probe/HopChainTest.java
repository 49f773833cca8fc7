package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

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
                stamp("inbound-smtp", "2006-07-28T11:07:49Z")));

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
                stamp("MX01", "2006-07-28T10:19:12Z")));

    assertThat(hops.get(1).delay()).isNull();
    assertThat(hops.get(1).receivedAt()).isNull();
    assertThat(hops.get(1).clockSkew()).isFalse();
    assertThat(hops.get(1).hasTrustedDelay()).isFalse();
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void from_whenFirstDateIsUnknown_measuresTheSecondFromSent() {
    List<Hop> hops =
        HopChain.from(SENT, List.of(stamp("MX02", null), stamp("MX01", "2006-07-28T10:19:31Z")));

    assertThat(hops.get(0).delay()).isNull();
    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void from_whenAHostClockIsBehind_keepsTheNegativeDelayAndFlagsClockSkew() {
    List<Hop> hops =
        HopChain.from(
            SENT,
            List.of(
                stamp("MX02", "2006-07-28T10:19:05Z"),
                stamp("MX01", "2006-07-28T10:18:05Z"),
                stamp("inbound-smtp", "2006-07-28T10:18:07Z")));

    assertThat(hops.get(1).delay()).isEqualTo(Duration.ofSeconds(-60));
    assertThat(hops.get(1).clockSkew()).isTrue();
    assertThat(hops.get(1).hasTrustedDelay()).isFalse();
    // Measured from the latest instant seen (MX02's stamp): still behind, so flagged too.
    assertThat(hops.get(2).delay()).isEqualTo(Duration.ofSeconds(-58));
    assertThat(hops.get(2).clockSkew()).isTrue();
  }

  @Test
  void from_whenFirstStampPrecedesSending_flagsClockSkew() {
    List<Hop> hops = HopChain.from(SENT, List.of(stamp("MX02", "2006-07-28T10:19:00Z")));

    assertThat(hops.get(0).delay()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(hops.get(0).clockSkew()).isTrue();
  }

  @Test
  void from_whenStampEqualsPrevious_isAZeroDelayNotSkew() {
    List<Hop> hops = HopChain.from(SENT, List.of(stamp("MX02", "2006-07-28T10:19:01Z")));

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
                    "MX02.contoso.local", "MX01.contoso.local", "Microsoft SMTPSVC", null)));

    assertThat(hops.get(0).from()).isEqualTo("MX02.contoso.local");
    assertThat(hops.get(0).by()).isEqualTo("MX01.contoso.local");
    assertThat(hops.get(0).protocol()).isEqualTo("Microsoft SMTPSVC");
  }

  @Test
  void from_whenNoStamps_hasNoHops() {
    assertThat(HopChain.from(SENT, List.of())).isEmpty();
  }
}
