package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.mail.MailHeader;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InboundEventParserTest {

  private final InboundEventParser parser = new InboundEventParser();

  private InboundEvent parse(byte[] json) {
    return parser.parse(new ByteArrayInputStream(json));
  }

  private InboundEvent parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private EventRecord only(byte[] json) {
    List<EventRecord> records = parse(json).records();
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  @Test
  void parse_sesReceiptSample_readsEveryField() {
    EventRecord record = only(Samples.event("receive-ses-receipt.json"));

    assertThat(record).isInstanceOf(SesReceiptRecord.class);
    SesReceiptRecord ses = (SesReceiptRecord) record;
    assertThat(ses.index()).isZero();
    SesReceiptRecord.Mail mail = ses.mail();
    assertThat(mail.timestamp()).isEqualTo(Instant.parse("2026-03-02T09:00:04.512Z"));
    assertThat(mail.source()).isEqualTo("mailflow@contoso.com");
    assertThat(mail.messageId()).isEqualTo("6pmlq3e4u0ecn0ceovqomhsa1k8dd5db2sr3f2g1");
    assertThat(ses.messageId()).isEqualTo(mail.messageId());
    assertThat(mail.destination()).containsExactly("probe-mx01@mailflow.contoso.com");
    assertThat(mail.headersTruncated()).isFalse();
    assertThat(mail.hasCompleteHeaders()).isTrue();
    assertThat(mail.headers()).hasSize(21);
    assertThat(mail.headers().get(0))
        .isEqualTo(new MailHeader("Return-Path", "<mailflow@contoso.com>"));
    assertThat(mail.headers())
        .filteredOn(header -> header.name().equals("X-Mailflow-Probe"))
        .singleElement()
        .extracting(MailHeader::value)
        .asString()
        .startsWith("v1.sample.MX02-to-MX01.1772442000000.sample0000000001.");
    SesReceiptRecord.CommonHeaders common = mail.commonHeaders();
    assertThat(common.returnPath()).isEqualTo("mailflow@contoso.com");
    assertThat(common.from()).containsExactly("mailflow@contoso.com");
    assertThat(common.date()).isEqualTo("Mon, 2 Mar 2026 09:00:00 +0000");
    assertThat(common.to()).containsExactly("probe-mx01@contoso.com");
    assertThat(common.messageId()).isEqualTo("<probe.sample0000000001.MX02-to-MX01@contoso.com>");
    assertThat(common.subject()).isEqualTo("Mailflow probe MX02-to-MX01 2026-03-02 09:00:00Z");
    SesReceiptRecord.Receipt receipt = ses.receipt();
    assertThat(receipt.timestamp()).isEqualTo(Instant.parse("2026-03-02T09:00:04.512Z"));
    assertThat(receipt.processingTimeMillis()).isEqualTo(388);
    assertThat(receipt.recipients()).containsExactly("probe-mx01@mailflow.contoso.com");
    assertThat(receipt.spfVerdict()).isEqualTo("PASS");
    assertThat(receipt.dkimVerdict()).isEqualTo("GRAY");
    assertThat(receipt.dmarcVerdict()).isEqualTo("GRAY");
    assertThat(receipt.spamVerdict()).isEqualTo("PASS");
    assertThat(receipt.virusVerdict()).isEqualTo("PASS");
    assertThat(receipt.action())
        .isEqualTo(
            new SesReceiptRecord.Action(
                "Lambda",
                "arn:aws:lambda:eu-west-1:123456789012:function:mailflow-receive",
                "Event"));
  }

  @Test
  void parse_truncatedSesReceiptSample_saysTheHeadersAreIncomplete() {
    SesReceiptRecord ses =
        (SesReceiptRecord) only(Samples.event("receive-ses-receipt-truncated.json"));

    assertThat(ses.mail().headersTruncated()).isTrue();
    assertThat(ses.mail().hasCompleteHeaders()).isFalse();
    assertThat(ses.messageId()).isEqualTo(Samples.SAMPLE_STORED_MESSAGE_ID);
  }

  @Test
  void parse_s3ObjectCreatedSample_readsEveryField() {
    EventRecord record = only(Samples.event("receive-s3-object-created.json"));

    assertThat(record)
        .isEqualTo(
            new S3ObjectCreatedRecord(
                0,
                "ObjectCreated:Put",
                Instant.parse("2026-03-02T09:05:04.611Z"),
                "eu-west-1",
                Samples.SAMPLE_BUCKET,
                Samples.SAMPLE_PREFIX + Samples.SAMPLE_STORED_MESSAGE_ID,
                OptionalLong.of(Samples.sampleMail().length),
                "11a4e364833fdb8d1fd3d94123333a6d"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "inbound/plain-key | inbound/plain-key",
        "inbound/with+space | inbound/with space",
        "inbound%2Fslash%2Fencoded | inbound/slash/encoded",
        "inbound/caf%C3%A9+%28copy%29 | inbound/café (copy)",
        "inbound/plus%2Bsign | inbound/plus+sign",
        "inbound/100%25 | inbound/100%"
      })
  void parse_s3Key_isUrlDecoded(String encoded, String decoded) {
    S3ObjectCreatedRecord s3 =
        (S3ObjectCreatedRecord)
            only(TestEvents.event(TestEvents.s3Record("bucket", encoded, 10, Instant.EPOCH)));

    assertThat(s3.key()).isEqualTo(decoded);
  }

  @Test
  void parse_s3RecordWithoutSize_leavesTheSizeUnknown() {
    ObjectNode record = TestEvents.s3Record("bucket", "key", 10, Instant.EPOCH);
    ((ObjectNode) record.get("s3").get("object")).remove("size");

    S3ObjectCreatedRecord s3 = (S3ObjectCreatedRecord) only(TestEvents.event(record));

    assertThat(s3.size()).isEmpty();
  }

  @Test
  void parse_sesVerdicts_replaceTheHeaderVerdictsAsLowerCaseWords() {
    SesReceiptRecord ses = (SesReceiptRecord) only(Samples.event("receive-ses-receipt.json"));

    AuthenticationVerdicts verdicts =
        ses.receipt().authentication().over(new AuthenticationVerdicts("pass", "none", "none"));

    assertThat(verdicts).isEqualTo(new AuthenticationVerdicts("pass", "gray", "gray"));
  }

  @Test
  void parse_sesRecordWithoutVerdicts_keepsTheHeaderVerdicts() {
    ObjectNode record = TestEvents.sesRecord("m1", Instant.EPOCH, Samples.sampleMail(), false);
    ObjectNode receipt = (ObjectNode) record.get("ses").get("receipt");
    receipt.remove(List.of("spfVerdict", "dkimVerdict", "dmarcVerdict"));
    receipt.putObject("dmarcVerdict").put("status", "PROCESSING_FAILED");

    SesReceiptRecord ses = (SesReceiptRecord) only(TestEvents.event(record));

    assertThat(ses.receipt().authentication().over(new AuthenticationVerdicts("pass", "none", "")))
        .isEqualTo(new AuthenticationVerdicts("pass", "none", "processing_failed"));
  }

  @Test
  void parse_unknownFields_areIgnored() {
    ObjectNode ses = TestEvents.sesRecord("m1", Instant.EPOCH, Samples.sampleMail(), false);
    ses.put("somethingNew", 42);
    ((ObjectNode) ses.get("ses").get("mail")).putObject("futureField").put("a", true);
    ((ObjectNode) ses.get("ses").get("receipt")).put("dmarcPolicy", "reject");
    ObjectNode s3 = TestEvents.s3Record("bucket", "key", 10, Instant.EPOCH);
    ((ObjectNode) s3.get("s3").get("object")).put("versionId", "3HL4kqtJlcpXroDTDmJ");

    List<EventRecord> records = parse(TestEvents.event(ses, s3)).records();

    assertThat(records)
        .hasExactlyElementsOfTypes(SesReceiptRecord.class, S3ObjectCreatedRecord.class);
    assertThat(records).extracting(EventRecord::index).containsExactly(0, 1);
  }

  @Test
  void parse_sesRecordWithoutHeaders_asksForTheStoredMail() {
    ObjectNode record = TestEvents.sesRecord("m1", Instant.EPOCH, Samples.sampleMail(), false);
    ((ObjectNode) record.get("ses").get("mail")).remove("headers");

    SesReceiptRecord ses = (SesReceiptRecord) only(TestEvents.event(record));

    assertThat(ses.mail().headers()).isEmpty();
    assertThat(ses.mail().hasCompleteHeaders()).isFalse();
  }

  static Stream<Arguments> malformedRecords() {
    return Stream.of(
        malformed("a string instead of a record", r -> {}, "\"not a record\"", "not an object"),
        malformed("no event source", r -> r.remove("eventSource"), null, "no eventSource"),
        malformed(
            "another event source",
            r -> r.put("eventSource", "aws:sqs"),
            null,
            "eventSource 'aws:sqs' is neither aws:ses nor aws:s3"),
        malformed("no ses object", r -> r.remove("ses"), null, "no ses object"),
        malformed("no message id", r -> mail(r).remove("messageId"), null, "no ses.mail.messageId"),
        malformed(
            "a receipt time that is no instant",
            r -> receipt(r).put("timestamp", "yesterday"),
            null,
            "ses.receipt.timestamp 'yesterday' is not an ISO-8601 instant"),
        malformed(
            "headers that are no list",
            r -> mail(r).put("headers", "Received: x"),
            null,
            "ses.mail.headers is not an array"),
        malformed(
            "a header without name",
            r -> ((ObjectNode) mail(r).get("headers").get(1)).remove("name"),
            null,
            "no ses.mail.headers[1].name"),
        malformed(
            "headersTruncated as text",
            r -> mail(r).put("headersTruncated", "no"),
            null,
            "ses.mail.headersTruncated is not true or false"),
        malformed(
            "a verdict that is no object",
            r -> receipt(r).put("spfVerdict", "PASS"),
            null,
            "spfVerdict is not an object"),
        malformed(
            "a recipient that is no string",
            r -> ((ArrayNode) receipt(r).get("recipients")).add(7),
            null,
            "ses.receipt.recipients[1] is not a string"));
  }

  static Stream<Arguments> malformedS3Records() {
    return Stream.of(
        Arguments.of(
            "an object removed",
            (Consumer<ObjectNode>) r -> r.put("eventName", "ObjectRemoved:Delete"),
            "eventName 'ObjectRemoved:Delete' is not an ObjectCreated event"),
        Arguments.of(
            "no bucket",
            (Consumer<ObjectNode>) r -> ((ObjectNode) r.get("s3")).remove("bucket"),
            "no bucket object"),
        Arguments.of(
            "no key", (Consumer<ObjectNode>) r -> s3Object(r).remove("key"), "no s3.object.key"),
        Arguments.of(
            "a key with a broken escape",
            (Consumer<ObjectNode>) r -> s3Object(r).put("key", "inbound/%zz"),
            "s3.object.key 'inbound/%zz' is not URL-encoded"),
        Arguments.of(
            "a negative size",
            (Consumer<ObjectNode>) r -> s3Object(r).put("size", -1),
            "s3.object.size is negative: -1"),
        Arguments.of(
            "a size that is no whole number",
            (Consumer<ObjectNode>) r -> s3Object(r).put("size", 1.5),
            "s3.object.size is not a whole number"),
        Arguments.of(
            "no event time", (Consumer<ObjectNode>) r -> r.remove("eventTime"), "no eventTime"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRecords")
  void parse_malformedSesRecordAmongGoodOnes_isOneMalformedRecordWithTheReason(
      String description, String recordJson, String reason) throws Exception {
    String good = TestEvents.s3Record("bucket", "key", 10, Instant.EPOCH).toString();
    String json = "{\"Records\": [" + good + ", " + recordJson + ", " + good + "]}";

    List<EventRecord> records = parse(json).records();

    assertThat(records)
        .hasExactlyElementsOfTypes(
            S3ObjectCreatedRecord.class, MalformedRecord.class, S3ObjectCreatedRecord.class);
    MalformedRecord malformed = (MalformedRecord) records.get(1);
    assertThat(malformed.index()).isEqualTo(1);
    assertThat(malformed.reason()).contains(reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedS3Records")
  void parse_malformedS3Record_isOneMalformedRecordWithTheReason(
      String description, Consumer<ObjectNode> damage, String reason) {
    ObjectNode record = TestEvents.s3Record("bucket", "inbound/m1", 10, Instant.EPOCH);
    damage.accept(record);

    EventRecord parsed = only(TestEvents.event(record));

    assertThat(parsed).isInstanceOf(MalformedRecord.class);
    assertThat(((MalformedRecord) parsed).reason()).contains(reason);
  }

  @Test
  void parse_malformedRecord_isNamedByWhatCouldBeRead() {
    ObjectNode ses = TestEvents.sesRecord("m-ses", Instant.EPOCH, Samples.sampleMail(), false);
    receipt(ses).remove("timestamp");
    ObjectNode s3 = TestEvents.s3Record("bucket", "inbound/m-s3", 1, Instant.EPOCH);
    s3.remove("eventTime");

    List<EventRecord> records = parse(TestEvents.event(ses, s3)).records();

    assertThat(records)
        .extracting(record -> ((MalformedRecord) record).identity())
        .containsExactly("sesMessageId=m-ses", "s3Key=inbound/m-s3");
  }

  @Test
  void parse_emptyRecords_isAnEventWithoutRecords() {
    assertThat(parse("{\"Records\": []}").records()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json at all",
        "{\"Records\": [",
        "[{\"eventSource\": \"aws:ses\"}]",
        "{\"detail-type\": \"Object Created\", \"source\": \"aws.s3\"}",
        "{\"Records\": {\"eventSource\": \"aws:ses\"}}",
        "null"
      })
  void parse_eventWithoutRecordsArray_isRefusedWithAReason(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(UnreadableEventException.class)
        .hasMessageStartingWith("the event ");
  }

  @Test
  void parse_everySampleEvent_hasOnlyReadableRecords() throws Exception {
    List<Path> samples = Samples.receiveEvents();

    assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
    for (Path sample : samples) {
      assertThat(parse(Files.readAllBytes(sample)).records())
          .as(sample.getFileName().toString())
          .isNotEmpty()
          .noneMatch(record -> record instanceof MalformedRecord);
    }
  }

  private static Arguments malformed(
      String description, Consumer<ObjectNode> damage, String literal, String reason) {
    if (literal != null) {
      return Arguments.of(description, literal, reason);
    }
    ObjectNode record = TestEvents.sesRecord("m1", Instant.EPOCH, Samples.sampleMail(), false);
    damage.accept(record);
    return Arguments.of(description, record.toString(), reason);
  }

  private static ObjectNode mail(ObjectNode record) {
    return (ObjectNode) record.get("ses").get("mail");
  }

  private static ObjectNode receipt(ObjectNode record) {
    return (ObjectNode) record.get("ses").get("receipt");
  }

  private static ObjectNode s3Object(ObjectNode record) {
    return (ObjectNode) record.get("s3").get("object");
  }
}
