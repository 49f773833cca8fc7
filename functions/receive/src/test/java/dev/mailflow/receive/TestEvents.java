package dev.mailflow.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds real-shaped SES receipt and S3 object-created events around test mails. */
final class TestEvents {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final DateTimeFormatter MAIL_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private TestEvents() {}

  static String mailDate(Instant instant) {
    return MAIL_DATE.format(instant);
  }

  /** An event of these records. */
  static byte[] event(ObjectNode... records) {
    ObjectNode event = JSON.createObjectNode();
    ArrayNode array = event.putArray("Records");
    for (ObjectNode record : records) {
      array.add(record);
    }
    return event.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The SES Lambda action's record for {@code rawMail}, accepted at {@code receivedAt}: its header
   * list, or only the first field of it with {@code headersTruncated} when {@code truncated}.
   */
  static ObjectNode sesRecord(
      String messageId, Instant receivedAt, byte[] rawMail, boolean truncated) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventSource", "aws:ses");
    record.put("eventVersion", "1.0");
    ObjectNode mail = record.putObject("ses").putObject("mail");
    mail.put("timestamp", receivedAt.toString());
    mail.put("source", "mailflow@contoso.com");
    mail.put("messageId", messageId);
    mail.putArray("destination").add("probe-mx01@mailflow.contoso.com");
    mail.put("headersTruncated", truncated);
    ArrayNode headers = mail.putArray("headers");
    for (String[] field : headerFields(rawMail)) {
      headers.addObject().put("name", field[0]).put("value", field[1]);
      if (truncated) {
        break;
      }
    }
    mail.putObject("commonHeaders").put("returnPath", "mailflow@contoso.com");
    ObjectNode receipt = ((ObjectNode) record.get("ses")).putObject("receipt");
    receipt.put("timestamp", receivedAt.toString());
    receipt.put("processingTimeMillis", 350);
    receipt.putArray("recipients").add("probe-mx01@mailflow.contoso.com");
    receipt.putObject("spamVerdict").put("status", "PASS");
    receipt.putObject("virusVerdict").put("status", "PASS");
    receipt.putObject("spfVerdict").put("status", "PASS");
    receipt.putObject("dkimVerdict").put("status", "GRAY");
    receipt.putObject("dmarcVerdict").put("status", "FAIL");
    receipt
        .putObject("action")
        .put("type", "Lambda")
        .put("functionArn", "arn:aws:lambda:eu-west-1:123456789012:function:mailflow-receive")
        .put("invocationType", "Event");
    return record;
  }

  /** An S3 ObjectCreated:Put record; {@code encodedKey} is written as given. */
  static ObjectNode s3Record(String bucket, String encodedKey, long size, Instant eventTime) {
    ObjectNode record = JSON.createObjectNode();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", "eu-west-1");
    record.put("eventTime", eventTime.toString());
    record.put("eventName", "ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.putObject("bucket").put("name", bucket).put("arn", "arn:aws:s3:::" + bucket);
    s3.putObject("object")
        .put("key", encodedKey)
        .put("size", size)
        .put("eTag", "0123456789abcdef0123456789abcdef");
    return record;
  }

  /** The header fields of a raw mail, unfolded, in order: what SES lists in {@code headers}. */
  /** The value of the first header field of {@code rawMail} named {@code name}. */
  static String headerValue(byte[] rawMail, String name) {
    return headerFields(rawMail).stream()
        .filter(field -> field[0].equalsIgnoreCase(name))
        .map(field -> field[1])
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + name + " header"));
  }

  static List<String[]> headerFields(byte[] rawMail) {
    String text = new String(rawMail, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    int end = text.indexOf("\n\n");
    String section = end < 0 ? text : text.substring(0, end);
    List<String[]> fields = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (!fields.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
        String[] last = fields.get(fields.size() - 1);
        last[1] = last[1] + line;
      } else {
        int colon = line.indexOf(':');
        fields.add(new String[] {line.substring(0, colon), line.substring(colon + 1).strip()});
      }
    }
    return fields;
  }
}
