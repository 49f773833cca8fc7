package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.HopChain;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ReceivedStamp;
import dev.mailflow.domain.probe.Submission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The probe item layout, without a table. */
class ProbeItemTest {

  private static final String ROUTE = "MX02-to-MX01";
  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");
  private static final Duration RETENTION = Duration.ofDays(14);

  @Test
  void probeKey_hasTheSameWidthForEveryInstant_soStringOrderIsTimeOrder() {
    List<Instant> inTimeOrder =
        List.of(
            Instant.parse("2006-07-28T10:19:01Z"),
            Instant.parse("2006-07-28T10:19:01.005Z"),
            Instant.parse("2006-07-28T10:19:01.040Z"),
            Instant.parse("2006-07-28T10:19:01.300Z"),
            Instant.parse("2006-07-28T10:19:10Z"));

    List<String> keys = inTimeOrder.stream().map(t -> ProbeItem.probeKey(t, "q3Jx0bW8")).toList();

    assertThat(keys.get(0)).isEqualTo("2006-07-28T10:19:01.000Z#q3Jx0bW8");
    assertThat(keys).extracting(String::length).containsOnly(33);
    assertThat(keys).isSorted();
  }

  @Test
  void time_finerThanAMillisecond_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProbeItem.time(SENT.plusNanos(1_000)))
        .withMessageContaining("finer than a millisecond");
  }

  @Test
  void time_beforeTheEpoch_isRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ProbeItem.time(Instant.parse("1969-12-31T23:59:59Z")))
        .withMessageContaining("outside the years 1970 to 9999");
  }

  @Test
  void lowerBound_roundsUpToTheNextMillisecond_soAnEarlierProbeIsNotIncluded() {
    assertThat(ProbeItem.lowerBound(SENT)).isEqualTo("2006-07-28T10:19:01.000Z");
    assertThat(ProbeItem.lowerBound(SENT.plusNanos(1))).isEqualTo("2006-07-28T10:19:01.001Z");
    assertThat(ProbeItem.lowerBound(Instant.MIN)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(ProbeItem.lowerBound(Instant.MAX)).isEqualTo("9999-12-31T23:59:59.999Z");
  }

  @Test
  void submissionAttributes_setTheSubmissionAndNoArrivalAttribute() {
    Probe probe =
        new Probe(
            ROUTE,
            "q3Jx0bW8",
            SENT,
            Submission.accepted(SENT.plusMillis(900), 250, "2.0.0 Ok: queued as 4Bf9xK"),
            null);

    Map<String, AttributeValue> attributes = ProbeItem.submissionAttributes(probe, RETENTION);

    assertThat(attributes)
        .containsOnlyKeys(
            "sentAt", "probeId", "expiresAt", "submittedAt", "accepted", "replyCode", "reply");
    assertThat(attributes.get("submittedAt").s()).isEqualTo("2006-07-28T10:19:01.900Z");
    assertThat(attributes.get("accepted").bool()).isTrue();
    assertThat(attributes.get("replyCode").n()).isEqualTo("250");
    assertThat(attributes.get("expiresAt").n())
        .isEqualTo(Long.toString(SENT.plus(RETENTION).getEpochSecond()));
  }

  @Test
  void submissionAttributes_cutALongReplyTo512Characters() {
    Probe probe =
        new Probe(ROUTE, "q3Jx0bW8", SENT, Submission.failed(SENT, 554, "x".repeat(5_000)), null);

    assertThat(ProbeItem.submissionAttributes(probe, RETENTION).get("reply").s()).hasSize(512);
  }

  @Test
  void arrivalAttributes_setTheArrivalAndNoSubmissionAttribute() {
    Map<String, AttributeValue> attributes =
        ProbeItem.arrivalAttributes(arrival(hops(3)), RETENTION);

    assertThat(attributes)
        .containsOnlyKeys(
            "sentAt",
            "probeId",
            "expiresAt",
            "deliveredAt",
            "latencyMillis",
            "hops",
            "messageId",
            "spf",
            "dkim",
            "dmarc");
    assertThat(attributes.get("latencyMillis").n()).isEqualTo("4250");
    assertThat(attributes.get("hops").l()).hasSize(3);
    assertThat(attributes.get("hops").l().get(0).m()).containsOnlyKeys("f", "b", "p", "t");
  }

  @Test
  void read_ofBothWrites_givesTheProbeBack() throws CorruptItemException {
    Arrival arrival = arrival(hops(5));
    Submission submission = Submission.accepted(SENT.plusMillis(120), 250, "2.0.0 Ok");
    Map<String, AttributeValue> item = new HashMap<>(ProbeItem.key(ROUTE, SENT, "q3Jx0bW8"));
    item.put("routeId", AttributeValue.fromS(ROUTE));
    item.putAll(ProbeItem.arrivalAttributes(arrival, RETENTION));
    item.putAll(
        ProbeItem.submissionAttributes(
            new Probe(ROUTE, "q3Jx0bW8", SENT, submission, null), RETENTION));

    Probe read = ProbeItem.read(item);

    assertThat(read)
        .isEqualTo(new Probe(ROUTE, "q3Jx0bW8", SENT, submission, arrival.toDelivery()));
  }

  @Test
  void read_ofAProbeOverMoreThan16Hops_keepsTheFirstAndLastEight_andTheDelaysStillAddUp()
      throws CorruptItemException {
    List<Hop> all = hops(20);
    Map<String, AttributeValue> item = new HashMap<>(ProbeItem.key(ROUTE, SENT, "q3Jx0bW8"));
    // SES received it after the last of the twenty relays stamped it.
    item.putAll(ProbeItem.arrivalAttributes(arrival(all, SENT.plusSeconds(20)), RETENTION));

    List<Hop> read = ProbeItem.read(item).delivery().hops();

    assertThat(read).hasSize(16);
    assertThat(read.subList(0, 8)).isEqualTo(all.subList(0, 8));
    assertThat(read.subList(8, 16))
        .extracting(Hop::by)
        .isEqualTo(all.subList(12, 20).stream().map(Hop::by).toList());
    assertThat(read.stream().map(Hop::delay).reduce(Duration.ZERO, Duration::plus))
        .isEqualTo(all.stream().map(Hop::delay).reduce(Duration.ZERO, Duration::plus));
  }

  @Test
  void read_ofAnItemWithOnlyASubmission_hasNoDelivery() throws CorruptItemException {
    Probe failed =
        new Probe(ROUTE, "q3Jx0bW8", SENT, Submission.failed(SENT, 0, "connection refused"), null);
    Map<String, AttributeValue> item = new HashMap<>(ProbeItem.key(ROUTE, SENT, "q3Jx0bW8"));
    item.putAll(ProbeItem.submissionAttributes(failed, RETENTION));

    assertThat(ProbeItem.read(item)).isEqualTo(failed);
  }

  static Stream<Arguments> corruptItems() {
    return Stream.of(
        corrupt("routeId is missing", item -> item.remove("routeId")),
        corrupt(
            "probeKey '2006-07-28T10:19:01Z#q3Jx0bW8' is not <time>#<probe id>",
            item -> item.put("probeKey", AttributeValue.fromS("2006-07-28T10:19:01Z#q3Jx0bW8"))),
        corrupt(
            "probeKey '2006-13-28T10:19:01.000Z#q3Jx0bW8' does not start with a time",
            item ->
                item.put("probeKey", AttributeValue.fromS("2006-13-28T10:19:01.000Z#q3Jx0bW8"))),
        corrupt(
            "submittedAt 'yesterday' is not an ISO-8601 UTC time",
            item -> item.put("submittedAt", AttributeValue.fromS("yesterday"))),
        corrupt(
            "accepted must be a boolean (BOOL), not a string (S) 'yes'",
            item -> item.put("accepted", AttributeValue.fromS("yes"))),
        corrupt("replyCode is missing", item -> item.remove("replyCode")),
        corrupt(
            "deliveredAt must be a string (S), not a number (N) 1154081267",
            item -> item.put("deliveredAt", AttributeValue.fromN("1154081267"))),
        corrupt(
            "hops must be a list (L), not a string (S) 'MX02'",
            item -> item.put("hops", AttributeValue.fromS("MX02"))),
        corrupt(
            "hops element must be a map (M), not a string (S) 'MX02'",
            item -> item.put("hops", AttributeValue.fromL(List.of(AttributeValue.fromS("MX02"))))),
        corrupt(
            "hops.t must be a number (N)",
            item ->
                item.put(
                    "hops",
                    AttributeValue.fromL(
                        List.of(
                            AttributeValue.fromM(Map.of("t", AttributeValue.fromS("10:19"))))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptItems")
  void read_ofAnItemThatBreaksTheContract_failsNamingTheAttribute(
      String expectedMessage, Consumer<Map<String, AttributeValue>> damage) {
    Map<String, AttributeValue> item = new HashMap<>(ProbeItem.key(ROUTE, SENT, "q3Jx0bW8"));
    item.putAll(ProbeItem.arrivalAttributes(arrival(hops(2)), RETENTION));
    item.putAll(ProbeItem.submissionAttributes(Probe.sent(ROUTE, "q3Jx0bW8", SENT), RETENTION));
    damage.accept(item);

    assertThatThrownBy(() -> ProbeItem.read(item))
        .isInstanceOf(CorruptItemException.class)
        .hasMessageStartingWith(expectedMessage);
  }

  @Test
  void cut_neverSplitsASurrogatePair() {
    String text = "ab\uD83D\uDCE7cd";

    assertThat(ProbeItem.cut(text, 3)).isEqualTo("ab");
    assertThat(ProbeItem.cut(text, 4)).isEqualTo("ab\uD83D\uDCE7");
  }

  private static Arguments corrupt(String message, Consumer<Map<String, AttributeValue>> damage) {
    return Arguments.of(message, damage);
  }

  private static Arrival arrival(List<Hop> hops) {
    return arrival(hops, SENT.plusMillis(4250));
  }

  private static Arrival arrival(List<Hop> hops, Instant arrivedAt) {
    return Arrival.of(
        new ProbeToken("k2024", ROUTE, SENT, "q3Jx0bW8"),
        arrivedAt,
        hops,
        "<probe.q3Jx0bW8.MX02-to-MX01@contoso.com>",
        new AuthenticationVerdicts("pass", "pass", "none"));
  }

  /** {@code count} hops, one second apart, as HopChain works them out from their stamps. */
  private static List<Hop> hops(int count) {
    List<ReceivedStamp> stamps = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      stamps.add(
          new ReceivedStamp(
              "relay" + i + ".contoso.local",
              "relay" + (i + 1) + ".contoso.local",
              "ESMTPS",
              SENT.plusSeconds(i + 1)));
    }
    return HopChain.from(SENT, stamps, SENT.plusSeconds(count));
  }
}
