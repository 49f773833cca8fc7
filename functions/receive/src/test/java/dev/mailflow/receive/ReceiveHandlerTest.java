package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.mail.MailLimits;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.receiving.ArrivalRecorder;
import dev.mailflow.domain.receiving.ExpectedOrigins;
import dev.mailflow.domain.receiving.VerdictScreen;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReceiveHandlerTest {

  private static final int MAX_BYTES = 16 * 1024;
  private static final Duration MAX_AGE = Duration.ofDays(2);
  private static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");

  private final InMemoryProbeStore store = new InMemoryProbeStore();
  private final InMemoryRawMail rawMail =
      new InMemoryRawMail(MAX_BYTES)
          .put(
              Samples.SAMPLE_BUCKET,
              Samples.SAMPLE_PREFIX + Samples.SAMPLE_STORED_MESSAGE_ID,
              Samples.sampleMail());
  private final ReceiveFunction function = function(VerdictScreen.defaults(), ExpectedOrigins.NONE);
  private final ReceiveHandler handler = new ReceiveHandler(function);

  /** The function over the test's store and bucket, screening and checking origins as told. */
  private ReceiveFunction function(VerdictScreen screen, ExpectedOrigins origins) {
    return new ReceiveFunction(
        screen,
        new ProbeMailReader(
            () -> Samples.TRUSTED_KEYS,
            Duration.ofMinutes(5),
            new MailLimits(MAX_BYTES, 1000, 16 * 1024, 100),
            Clock.systemUTC()),
        rawMail,
        new ArrivalRecorder(store, MAX_AGE, ReceiveFunction.MAX_CLOCK_SKEW, origins),
        Samples.SAMPLE_BUCKET,
        Samples.SAMPLE_PREFIX,
        () -> {});
  }

  /** Runs the handler as Lambda does and answers the summary it wrote. */
  private JsonNode handle(byte[] event) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(new ByteArrayInputStream(event), output, null);
      return TestEvents.JSON.readTree(output.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode ses(String messageId, Instant receivedAt, byte[] mail) {
    return TestEvents.sesRecord(messageId, receivedAt, mail, false);
  }

  private static byte[] probe(String nonce) {
    return Samples.probeMail(Samples.SAMPLE_KEY, SENT, nonce);
  }

  static Stream<Path> sampleEvents() {
    return Samples.receiveEvents().stream();
  }

  @ParameterizedTest
  @MethodSource("sampleEvents")
  void handle_sampleEvent_recordsItsProbe(Path sample) throws IOException {
    JsonNode summary = handle(Files.readAllBytes(sample));

    assertThat(summary.get("records").asInt()).isEqualTo(1);
    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(store.arrivals())
        .singleElement()
        .satisfies(arrival -> assertThat(arrival.routeId()).isEqualTo("MX02-to-MX01"));
  }

  @Test
  void handle_sesReceiptWithCompleteHeaders_recordsHopsAndSesVerdictsWithoutReadingS3() {
    JsonNode summary = handle(Samples.event("receive-ses-receipt.json"));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    Arrival arrival = store.arrival("MX02-to-MX01", "sample0000000001");
    assertThat(arrival.arrivedAt()).isEqualTo(Instant.parse("2026-03-02T09:00:04.512Z"));
    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofMillis(4512));
    assertThat(arrival.messageId()).isEqualTo("<probe.sample0000000001.MX02-to-MX01@contoso.com>");
    assertThat(arrival.hops())
        .extracting(Hop::by, Hop::delay)
        .containsExactly(
            tuple("MX02.contoso.local", Duration.ofSeconds(1)),
            tuple("MX01.contoso.local", Duration.ofSeconds(2)),
            tuple("inbound-smtp.eu-west-1.amazonaws.com", Duration.ofSeconds(1)));
    // The header says dkim=none and dmarc=none; SES's own verdicts win.
    assertThat(arrival.authentication())
        .isEqualTo(new AuthenticationVerdicts("pass", "gray", "gray"));
    assertThat(rawMail.reads()).isZero();
  }

  @Test
  void handle_sesReceiptWithTruncatedHeaders_readsTheStoredMailUnderPrefixAndMessageId() {
    JsonNode summary = handle(Samples.event("receive-ses-receipt-truncated.json"));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(rawMail.reads()).isEqualTo(1);
    Arrival arrival = store.arrival("MX02-to-MX01", "sample0000000002");
    assertThat(arrival.arrivedAt()).isEqualTo(Instant.parse("2026-03-02T09:05:04.377Z"));
    assertThat(arrival.hops()).hasSize(3);
    assertThat(arrival.authentication())
        .isEqualTo(new AuthenticationVerdicts("pass", "gray", "gray"));
  }

  @Test
  void handle_s3ObjectCreated_recordsWithTheEventTimeAsArrival() {
    JsonNode summary = handle(Samples.event("receive-s3-object-created.json"));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    Arrival arrival = store.arrival("MX02-to-MX01", "sample0000000002");
    assertThat(arrival.arrivedAt()).isEqualTo(Instant.parse("2026-03-02T09:05:04.611Z"));
    // No SES verdicts in an S3 event: those of SES's Authentication-Results header stand.
    assertThat(arrival.authentication())
        .isEqualTo(new AuthenticationVerdicts("pass", "none", "none"));
  }

  @Test
  void handle_s3KeyUrlEncodedInTheEvent_readsTheDecodedKey() {
    rawMail.put(Samples.SAMPLE_BUCKET, "inbound/probe mail (1)", probe("encodedkey000001"));

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(
                    Samples.SAMPLE_BUCKET,
                    "inbound/probe+mail+%281%29",
                    2000,
                    SENT.plusSeconds(4))));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_s3EventForAnotherBucket_isNotRead() {
    rawMail.put("someone-elses-bucket", "inbound/mail", probe("otherbucket00001"));

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record("someone-elses-bucket", "inbound/mail", 2000, SENT)));

    assertThat(summary.get("OTHER_BUCKET").asInt()).isEqualTo(1);
    assertThat(store.arrivals()).isEmpty();
  }

  @Test
  void run_recordedArrival_writesItsLatencyAsAMetricForItsRoute() throws IOException {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    EmbeddedMetrics metrics =
        new EmbeddedMetrics(
            "Mailflow",
            new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8),
            Clock.systemUTC());

    function
        .run(
            new InboundEventParser()
                .parse(new ByteArrayInputStream(Samples.event("receive-ses-receipt.json"))))
        .emitMetrics(metrics);

    String[] written = lines.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertThat(written).hasSize(2);
    JsonNode latency = TestEvents.JSON.readTree(written[0]);
    assertThat(latency.get("Route").asText()).isEqualTo("MX02-to-MX01");
    assertThat(latency.get("DeliveryLatency").asLong()).isEqualTo(4512);
    JsonNode counts = TestEvents.JSON.readTree(written[1]);
    assertThat(counts.get("InboundRecorded").asInt()).isEqualTo(1);
    assertThat(counts.get("InboundRecords").asInt()).isEqualTo(1);
  }

  @Test
  void handle_sameSesEventTwice_recordsOneArrivalThenADuplicate() {
    byte[] event = Samples.event("receive-ses-receipt.json");

    handle(event);
    JsonNode second = handle(event);

    assertThat(second.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(second.get("RECORDED").asInt()).isZero();
    assertThat(store.arrivals()).hasSize(1);
  }

  @Test
  void handle_sameProbeResentUnderANewMessageId_isADuplicateKeepingTheFirstArrival() {
    byte[] mail = probe("resent0000000001");

    handle(TestEvents.event(ses("first-message-id", SENT.plusSeconds(4), mail)));
    JsonNode second =
        handle(TestEvents.event(ses("second-message-id", SENT.plusSeconds(90), mail)));

    assertThat(second.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(store.arrival("MX02-to-MX01", "resent0000000001").arrivedAt())
        .isEqualTo(SENT.plusSeconds(4));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spamVerdict", "virusVerdict"})
  void handle_genuineProbeSesFoundSpamOrAVirusIn_isDroppedWithoutReadingItsHeadersOrTheStoredMail(
      String verdict) {
    ObjectNode complete = ses("condemned-1", SENT.plusSeconds(4), probe("condemned0000001"));
    ObjectNode truncated =
        TestEvents.sesRecord(
            Samples.SAMPLE_STORED_MESSAGE_ID, SENT.plusSeconds(4), probe("condemned0000002"), true);
    for (ObjectNode record : List.of(complete, truncated)) {
      ((ObjectNode) record.at("/ses/receipt")).putObject(verdict).put("status", "FAIL");
    }

    JsonNode summary = handle(TestEvents.event(complete, truncated));

    assertThat(summary.get("FAILED_VERDICT").asInt()).isEqualTo(2);
    assertThat(summary.get("RECORDED").asInt()).isZero();
    assertThat(store.arrivals()).isEmpty();
    assertThat(rawMail.reads()).isZero();
  }

  @Test
  void handle_genuineProbeFailingDkim_isRecordedUnlessTheDeploymentRefusesDkimFailures()
      throws IOException {
    ObjectNode record = ses("dkim-fail", SENT.plusSeconds(4), probe("dkimfail00000001"));
    ((ObjectNode) record.at("/ses/receipt")).putObject("dkimVerdict").put("status", "FAIL");
    ReceiveHandler strict =
        new ReceiveHandler(function(VerdictScreen.parse("spam,virus,dkim"), ExpectedOrigins.NONE));
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    strict.handleRequest(
        new ByteArrayInputStream(TestEvents.event(record.deepCopy())), output, null);
    JsonNode lenient = handle(TestEvents.event(record));

    assertThat(output.toString(StandardCharsets.UTF_8)).contains("\"FAILED_VERDICT\":1");
    assertThat(lenient.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_truncatedSesHeadersKeepingAForgedToken_isForgedWithoutReadingTheStoredMail() {
    byte[] forged = Samples.probeMail(Samples.FORGER_KEY, SENT, "forgedkept000001");
    ObjectNode record =
        TestEvents.sesRecord(Samples.SAMPLE_STORED_MESSAGE_ID, SENT.plusSeconds(4), forged, true);
    ArrayNode kept = (ArrayNode) record.at("/ses/mail/headers");
    kept.addObject()
        .put("name", "X-Mailflow-Probe")
        .put("value", TestEvents.headerValue(forged, "X-Mailflow-Probe"));

    JsonNode summary = handle(TestEvents.event(record));

    assertThat(summary.get("FORGED").asInt()).isEqualTo(1);
    assertThat(rawMail.reads()).isZero();
  }

  @Test
  void handle_truncatedSesHeadersKeepingAGenuineToken_readsTheStoredMailForItsHops() {
    byte[] stored = Samples.sampleMail();
    ObjectNode record =
        TestEvents.sesRecord(Samples.SAMPLE_STORED_MESSAGE_ID, SENT.plusSeconds(4), stored, true);
    ((ArrayNode) record.at("/ses/mail/headers"))
        .addObject()
        .put("name", "X-Mailflow-Probe")
        .put("value", TestEvents.headerValue(stored, "X-Mailflow-Probe"));

    handle(TestEvents.event(record));

    assertThat(rawMail.reads()).isEqualTo(1);
  }

  /** A handler whose route MX02-to-MX01 has a target that expects {@code origin}. */
  private ReceiveHandler expecting(ExpectedOrigin origin) {
    return new ReceiveHandler(
        function(
            VerdictScreen.defaults(),
            route -> route.equals("MX02-to-MX01") ? origin : ExpectedOrigin.NONE));
  }

  private static JsonNode handleWith(ReceiveHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), output, null);
    return TestEvents.JSON.readTree(output.toByteArray());
  }

  /** The sample SES event, its probe handed to SES by {@code stamp} (SES's own Received header). */
  private static byte[] sampleHandedOverBy(String stamp, String dkimVerdict, String results)
      throws IOException {
    ObjectNode event =
        (ObjectNode) TestEvents.JSON.readTree(Samples.event("receive-ses-receipt.json"));
    ObjectNode ses = (ObjectNode) event.at("/Records/0/ses");
    for (JsonNode header : ses.at("/mail/headers")) {
      String name = header.get("name").asText();
      if (name.equals("Received") && header.get("value").asText().contains("amazonaws.com")) {
        ((ObjectNode) header)
            .put(
                "value",
                stamp
                    + " by inbound-smtp.eu-west-1.amazonaws.com with"
                    + " SMTP id 6pmlq3e4u0ecn0ceovqomhsa1k8dd5db2sr3f2g1; Mon, 02 Mar 2026 09:00:04 +0000");
      } else if (name.equals("Authentication-Results")) {
        ((ObjectNode) header).put("value", results);
      }
    }
    ((ObjectNode) ses.at("/receipt/dkimVerdict")).put("status", dkimVerdict);
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void handle_sampleProbeFromItsTargetsRelayHost_isRecorded() throws IOException {
    JsonNode summary =
        handleWith(
            expecting(new ExpectedOrigin(List.of("198.51.100.10"), "")),
            Samples.event("receive-ses-receipt.json"));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_capturedProbeMailedFromElsewhere_isUnexpectedOriginAndNotRecorded()
      throws IOException {
    // A genuine token, a HELO claiming the target's name, but another address.
    byte[] replayed =
        sampleHandedOverBy(
            "from mx01.contoso.com (relay.outsider.example [203.0.113.7])",
            "GRAY",
            "amazonses.com; spf=pass client-ip=203.0.113.7; dkim=none; dmarc=none;");

    JsonNode summary =
        handleWith(
            expecting(new ExpectedOrigin(List.of("198.51.100.10", "mx01.contoso.com"), "")),
            replayed);

    assertThat(summary.get("UNEXPECTED_ORIGIN").asInt()).isEqualTo(1);
    assertThat(summary.get("RECORDED").asInt()).isZero();
    assertThat(store.arrivals()).isEmpty();
  }

  @Test
  void handle_probeSignedByItsTargetsDkimDomain_isRecordedFromAnyRelay_onlyWhenSesDkimPassed()
      throws IOException {
    String signed =
        "amazonses.com; spf=pass client-ip=203.0.113.7; dkim=pass header.i=@contoso.com;"
            + " dmarc=pass header.from=contoso.com;";
    String relay = "from cloud-relay.example (cloud-relay.example [203.0.113.7])";
    ReceiveHandler handler = expecting(new ExpectedOrigin(List.of("198.51.100.10"), "contoso.com"));

    JsonNode failed = handleWith(handler, sampleHandedOverBy(relay, "FAIL", signed));
    JsonNode passed = handleWith(handler, sampleHandedOverBy(relay, "PASS", signed));

    assertThat(failed.get("UNEXPECTED_ORIGIN").asInt()).isEqualTo(1);
    assertThat(passed.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_foreignMail_isCountedAndNotRecorded() {
    JsonNode summary =
        handle(
            TestEvents.event(
                ses(
                    "out-of-office",
                    Instant.parse("2024-01-02T10:00:09Z"),
                    Samples.fixture("out-of-office-reply.eml"))));

    assertThat(summary.get("FOREIGN").asInt()).isEqualTo(1);
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_tokenSignedWithAnotherSecret_isForgedAndNotRecorded() {
    byte[] forged = Samples.probeMail(Samples.FORGER_KEY, SENT, "forged0000000001");

    JsonNode summary = handle(TestEvents.event(ses("forged", SENT.plusSeconds(4), forged)));

    assertThat(summary.get("FORGED").asInt()).isEqualTo(1);
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_forgedFixture_isForged() {
    JsonNode summary =
        handle(
            TestEvents.event(
                ses(
                    "forged-fixture",
                    Instant.parse("2006-07-28T11:07:49Z"),
                    Samples.fixture("forged-token.eml"))));

    assertThat(summary.get("FORGED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_truncatedOrUnknownKeyTokens_areForged() {
    byte[] good = probe("cutshort00000001");
    String text = new String(good, StandardCharsets.ISO_8859_1);
    String token = text.substring(text.indexOf("v1.sample."), text.indexOf("\r\nAuto-Submitted"));
    byte[] truncated =
        text.replace(token, token.substring(0, token.length() - 10))
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] unknownKey = Samples.probeMail(Samples.SAMPLE_KEY, SENT, "unknownkey000001");
    unknownKey =
        new String(unknownKey, StandardCharsets.ISO_8859_1)
            .replace("v1.sample.", "v1.retired.")
            .getBytes(StandardCharsets.ISO_8859_1);

    JsonNode summary =
        handle(
            TestEvents.event(
                ses("truncated", SENT.plusSeconds(4), truncated),
                ses("unknown-key", SENT.plusSeconds(4), unknownKey)));

    assertThat(summary.get("FORGED").asInt()).isEqualTo(2);
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_genuineProbeOlderThanTheReplayWindow_isReplayedAndNotRecorded() {
    JsonNode summary =
        handle(
            TestEvents.event(
                ses("replayed", SENT.plus(MAX_AGE).plusSeconds(1), probe("replayed00000001"))));

    assertThat(summary.get("REPLAYED").asInt()).isEqualTo(1);
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_probeSentFurtherAheadThanTheClockSkew_isFromTheFuture() {
    Instant tooEarly = SENT.minus(ReceiveFunction.MAX_CLOCK_SKEW).minusSeconds(1);

    JsonNode summary = handle(TestEvents.event(ses("future", tooEarly, probe("future0000000001"))));

    assertThat(summary.get("FROM_THE_FUTURE").asInt()).isEqualTo(1);
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_storedObjectWithoutHeaderSection_isMalformedMail() {
    rawMail.put(
        Samples.SAMPLE_BUCKET,
        "inbound/garbage",
        "just some text, no header at all\r\n".getBytes());

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(Samples.SAMPLE_BUCKET, "inbound/garbage", 35, SENT)));

    assertThat(summary.get("MALFORMED_MAIL").asInt()).isEqualTo(1);
  }

  @Test
  void handle_storedMailOverTheLimit_isOversizedAndNeverRead() {
    byte[] huge = new byte[MAX_BYTES + 1];
    Arrays.fill(huge, (byte) 'x');
    rawMail.put(Samples.SAMPLE_BUCKET, "inbound/huge", huge);

    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(Samples.SAMPLE_BUCKET, "inbound/huge", huge.length, SENT)));

    assertThat(summary.get("OVERSIZED").asInt()).isEqualTo(1);
    assertThat(rawMail.bytesRead()).isZero();
  }

  @Test
  void handle_sesHeaderListOverTheLimit_isOversized() {
    ObjectNode record = ses("many-headers", SENT.plusSeconds(4), probe("bigheaders000001"));
    ((ArrayNode) record.get("ses").get("mail").get("headers"))
        .addObject()
        .put("name", "X-Padding")
        .put("value", "x".repeat(MAX_BYTES));

    JsonNode summary = handle(TestEvents.event(record));

    assertThat(summary.get("OVERSIZED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_missingStoredMail_isMissingObject() {
    JsonNode summary =
        handle(
            TestEvents.event(
                TestEvents.s3Record(Samples.SAMPLE_BUCKET, "inbound/gone", 2000, SENT)));

    assertThat(summary.get("MISSING_OBJECT").asInt()).isEqualTo(1);
  }

  @Test
  void handle_truncatedSesHeadersWithoutStoredMail_isMissingObject() {
    ObjectNode record =
        TestEvents.sesRecord("never-stored", SENT.plusSeconds(4), probe("neverstored00001"), true);

    JsonNode summary = handle(TestEvents.event(record));

    assertThat(summary.get("MISSING_OBJECT").asInt()).isEqualTo(1);
  }

  @Test
  void handle_malformedRecordAmongGoodOnes_recordsTheGoodOnes() {
    ObjectNode broken = ses("broken", SENT.plusSeconds(4), probe("broken0000000001"));
    ((ObjectNode) broken.get("ses").get("receipt")).remove("timestamp");

    JsonNode summary =
        handle(
            TestEvents.event(
                ses("good-1", SENT.plusSeconds(4), probe("goodone000000001")),
                broken,
                ses("good-2", SENT.plusSeconds(5), probe("goodtwo000000002"))));

    assertThat(summary.get("records").asInt()).isEqualTo(3);
    assertThat(summary.get("RECORDED").asInt()).isEqualTo(2);
    assertThat(summary.get("MALFORMED_RECORD").asInt()).isEqualTo(1);
    assertThat(store.arrivals())
        .extracting(Arrival::probeId)
        .containsExactlyInAnyOrder("goodone000000001", "goodtwo000000002");
  }

  @Test
  void handle_transientStoreFailure_handlesTheOthersThenFailsAndTheRetryRecordsEachOnce() {
    store.failNext(new StoreException("throttled", true, null));
    byte[] event =
        TestEvents.event(
            ses("first", SENT.plusSeconds(4), probe("transient0000001")),
            ses("second", SENT.plusSeconds(5), probe("transient0000002")));
    ByteArrayOutputStream output = new ByteArrayOutputStream();

    assertThatThrownBy(() -> handler.handleRequest(new ByteArrayInputStream(event), output, null))
        .isInstanceOf(TransientFailureException.class)
        .hasMessageContaining("1 of 2 records")
        .hasRootCauseMessage("throttled");
    assertThat(output.toString(StandardCharsets.UTF_8)).contains("\"TRANSIENT_FAILURE\":1");
    assertThat(store.arrivals()).extracting(Arrival::probeId).containsExactly("transient0000002");

    JsonNode retry = handle(event);

    assertThat(retry.get("RECORDED").asInt()).isEqualTo(1);
    assertThat(retry.get("DUPLICATE").asInt()).isEqualTo(1);
    assertThat(store.arrivals()).hasSize(2);
  }

  @Test
  void handle_transientS3Failure_failsTheInvocation() {
    rawMail.failNext(new StoreException("GetObject: 503 Slow Down", true, null));

    assertThatThrownBy(() -> handle(Samples.event("receive-s3-object-created.json")))
        .isInstanceOf(TransientFailureException.class);
    assertThat(store.arrivals()).isEmpty();
  }

  @Test
  void handle_nonTransientStoreFailure_isFailedWithoutFailingTheInvocation() {
    store.failNext(new StoreException("AccessDeniedException", false, null));

    JsonNode summary =
        handle(
            TestEvents.event(
                ses("denied", SENT.plusSeconds(4), probe("denied0000000001")),
                ses("allowed", SENT.plusSeconds(4), probe("allowed000000001"))));

    assertThat(summary.get("FAILED").asInt()).isEqualTo(1);
    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void handle_unreadableEvent_failsWithTheReasonAndRecordsNothing() {
    byte[] event = "{\"detail-type\": \"Scheduled Event\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> handle(event))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageContaining("no Records array");
    assertThat(store.recordArrivalCalls()).isZero();
  }

  @Test
  void handle_anyEvent_writesEveryOutcomeInTheSummary() {
    JsonNode summary = handle("{\"Records\": []}".getBytes(StandardCharsets.UTF_8));

    assertThat(summary.get("records").asInt()).isZero();
    for (ArrivalOutcome outcome : ArrivalOutcome.values()) {
      assertThat(summary.get(outcome.name())).as(outcome.name()).isNotNull();
    }
  }
}
