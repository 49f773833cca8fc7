package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.HopChain;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.ReceivedStamp;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.CountingInterceptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the evaluate, send and receive functions rely on {@link DynamoDbProbeStore} for, against a
 * real DynamoDB API: {@link DynamoDbProbeStoreIT} runs it on moto, {@link
 * DynamoDbProbeStoreLocalStackIT} on LocalStack. Each test works on routes of its own in one table
 * made for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DynamoDbProbeStoreContract {

  private static final Instant T0 = Instant.parse("2006-07-28T10:19:01Z");
  private static final Duration RETENTION = Duration.ofDays(14);
  private static final Clock NOW = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);

  /** The key the mail fixtures in {@code src/test/resources/mail} were signed with. */
  private static final ProbeTokenSigner FIXTURE_SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k2024",
                  "mailflow-fixture-secret-not-for-production"
                      .getBytes(StandardCharsets.US_ASCII))));

  private final CountingInterceptor calls = new CountingInterceptor();
  private AwsClients clients;
  private DynamoDbClient dynamoDb;
  private String table;
  private DynamoDbProbeStore store;
  private String route;

  @BeforeAll
  void createTable(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment(), List.of(calls));
    dynamoDb = clients.dynamoDb();
    table = ResourceNames.unique("probes");
    MailflowTables.create(dynamoDb, MailflowTables.probes(table));
    store = new DynamoDbProbeStore(dynamoDb, table, RETENTION, NOW);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void newRoute(TestInfo test) {
    // One route per test: tests share the table, never a partition.
    route = "MX02-to-MX01-" + Integer.toHexString(test.getDisplayName().hashCode());
    calls.reset();
  }

  @Test
  void recordSubmission_thenArrival_givesTheWholeProbe() {
    Submission submission =
        Submission.accepted(T0.plusMillis(300), 250, "2.0.0 Ok: queued as 4Bf9x");
    Arrival arrival = arrival("q3Jx0bW8LkPz1mNe", T0, T0.plusSeconds(40), "<a@contoso.com>");

    store.recordSubmission(new Probe(route, "q3Jx0bW8LkPz1mNe", T0, submission, null));
    ArrivalOutcome outcome = store.recordArrival(arrival);

    assertThat(outcome).isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(store.probesSince(route, T0))
        .containsExactly(
            new Probe(route, "q3Jx0bW8LkPz1mNe", T0, submission, arrival.toDelivery()));
  }

  @Test
  void recordArrival_beforeTheSubmission_keepsTheArrivalWhenTheSubmissionFollows() {
    Arrival arrival = arrival("fastmail00000001", T0, T0.plusMillis(900), "<b@contoso.com>");
    Submission submission = Submission.accepted(T0.plusSeconds(1), 250, "2.0.0 Ok");

    store.recordArrival(arrival);
    Probe arrivedOnly = store.probesSince(route, T0).get(0);
    store.recordSubmission(new Probe(route, "fastmail00000001", T0, submission, null));

    assertThat(arrivedOnly.submission()).isNull();
    assertThat(arrivedOnly.delivery()).isEqualTo(arrival.toDelivery());
    assertThat(store.probesSince(route, T0))
        .containsExactly(
            new Probe(route, "fastmail00000001", T0, submission, arrival.toDelivery()));
  }

  @Test
  void recordArrival_whenTheSameProbeArrivesTwice_keepsTheFirst() {
    Arrival first = arrival("twice00000000001", T0, T0.plusSeconds(30), "<c@contoso.com>");
    Arrival again =
        Arrival.of(
            first.token(),
            T0.plusSeconds(95),
            List.of(),
            "<c@contoso.com>",
            AuthenticationVerdicts.unknown());

    ArrivalOutcome firstOutcome = store.recordArrival(first);
    ArrivalOutcome againOutcome = store.recordArrival(again);

    assertThat(firstOutcome).isEqualTo(ArrivalOutcome.RECORDED);
    assertThat(againOutcome).isEqualTo(ArrivalOutcome.DUPLICATE);
    assertThat(store.probesSince(route, T0))
        .singleElement()
        .extracting(Probe::delivery)
        .isEqualTo(first.toDelivery());
  }

  @Test
  void recordArrival_whenAnEarlierCopyComesSecond_keepsTheEarlierArrival() {
    Arrival later = arrival("reversed00000001", T0, T0.plusSeconds(95), "<later@contoso.com>");
    Arrival earlier = arrival("reversed00000001", T0, T0.plusSeconds(30), "<earlier@contoso.com>");
    Arrival between = arrival("reversed00000001", T0, T0.plusSeconds(60), "<between@contoso.com>");

    ArrivalOutcome laterOutcome = store.recordArrival(later);
    ArrivalOutcome earlierOutcome = store.recordArrival(earlier);
    ArrivalOutcome betweenOutcome = store.recordArrival(between);

    assertThat(List.of(laterOutcome, earlierOutcome, betweenOutcome))
        .containsExactly(
            ArrivalOutcome.RECORDED, ArrivalOutcome.EARLIER_COPY, ArrivalOutcome.DUPLICATE);
    assertThat(store.probesSince(route, T0))
        .singleElement()
        .extracting(Probe::delivery)
        .isEqualTo(earlier.toDelivery());
    assertThat(item("reversed00000001", T0).get("messageId").s())
        .isEqualTo("<earlier@contoso.com>");
  }

  @Test
  void claimSendSlot_isGrantedOnce_untilTheSlotEnds() {
    Instant until = T0.plusSeconds(270);

    boolean first = store.claimSendSlot(route, T0, until);
    boolean doubled = store.claimSendSlot(route, T0.plusMillis(800), until.plusMillis(800));
    boolean next = store.claimSendSlot(route, until, until.plusSeconds(270));

    assertThat(List.of(first, doubled, next)).containsExactly(true, false, true);
  }

  @Test
  void claimSendSlot_leavesNoTraceInTheProbesRead() {
    store.claimSendSlot(route, T0, T0.plusSeconds(270));

    assertThat(store.lastSentAt(route)).isEmpty();
    assertThat(store.probesSince(route, Instant.EPOCH)).isEmpty();

    store.recordSubmission(Probe.sent(route, "afterclaim000001", T0));

    assertThat(store.lastSentAt(route)).contains(T0);
    assertThat(store.probesSince(route, Instant.EPOCH))
        .extracting(Probe::probeId)
        .containsExactly("afterclaim000001");
  }

  @Test
  void recordArrival_whenTheProbeIsResentUnderANewMessageId_answersDuplicate() {
    Arrival first = arrival("resent0000000001", T0, T0.plusSeconds(30), "<first@contoso.com>");
    Arrival resent =
        arrival("resent0000000001", T0, T0.plusSeconds(400), "<resent-by-a-loop@contoso.com>");
    store.recordArrival(first);

    ArrivalOutcome outcome = store.recordArrival(resent);

    assertThat(outcome).isEqualTo(ArrivalOutcome.DUPLICATE);
    assertThat(item("resent0000000001", T0).get("messageId").s()).isEqualTo("<first@contoso.com>");
  }

  @Test
  void recordSubmission_ofARefusedProbe_readsBackAsSendFailed() {
    Submission refused = Submission.failed(T0.plusSeconds(2), 0, "connection refused by mx02");

    store.recordSubmission(new Probe(route, "refused000000001", T0, refused, null));

    assertThat(store.probesSince(route, T0))
        .singleElement()
        .satisfies(
            probe -> {
              assertThat(probe.submission()).isEqualTo(refused);
              assertThat(probe.stateAt(NOW.instant(), Duration.ofMinutes(15)))
                  .isEqualTo(ProbeState.SEND_FAILED);
            });
  }

  @Test
  void probesSince_returnsTheProbesSentAtOrAfterFrom_oldestFirst_acrossPages() {
    DynamoDbProbeStore smallPages = new DynamoDbProbeStore(dynamoDb, table, RETENTION, NOW, 2);
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8));
    Collections.shuffle(order, new Random(20060728));
    for (int i : order) {
      smallPages.recordSubmission(Probe.sent(route, "paged00000000" + i + "00", sentAt(i)));
    }
    store.recordSubmission(Probe.sent(route + "-other", "other00000000000", sentAt(5)));
    calls.reset();

    List<Probe> since = smallPages.probesSince(route, sentAt(3));

    assertThat(since)
        .extracting(Probe::sentAt)
        .containsExactly(sentAt(3), sentAt(4), sentAt(5), sentAt(6), sentAt(7), sentAt(8));
    assertThat(since).extracting(Probe::routeId).containsOnly(route);
    assertThat(calls.count("Query")).as("pages read").isGreaterThanOrEqualTo(3);
  }

  @Test
  void probesSince_fromAnInstantBetweenTwoProbes_leavesOutTheEarlierOne() {
    store.recordSubmission(Probe.sent(route, "before0000000001", T0));
    store.recordSubmission(Probe.sent(route, "after00000000001", T0.plusMillis(1)));

    assertThat(store.probesSince(route, T0.plusNanos(1)))
        .extracting(Probe::probeId)
        .containsExactly("after00000000001");
  }

  @Test
  void probesSince_leavesOutItemsPastTheirExpiry() {
    Clock later = Clock.fixed(T0.plus(RETENTION).plusSeconds(1), ZoneOffset.UTC);
    DynamoDbProbeStore afterRetention = new DynamoDbProbeStore(dynamoDb, table, RETENTION, later);
    store.recordSubmission(Probe.sent(route, "expired000000001", T0));
    store.recordSubmission(Probe.sent(route, "fresh00000000001", T0.plus(Duration.ofDays(1))));

    assertThat(afterRetention.probesSince(route, T0))
        .extracting(Probe::probeId)
        .containsExactly("fresh00000000001");
  }

  @Test
  void lastSentAt_givesTheSendInstantOfTheNewestProbe() {
    store.recordSubmission(Probe.sent(route, "older00000000001", T0));
    store.recordArrival(
        arrival("newest0000000001", T0.plusMillis(300_001), T0.plusSeconds(400), ""));
    store.recordSubmission(Probe.sent(route, "middle0000000001", T0.plusSeconds(300)));
    calls.reset();

    assertThat(store.lastSentAt(route)).contains(T0.plusMillis(300_001));
    assertThat(store.lastSentAt(route + "-never-probed")).isEmpty();
    assertThat(calls.counts()).containsExactly(Map.entry("Query", 2));
  }

  @Test
  void lastSentAt_whenTheNewestKeyIsUnreadable_failsRatherThanGuessing() {
    store.recordSubmission(Probe.sent(route, "older00000000001", T0));
    dynamoDb.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "routeId", AttributeValue.fromS(route),
                        "probeKey", AttributeValue.fromS("sent-by-hand"))));

    assertThatThrownBy(() -> store.lastSentAt(route))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=" + route)
        .hasMessageContaining("probeKey 'sent-by-hand'");
  }

  @Test
  void recordSubmission_setsTheTimeToLiveToSentAtPlusRetention() {
    store.recordSubmission(Probe.sent(route, "ttl0000000000001", T0));

    assertThat(item("ttl0000000000001", T0).get("expiresAt"))
        .isEqualTo(AttributeValue.fromN(Long.toString(T0.plus(RETENTION).getEpochSecond())));
  }

  @Test
  void recordArrival_ofARealForwardedMail_storesAnItemWellUnderOneKilobyte() throws IOException {
    Arrival arrival = fixtureArrival("postfix-gmail-ses.eml", "2024-01-02T10:00:04.500Z");
    ProbeToken token = arrival.token();
    DynamoDbProbeStore fixtureStore =
        new DynamoDbProbeStore(
            dynamoDb, table, RETENTION, Clock.fixed(arrival.arrivedAt(), ZoneOffset.UTC));

    fixtureStore.recordSubmission(
        new Probe(
            token.routeId(),
            token.probeId(),
            token.sentAt(),
            Submission.accepted(
                token.sentAt().plusMillis(180), 250, "2.0.0 Ok: queued as 4T3kVb1zQpz1mNe"),
            null));
    fixtureStore.recordArrival(arrival);
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                r ->
                    r.tableName(table)
                        .key(ProbeItem.key(token.routeId(), token.sentAt(), token.probeId())))
            .item();

    assertThat(arrival.hops()).hasSize(5);
    assertThat(DynamoDbItemSize.of(item)).isLessThan(800);
    assertThat(fixtureStore.probesSince(token.routeId(), token.sentAt()))
        .singleElement()
        .extracting(Probe::delivery)
        .isEqualTo(arrival.toDelivery());
  }

  @Test
  void probesSince_skipsAnItemThatBreaksTheContract_andLogsItsKey() {
    store.recordSubmission(Probe.sent(route, "good000000000001", T0));
    store.recordSubmission(Probe.sent(route, "good000000000002", T0.plusSeconds(600)));
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(ProbeItem.key(route, T0.plusSeconds(300), "broken0000000001"))
                .updateExpression("SET submittedAt = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("half past ten"))));

    List<Probe> probes;
    String log;
    try (CapturedStandardError stderr = new CapturedStandardError()) {
      probes = store.probesSince(route, T0);
      log = stderr.text();
    }

    assertThat(probes)
        .extracting(Probe::probeId)
        .containsExactly("good000000000001", "good000000000002");
    assertThat(log)
        .contains("route=" + route)
        .contains("probeKey=2006-07-28T10:24:01.000Z#broken0000000001")
        .contains("submittedAt 'half past ten'");
  }

  @Test
  void everyCall_onAMissingTable_failsWithAStoreExceptionThatIsNotTransient() {
    DynamoDbProbeStore missing =
        new DynamoDbProbeStore(dynamoDb, ResourceNames.unique("no-such-table"), RETENTION, NOW);

    assertThatThrownBy(() -> missing.recordSubmission(Probe.sent(route, "lost000000000001", T0)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=" + route)
        .hasMessageContaining("probe=lost000000000001")
        .hasMessageContaining("no-such-table");
    assertThatThrownBy(
            () -> missing.recordArrival(arrival("lost000000000001", T0, T0.plusSeconds(5), "")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse());
    assertThatThrownBy(() -> missing.probesSince(route, T0))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse())
        .hasMessageContaining("route=" + route);
    assertThatThrownBy(() -> missing.lastSentAt(route))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isFalse());
  }

  private Map<String, AttributeValue> item(String probeId, Instant sentAt) {
    return dynamoDb
        .getItem(r -> r.tableName(table).key(ProbeItem.key(route, sentAt, probeId)))
        .item();
  }

  private static Instant sentAt(int i) {
    return T0.plus(Duration.ofMinutes(5L * i));
  }

  private Arrival arrival(String probeId, Instant sentAt, Instant arrivedAt, String messageId) {
    List<Hop> hops =
        HopChain.from(
            sentAt,
            List.of(
                new ReceivedStamp(
                    "monitor.contoso.com", "MX02.contoso.local", "ESMTPSA", sentAt.plusMillis(400)),
                new ReceivedStamp(
                    "MX02.contoso.local", "MX01.contoso.local", "SMTP", arrivedAt.minusSeconds(1)),
                new ReceivedStamp(
                    "MX01.contoso.com", "inbound-smtp.eu-west-1.amazonaws.com", "SMTP", arrivedAt)),
            arrivedAt);
    return Arrival.of(
        new ProbeToken("k2024", route, sentAt, probeId),
        arrivedAt,
        hops,
        messageId,
        new AuthenticationVerdicts("pass", "pass", "pass"));
  }

  private static Arrival fixtureArrival(String name, String arrivedAt) throws IOException {
    byte[] mail;
    try (InputStream in = DynamoDbProbeStoreContract.class.getResourceAsStream("/mail/" + name)) {
      assertThat(in).as("fixture mail/" + name).isNotNull();
      mail = in.readAllBytes();
    }
    ArrivalReading reading = new ArrivalReader(FIXTURE_SIGNER).read(mail, Instant.parse(arrivedAt));
    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    return ((ArrivalReading.Read) reading).arrival();
  }
}
