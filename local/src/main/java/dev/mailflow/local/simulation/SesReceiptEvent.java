package dev.mailflow.local.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.local.simulation.InboundBridge.InboundMail;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The event an SES receipt rule's Lambda action sends for one inbound mail, shaped as SES shapes it
 * (see {@code events/receive-ses-receipt.json}): the mail's header fields newest first, SES's
 * common headers, and the receipt with its verdicts and action.
 */
final class SesReceiptEvent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SesReceiptEvent() {}

  /**
   * The event for {@code mail}.
   *
   * @param functionArn the receive function's ARN, as the receipt rule's action names it
   */
  static String of(InboundMail mail, String functionArn) {
    List<Map.Entry<String, String>> headers = headerFields(mail.content());
    ObjectNode root = JSON.createObjectNode();
    ObjectNode record = root.putArray("Records").addObject();
    record.put("eventSource", "aws:ses");
    record.put("eventVersion", "1.0");
    ObjectNode ses = record.putObject("ses");

    ObjectNode sesMail = ses.putObject("mail");
    sesMail.put("timestamp", mail.receivedAt().toString());
    sesMail.put("source", mail.envelope().sender());
    sesMail.put("messageId", mail.messageId());
    ArrayNode destination = sesMail.putArray("destination");
    mail.envelope().recipients().forEach(destination::add);
    sesMail.put("headersTruncated", false);
    ArrayNode headerList = sesMail.putArray("headers");
    for (Map.Entry<String, String> header : headers) {
      headerList.addObject().put("name", header.getKey()).put("value", header.getValue());
    }
    ObjectNode common = sesMail.putObject("commonHeaders");
    common.put("returnPath", mail.envelope().sender());
    common.putArray("from").add(first(headers, "From"));
    common.put("date", first(headers, "Date"));
    common.putArray("to").add(first(headers, "To"));
    common.put("messageId", first(headers, "Message-ID"));
    common.put("subject", first(headers, "Subject"));

    ObjectNode receipt = ses.putObject("receipt");
    receipt.put("timestamp", mail.receivedAt().toString());
    receipt.put("processingTimeMillis", 0);
    ArrayNode recipients = receipt.putArray("recipients");
    mail.envelope().recipients().forEach(recipients::add);
    receipt.putObject("spamVerdict").put("status", "PASS");
    receipt.putObject("virusVerdict").put("status", "PASS");
    receipt.putObject("spfVerdict").put("status", "GRAY");
    receipt.putObject("dkimVerdict").put("status", "GRAY");
    receipt.putObject("dmarcVerdict").put("status", "GRAY");
    ObjectNode action = receipt.putObject("action");
    action.put("type", "Lambda");
    action.put("functionArn", functionArn);
    action.put("invocationType", "Event");
    return root.toString();
  }

  /** The header fields of a mail, unfolded, in the order they stand: newest first. */
  static List<Map.Entry<String, String>> headerFields(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\r\n", -1)) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append(line);
        continue;
      }
      if (current != null) {
        fields.add(field(current.toString()));
      }
      current = new StringBuilder(line);
    }
    if (current != null) {
      fields.add(field(current.toString()));
    }
    return fields;
  }

  private static Map.Entry<String, String> field(String unfolded) {
    int colon = unfolded.indexOf(':');
    if (colon < 0) {
      return Map.entry(unfolded, "");
    }
    return Map.entry(unfolded.substring(0, colon), unfolded.substring(colon + 1).trim());
  }

  private static String first(List<Map.Entry<String, String>> headers, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().toLowerCase(Locale.ROOT).equals(lower)) {
        return header.getValue();
      }
    }
    return "";
  }
}
