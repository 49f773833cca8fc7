package dev.mailflow.receive;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.mail.MailHeader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads the event that invokes the receive function: SES receipt records and S3 object-created
 * records, in any mix.
 *
 * <p>It walks Jackson's tree rather than binding classes by reflection, which keeps the cold start
 * short and lets one bad record be one {@link MalformedRecord} instead of an exception that loses
 * the whole event. Unknown fields are ignored, so new fields AWS adds to either event change
 * nothing. Only an event that is not JSON, or has no {@code Records} array, is refused as a whole,
 * with an {@link UnreadableEventException}.
 *
 * <p>Thread-safe and stateless: build one per container.
 */
final class InboundEventParser {

  /** Built once: an {@code ObjectMapper} is costly to create and safe to share. */
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads an event.
   *
   * @param event the event's JSON, as Lambda hands it to a stream handler
   * @return every record of the event, a {@link MalformedRecord} for each that cannot be read
   * @throws UnreadableEventException when the input is not a JSON object with a {@code Records}
   *     array
   */
  public InboundEvent parse(InputStream event) {
    Objects.requireNonNull(event, "event");
    JsonNode root;
    try {
      root = JSON.readTree(event);
    } catch (JacksonException e) {
      throw new UnreadableEventException(
          "the event is not JSON: " + e.getOriginalMessage() + " " + e.getLocation(), e);
    } catch (IOException e) {
      throw new UnreadableEventException("the event could not be read: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new UnreadableEventException("the event is empty", null);
    }
    JsonNode records = root.get("Records");
    if (!root.isObject() || records == null || !records.isArray()) {
      throw new UnreadableEventException(
          "the event has no Records array: it is neither an SES receipt nor an S3 event", null);
    }
    List<EventRecord> parsed = new ArrayList<>(records.size());
    for (int index = 0; index < records.size(); index++) {
      parsed.add(record(index, records.get(index)));
    }
    return new InboundEvent(parsed);
  }

  private static EventRecord record(int index, JsonNode record) {
    String identity = identity(index, record);
    try {
      if (!record.isObject()) {
        throw new FieldException("Records[" + index + "] is not an object");
      }
      String source = text(record, "eventSource");
      if (SesReceiptRecord.EVENT_SOURCE.equals(source)) {
        return ses(index, record);
      }
      if (S3ObjectCreatedRecord.EVENT_SOURCE.equals(source)) {
        return s3(index, record);
      }
      throw new FieldException(
          "eventSource '"
              + source
              + "' is neither "
              + SesReceiptRecord.EVENT_SOURCE
              + " nor "
              + S3ObjectCreatedRecord.EVENT_SOURCE);
    } catch (FieldException e) {
      return new MalformedRecord(index, identity, e.getMessage());
    }
  }

  private static SesReceiptRecord ses(int index, JsonNode record) throws FieldException {
    JsonNode ses = object(record, "ses");
    JsonNode mail = object(ses, "mail");
    JsonNode receipt = object(ses, "receipt");
    JsonNode common = optionalObject(mail, "commonHeaders");
    JsonNode action = optionalObject(receipt, "action");
    return new SesReceiptRecord(
        index,
        new SesReceiptRecord.Mail(
            instant(mail, "timestamp", "ses.mail.timestamp"),
            optionalText(mail, "source", "ses.mail.source"),
            text(mail, "messageId", "ses.mail.messageId"),
            texts(mail, "destination", "ses.mail.destination"),
            optionalBoolean(mail, "headersTruncated", "ses.mail.headersTruncated"),
            headers(mail),
            common == null
                ? null
                : new SesReceiptRecord.CommonHeaders(
                    optionalText(common, "returnPath", "ses.mail.commonHeaders.returnPath"),
                    texts(common, "from", "ses.mail.commonHeaders.from"),
                    optionalText(common, "date", "ses.mail.commonHeaders.date"),
                    texts(common, "to", "ses.mail.commonHeaders.to"),
                    optionalText(common, "messageId", "ses.mail.commonHeaders.messageId"),
                    optionalText(common, "subject", "ses.mail.commonHeaders.subject"))),
        new SesReceiptRecord.Receipt(
            instant(receipt, "timestamp", "ses.receipt.timestamp"),
            optionalLong(receipt, "processingTimeMillis", "ses.receipt.processingTimeMillis")
                .orElse(0),
            texts(receipt, "recipients", "ses.receipt.recipients"),
            verdict(receipt, "spfVerdict"),
            verdict(receipt, "dkimVerdict"),
            verdict(receipt, "dmarcVerdict"),
            verdict(receipt, "spamVerdict"),
            verdict(receipt, "virusVerdict"),
            action == null
                ? null
                : new SesReceiptRecord.Action(
                    optionalText(action, "type", "ses.receipt.action.type"),
                    optionalText(action, "functionArn", "ses.receipt.action.functionArn"),
                    optionalText(action, "invocationType", "ses.receipt.action.invocationType"))));
  }

  private static S3ObjectCreatedRecord s3(int index, JsonNode record) throws FieldException {
    String eventName = text(record, "eventName", "eventName");
    if (!eventName.startsWith(S3ObjectCreatedRecord.OBJECT_CREATED)) {
      throw new FieldException("eventName '" + eventName + "' is not an ObjectCreated event");
    }
    JsonNode s3 = object(record, "s3");
    JsonNode bucket = object(s3, "bucket");
    JsonNode object = object(s3, "object");
    OptionalLong size = optionalLong(object, "size", "s3.object.size");
    if (size.isPresent() && size.getAsLong() < 0) {
      throw new FieldException("s3.object.size is negative: " + size.getAsLong());
    }
    return new S3ObjectCreatedRecord(
        index,
        eventName,
        instant(record, "eventTime", "eventTime"),
        optionalText(record, "awsRegion", "awsRegion"),
        text(bucket, "name", "s3.bucket.name"),
        decodedKey(text(object, "key", "s3.object.key")),
        size,
        optionalText(object, "eTag", "s3.object.eTag"));
  }

  /**
   * S3 writes the key into the event form-URL-encoded: a space as '+', other special characters as
   * %XX escapes of their UTF-8 bytes.
   */
  private static String decodedKey(String encoded) throws FieldException {
    try {
      return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new FieldException(
          "s3.object.key '" + encoded + "' is not URL-encoded: " + e.getMessage());
    }
  }

  /** The best name for a record in logs, read without trusting the record's shape. */
  private static String identity(int index, JsonNode record) {
    JsonNode messageId = record.path("ses").path("mail").path("messageId");
    if (messageId.isTextual()) {
      return "sesMessageId=" + messageId.asText();
    }
    JsonNode key = record.path("s3").path("object").path("key");
    if (key.isTextual()) {
      return "s3Key=" + key.asText();
    }
    return "Records[" + index + "]";
  }

  private static List<MailHeader> headers(JsonNode mail) throws FieldException {
    JsonNode headers = mail.get("headers");
    if (headers == null || headers.isNull()) {
      return List.of();
    }
    if (!headers.isArray()) {
      throw new FieldException("ses.mail.headers is not an array");
    }
    List<MailHeader> list = new ArrayList<>(headers.size());
    for (int i = 0; i < headers.size(); i++) {
      JsonNode header = headers.get(i);
      String path = "ses.mail.headers[" + i + "]";
      if (!header.isObject()) {
        throw new FieldException(path + " is not an object");
      }
      list.add(
          new MailHeader(
              text(header, "name", path + ".name"),
              optionalText(header, "value", path + ".value")));
    }
    return list;
  }

  private static String verdict(JsonNode receipt, String field) throws FieldException {
    JsonNode verdict = optionalObject(receipt, field);
    return verdict == null
        ? ""
        : optionalText(verdict, "status", "ses.receipt." + field + ".status");
  }

  private static JsonNode object(JsonNode parent, String field) throws FieldException {
    JsonNode node = optionalObject(parent, field);
    if (node == null) {
      throw new FieldException("no " + field + " object");
    }
    return node;
  }

  private static JsonNode optionalObject(JsonNode parent, String field) throws FieldException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw new FieldException(field + " is not an object");
    }
    return node;
  }

  private static String text(JsonNode parent, String field) throws FieldException {
    return text(parent, field, field);
  }

  private static String text(JsonNode parent, String field, String path) throws FieldException {
    String value = optionalText(parent, field, path);
    if (value.isBlank()) {
      throw new FieldException("no " + path);
    }
    return value;
  }

  private static String optionalText(JsonNode parent, String field, String path)
      throws FieldException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new FieldException(path + " is not a string");
    }
    return node.asText();
  }

  private static List<String> texts(JsonNode parent, String field, String path)
      throws FieldException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new FieldException(path + " is not an array");
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw new FieldException(path + "[" + i + "] is not a string");
      }
      values.add(node.get(i).asText());
    }
    return values;
  }

  private static boolean optionalBoolean(JsonNode parent, String field, String path)
      throws FieldException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new FieldException(path + " is not true or false");
    }
    return node.booleanValue();
  }

  private static OptionalLong optionalLong(JsonNode parent, String field, String path)
      throws FieldException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return OptionalLong.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new FieldException(path + " is not a whole number");
    }
    return OptionalLong.of(node.longValue());
  }

  private static Instant instant(JsonNode parent, String field, String path) throws FieldException {
    String value = text(parent, field, path);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new FieldException(path + " '" + value + "' is not an ISO-8601 instant");
    }
  }

  /** A field is missing or of the wrong type; the message names it by its path in the record. */
  private static final class FieldException extends Exception {
    private static final long serialVersionUID = 1L;

    FieldException(String message) {
      super(message, null, false, false);
    }
  }
}
