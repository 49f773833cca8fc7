package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.testsupport.CountingInterceptor;
import dev.mailflow.testsupport.FailAfterExecution;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The receive function as Lambda builds it, against real S3, DynamoDB and Secrets Manager APIs:
 * {@link ReceiveHandlerIT} runs it on moto, {@link ReceiveHandlerLocalStackIT} on LocalStack. Each
 * test sends probes of its own through one handler over one table, bucket and secret made for the
 * class, and reads back what was recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReceiveHandlerContract {

  private static final String ROUTE = "MX02-to-MX01";
  private static final String PREFIX = "inbound/";
  private static final int MAX_MAIL_BYTES = 16 * 1024;
  private static final Duration RETENTION = Duration.ofDays(30);

  /**
   * Recent: the store leaves out probes past their retention, as DynamoDB deletes them only some
   * time later.
   */
  private static final Instant SENT =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);

  /** The sample key, and the mail fixtures' key as the previous one. */
  private static final String SECRET =
      "{\"keyId\": \"sample\", \"key\": \"mailflow-sample-signing-key-not-for-production\","
          + " \"previousKeyId\": \"k2024\","
          + " \"previousKey\": \"mailflow-fixture-secret-not-for-production\"}";

  private final CountingInterceptor calls = new CountingInterceptor();
  private final FaultInjector faults = new FaultInjector();
  private final FailAfterExecution lostAnswers = new FailAfterExecution();
  private AwsEndpoint endpoint;
  private AwsClients clients;
  private String table;
  private String bucket;
  private String secret;
  private ReceiveHandler handler;
  private DynamoDbProbeStore probes;
  private int sequence;

  @BeforeAll
  void createResources(AwsEndpoint endpoint) {
    this.endpoint = endpoint;
    clients =
        AwsClients.forEnvironment(endpoint.environment(), List.of(calls, faults, lostAnswers));
    table = ResourceNames.unique("probes");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.probes(table));
    bucket = ResourceNames.unique("inbound-mail");
    S3Buckets.create(clients.s3(), bucket, endpoint.region());
    secret = ResourceNames.unique("signing");
    clients.secretsManager().createSecret(r -> r.name(secret).secretString(SECRET));
    handler = newHandler(settings(table, secret), Clock.systemUTC());
    probes = new DynamoDbProbeStore(clients.dynamoDb(), table, RETENTION, Clock.systemUTC());
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void forgetSetUpCalls() {
    calls.reset();
  }

  /** The handler as Lambda builds it, over the emulator's clients. */
  private ReceiveHandler newHandler(ReceiveSettings settings, Clock clock) {
    return new ReceiveHandler(ReceiveFunction.from(settings, clients, clock));
  }

  private ReceiveSettings settings(String probesTable, String signingSecret) {
    Map<String, String> environment = new HashMap<>(endpoint.environment());
    environment.put(ReceiveSettings.PROBES_TABLE, probesTable);
    environment.put(ReceiveSettings.SIGNING_SECRET, signingSecret);
    environment.put(ReceiveSettings.MAIL_BUCKET, bucket);
    environment.put(ReceiveSettings.MAIL_PREFIX, PREFIX);
    environment.put(ReceiveSettings.MAX_MAIL_BYTES, Integer.toString(MAX_MAIL_BYTES));
    return ReceiveSettings.fromEnvironment(environment);
  }

  /** A probe id of this class, unique across its tests. */
  private String nonce(String purpose) {
    String id = purpose + "-" + (++sequence) + "-" + "0".repeat(16);
    return id.substring(0, 16);
  }

  private static byte[] probe(SigningKey key, String nonce) {
    return Samples.probeMail(key, SENT, nonce);
  }

  private void store(String key, byte[] mail) {
    clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(mail));
    calls.reset();
  }

  private JsonNode handle(ReceiveHandler receiveHandler, byte[] event) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      receiveHandler.handleRequest(new ByteArrayInputStream(event), output, null);
      return TestEvents.JSON.readTree(output.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode handle(byte[] event) {
    return handle(handler, event);
  }

  private Probe recorded(String probeId) {
    return probes.probesSince(ROUTE, SENT.minusSeconds(1)).stream()
        .filter(probe -> probe.probeId().equals(probeId))
        .findFirst()
        .orElse(null);
  }

  private Map<String, AttributeValue> item(String probeId) {
    List<Map<String, AttributeValue>> items =
        clients
            .dynamoDb()
            .query(
                q ->
                    q.tableName(table)
                        .keyConditionExpression("routeId = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(ROUTE))))
            .items();
    return items.stream()
        .filter(item -> probeId.equals(item.get("probeId").s()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no item for probe " + probeId));
  }

  @Test
  void handle_sesReceiptWithCompleteHeaders_recordsTheArrivalWithHopsAndSesVerdicts() {
    String nonce = nonce("complete");
    Instant receivedAt = SENT.plusMillis(4_250);

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce, receivedAt, probe(Samples.SAMPLE_KEY, nonce), false)));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    Delivery delivery = recorded(nonce).delivery();
    assertThat(delivery.deliveredAt()).isEqualTo(receivedAt);
    assertThat(delivery.hops())
        .extracting(Hop::by, Hop::delay)
        .containsExactly(
            tuple("MX02.contoso.local", Duration.ofSeconds(1)),
            tuple("MX01.contoso.local", Duration.ofSeconds(2)));
    Map<String, AttributeValue> item = item(nonce);
    assertThat(item.get("spf").s()).isEqualTo("pass");
    assertThat(item.get("dkim").s()).isEqualTo("gray");
    assertThat(item.get("dmarc").s()).isEqualTo("fail");
    assertThat(item.get("latencyMillis").n()).isEqualTo("4250");
    assertThat(calls.count("GetObject") + calls.count("HeadObject")).isZero();
  }

  @Test
  void handle_sesReceiptWithTruncatedHeaders_readsTheMailFromS3() {
    String nonce = nonce("truncated");
    String messageId = "ses-" + nonce;
    byte[] mail = probe(Samples.SAMPLE_KEY, nonce);
    store(PREFIX + messageId, mail);

    JsonNode summary =
        handle(TestEvents.event(TestEvents.sesRecord(messageId, SENT.plusSeconds(4), mail, true)));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(recorded(nonce).delivery().hops()).hasSize(2);
    assertThat(calls.count("HeadObject")).isEqualTo(1);
    assertThat(calls.count("GetObject")).isEqualTo(1);
  }

  @Test
  void handle_s3ObjectCreated_recordsTheMailWithTheEventTimeAsArrival() {
    String nonce = nonce("s3event");
    byte[] mail = probe(Samples.SAMPLE_KEY, nonce);
    store(PREFIX + "stored " + nonce, mail);
    Instant created = SENT.plusMillis(4_600);

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(bucket, PREFIX + "stored+" + nonce, mail.length, created)));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(recorded(nonce).delivery().deliveredAt()).isEqualTo(created);
    assertThat(calls.count("HeadObject")).isZero();
    assertThat(calls.count("GetObject")).isEqualTo(1);
    assertThat(calls.count("UpdateItem")).isEqualTo(1);
  }

  @Test
  void handle_sameSesEventTwice_recordsOneArrival() {
    String nonce = nonce("twice");
    byte[] event =
        TestEvents.event(
            TestEvents.sesRecord(
                "ses-" + nonce, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, nonce), false));

    JsonNode first = handle(event);
    JsonNode second = handle(event);

    assertThat(first.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(second.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(probes.probesSince(ROUTE, SENT.minusSeconds(1)))
        .filteredOn(probe -> probe.probeId().equals(nonce))
        .hasSize(1);
  }

  @Test
  void handle_sameProbeResentUnderANewSesMessageId_keepsTheFirstArrival() {
    String nonce = nonce("resent");
    byte[] mail = probe(Samples.SAMPLE_KEY, nonce);

    handle(
        TestEvents.event(TestEvents.sesRecord("ses-a-" + nonce, SENT.plusSeconds(4), mail, false)));
    JsonNode resent =
        handle(
            TestEvents.event(
                TestEvents.sesRecord("ses-b-" + nonce, SENT.plusSeconds(600), mail, false)));

    assertThat(resent.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(recorded(nonce).delivery().deliveredAt()).isEqualTo(SENT.plusSeconds(4));
  }

  @Test
  void handle_tokenSignedWithAnotherKey_isForgedAndNothingIsWritten() {
    String nonce = nonce("forged");

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce, SENT.plusSeconds(4), probe(Samples.FORGER_KEY, nonce), false)));

    assertThat(summary.get("FORGED").asInt()).isEqualTo(1);
    assertThat(calls.count("UpdateItem")).isZero();
    assertThat(recorded(nonce)).isNull();
  }

  @Test
  void handle_genuineTokenArrivingAfterTheReplayWindow_isReplayedAndNothingIsWritten() {
    String nonce = nonce("replayed");

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce,
                    SENT.plus(Duration.ofDays(3)),
                    probe(Samples.SAMPLE_KEY, nonce),
                    false)));

    assertThat(summary.get("REPLAYED").asInt()).isEqualTo(1);
    assertThat(calls.count("UpdateItem")).isZero();
  }

  @Test
  void handle_outOfOfficeReply_isForeign() {
    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce("foreign"),
                    Instant.parse("2024-01-02T10:00:09Z"),
                    Samples.fixture("out-of-office-reply.eml"),
                    false)));

    assertThat(summary.get("FOREIGN").asInt()).isEqualTo(1);
    assertThat(calls.count("UpdateItem")).isZero();
  }

  @Test
  void handle_malformedRecordAmongGoodOnes_recordsTheGoodOnes() {
    String first = nonce("good");
    String second = nonce("good");
    ObjectNode broken =
        TestEvents.sesRecord("ses-broken", SENT, probe(Samples.SAMPLE_KEY, nonce("bad")), false);
    ((ObjectNode) broken.get("ses").get("mail")).remove("messageId");

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + first, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, first), false),
                broken,
                TestEvents.sesRecord(
                    "ses-" + second,
                    SENT.plusSeconds(5),
                    probe(Samples.SAMPLE_KEY, second),
                    false)));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(2);
    assertThat(summary.get("MALFORMED_RECORD").asInt()).isEqualTo(1);
    assertThat(recorded(first)).isNotNull();
    assertThat(recorded(second)).isNotNull();
  }

  @Test
  void handle_s3EventOfAMissingObject_isMissingObject() {
    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(bucket, PREFIX + "never-stored", 2_000, SENT.plusSeconds(4))));

    assertThat(summary.get("MISSING_OBJECT").asInt()).isEqualTo(1);
  }

  @Test
  void handle_objectOverTheSizeLimit_isOversizedWithoutDownloadingIt() {
    byte[] huge = new byte[MAX_MAIL_BYTES + 1];
    Arrays.fill(huge, (byte) 'x');
    String messageId = "ses-" + nonce("huge");
    store(PREFIX + messageId, huge);

    JsonNode fromS3Event =
        handle(
            TestEvents.event(
                TestEvents.s3Record(bucket, PREFIX + messageId, huge.length, SENT.plusSeconds(4))));
    JsonNode fromSesEvent =
        handle(
            TestEvents.event(
                TestEvents.sesRecord(
                    messageId,
                    SENT.plusSeconds(4),
                    probe(Samples.SAMPLE_KEY, "unused0000000001"),
                    true)));

    assertThat(fromS3Event.get("OVERSIZED").asInt()).isEqualTo(1);
    assertThat(fromSesEvent.get("OVERSIZED").asInt()).isEqualTo(1);
    assertThat(calls.count("HeadObject")).isEqualTo(1);
    assertThat(calls.count("GetObject")).isZero();
  }

  @Test
  void handle_connectionResetOnOneRecord_failsAfterTheOthersAndTheRetryRecordsEachOnce() {
    String first = nonce("reset");
    String second = nonce("reset");
    byte[] event =
        TestEvents.event(
            TestEvents.sesRecord(
                "ses-" + first, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, first), false),
            TestEvents.sesRecord(
                "ses-" + second, SENT.plusSeconds(5), probe(Samples.SAMPLE_KEY, second), false));
    faults.failNext("UpdateItem", 1, FaultInjector.Fault.RESET_BEFORE_SENDING);

    assertThatThrownBy(() -> handle(event))
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("1 of 2 records");
    assertThat(recorded(first)).isNull();
    assertThat(recorded(second)).isNotNull();

    JsonNode retry = handle(event);

    assertThat(retry.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(retry.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(recorded(first).delivery().deliveredAt()).isEqualTo(SENT.plusSeconds(4));
  }

  @Test
  void handle_serverErrorAfterTheWriteWasDone_failsAndTheRetryFindsItDone() {
    String nonce = nonce("lostanswer");
    byte[] event =
        TestEvents.event(
            TestEvents.sesRecord(
                "ses-" + nonce, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, nonce), false));
    faults.failNext("UpdateItem", 1, FaultInjector.Fault.SERVER_ERROR_AFTER_DOING_IT);

    assertThatThrownBy(() -> handle(event)).isInstanceOf(TransientFailureException.class);
    JsonNode retry = handle(event);

    assertThat(retry.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(probes.probesSince(ROUTE, SENT.minusSeconds(1)))
        .filteredOn(probe -> probe.probeId().equals(nonce))
        .hasSize(1);
  }

  @Test
  void handle_whenTheAnswerToTheArrivalIsLostAndTheSdkRetries_countsAFirstArrivalAsRecorded() {
    String nonce = nonce("retried");
    byte[] event =
        TestEvents.event(
            TestEvents.sesRecord(
                "ses-" + nonce, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, nonce), false));
    lostAnswers.failNextAttempts("UpdateItem", 1);

    JsonNode summary = handle(event);

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(summary.get("DUPLICATE").asInt()).isZero();
    assertThat(recorded(nonce).delivery().deliveredAt()).isEqualTo(SENT.plusSeconds(4));
  }

  @Test
  void handle_anEarlierCopyAfterALaterOne_keepsTheEarlierArrivalAndCountsTheProbeOnce() {
    String nonce = nonce("reversed");
    byte[] mail = probe(Samples.SAMPLE_KEY, nonce);
    byte[] later =
        TestEvents.event(
            TestEvents.sesRecord("ses-" + nonce + "-b", SENT.plusSeconds(9), mail, false));
    byte[] earlier =
        TestEvents.event(
            TestEvents.sesRecord("ses-" + nonce + "-a", SENT.plusSeconds(4), mail, false));

    JsonNode first = handle(later);
    JsonNode second = handle(earlier);

    assertThat(first.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(second.get("EARLIER_COPY").asInt()).isEqualTo(1);
    assertThat(second.get("RECORDED").asInt()).isZero();
    assertThat(recorded(nonce).delivery().deliveredAt()).isEqualTo(SENT.plusSeconds(4));
  }

  @Test
  void handle_deletedProbeTable_isFailedWithoutRetryingTheEvent() {
    String deleted = ResourceNames.unique("deleted-probes");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.probes(deleted));
    ReceiveHandler orphan = newHandler(settings(deleted, secret), Clock.systemUTC());
    clients.dynamoDb().deleteTable(r -> r.tableName(deleted));
    String nonce = nonce("orphan");

    JsonNode summary =
        handle(
            orphan,
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce, SENT.plusSeconds(4), probe(Samples.SAMPLE_KEY, nonce), false)));

    // A missing table is a deployment fault: retrying the event would only delay the alarm.
    assertThat(summary.get("FAILED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_sampleEvents_recordTwoProbesAndSeeTheStoredOneTwice() {
    store(Samples.SAMPLE_PREFIX + Samples.SAMPLE_STORED_MESSAGE_ID, Samples.sampleMail());
    byte[] s3Event =
        new String(Samples.event("receive-s3-object-created.json"), StandardCharsets.UTF_8)
            .replace(Samples.SAMPLE_BUCKET, bucket)
            .getBytes(StandardCharsets.UTF_8);

    JsonNode complete = handle(Samples.event("receive-ses-receipt.json"));
    JsonNode truncated = handle(Samples.event("receive-ses-receipt-truncated.json"));
    JsonNode created = handle(s3Event);

    assertThat(complete.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(truncated.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(created.get("DUPLICATE").asInt()).isEqualTo(1);
    // Read the items themselves: the samples' probes are older than their retention.
    assertThat(item("sample0000000001").get("deliveredAt").s())
        .isEqualTo("2026-03-02T09:00:04.512Z");
    assertThat(item("sample0000000002").get("deliveredAt").s())
        .isEqualTo("2026-03-02T09:05:04.377Z");
  }

  @Test
  void handle_afterTheSigningSecretRotates_acceptsTheNewKeyWithoutARestart() {
    String rotating = ResourceNames.unique("signing");
    clients.secretsManager().createSecret(r -> r.name(rotating).secretString(SECRET));
    MutableClock clock = new MutableClock(Instant.now());
    ReceiveHandler rotatingHandler = newHandler(settings(table, rotating), clock);
    SigningKey next =
        new SigningKey(
            "next", "the-next-sample-key-after-rotation".getBytes(StandardCharsets.US_ASCII));
    clients
        .secretsManager()
        .putSecretValue(
            r ->
                r.secretId(rotating)
                    .secretString(
                        "{\"keyId\": \"next\", \"key\": \"the-next-sample-key-after-rotation\","
                            + " \"previousKeyId\": \"sample\","
                            + " \"previousKey\": \"mailflow-sample-signing-key-not-for-production\"}"));
    clock.advance(ReceiveFunction.SIGNING_KEYS_REFRESH);
    String nonce = nonce("rotated");

    JsonNode summary =
        handle(
            rotatingHandler,
            TestEvents.event(
                TestEvents.sesRecord(
                    "ses-" + nonce, SENT.plusSeconds(4), probe(next, nonce), false)));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
  }
}
