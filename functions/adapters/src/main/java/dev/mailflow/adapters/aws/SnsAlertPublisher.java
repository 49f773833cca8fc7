package dev.mailflow.adapters.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.mailflow.adapters.alert.Abridgement;
import dev.mailflow.adapters.alert.ChatMessage;
import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AlertPublishException;
import dev.mailflow.domain.evaluation.AlertPublisher;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.Suspect;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes notices to the SNS alert topic, in the form each kind of subscriber reads best.
 *
 * <p>Every notice is one {@code Publish} with {@code MessageStructure=json}: e-mail subscribers and
 * SNS's {@code default} get the readable text of {@link NoticeText}; SQS, Lambda, HTTP and {@code
 * email-json} subscribers get the JSON of {@link NoticeJson}; HTTPS, the protocol of AWS's chat
 * integration for Slack and Microsoft Teams (AWS Chatbot), gets the {@link ChatMessage}; SMS gets
 * the one-line headline. The subject says what broke and passes SNS's rules (printable ASCII, under
 * 100 characters). String message attributes let subscriptions filter without reading the body:
 *
 * <ul>
 *   <li>{@code event_type}: OPENED, REMINDER, RESOLVED, CONFIGURATION, MAINTENANCE or HEARTBEAT;
 *   <li>{@code severity}: WARNING or CRITICAL (configuration notices are WARNING; maintenance
 *       notices and heartbeats INFO);
 *   <li>{@code event}, {@code window_id}: on maintenance notices (ANNOUNCED, STARTED, REMINDER,
 *       ENDED) and heartbeats (DAILY);
 *   <li>{@code route}, {@code source}, {@code target}: on a route's own notices;
 *   <li>{@code fault_id}, {@code suspect} (a server id, a relay's host name or {@code inbound}),
 *       {@code suspect_kind} (SERVER, RELAY or INBOUND): on the notices of a fault across routes;
 *   <li>{@code incident_id}: on both;
 *   <li>{@code routes}, {@code servers} (String.Array): every route and server the notice is about,
 *       so that {@code {"servers": ["MX01"]}} selects a route's notices and a fault's alike; of a
 *       fault's routes, as many as fit {@link #ROUTES_ATTRIBUTE_BYTES}, the first;
 *   <li>{@code notice_key}: the notice's key, to drop a notice delivered twice.
 * </ul>
 *
 * <p>SNS takes at most 256 KB per message, attributes included, and the JSON and the text are each
 * carried several times. A notice that would not fit is {@link Abridgement abridged}: its oldest
 * evidence probes are left out first, then a fault's routes past the first, and the text and the
 * JSON say how many.
 *
 * <p>Build one per container with the client from {@link AwsClients#sns()} and the topic ARN from
 * the function's configuration. Any failure to publish becomes an {@link AlertPublishException}
 * naming the topic and the notice; the evaluation keeps the notice and publishes it next run.
 */
public final class SnsAlertPublisher implements AlertPublisher {

  /** SNS's limit for one message, attributes included. */
  static final int MESSAGE_LIMIT_BYTES = 262_144;

  /** The most the {@code routes} attribute of a fault's notice takes: some 800 route ids. */
  static final int ROUTES_ATTRIBUTE_BYTES = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(SnsAlertPublisher.class);
  private static final JsonFactory JSON = new JsonFactory();

  private final SnsClient sns;
  private final String topicArn;
  private final NoticeText text;

  /** Publishes to {@code topicArn} with texts in UTC. */
  public SnsAlertPublisher(SnsClient sns, String topicArn) {
    this(sns, topicArn, new NoticeText());
  }

  /** Publishes to {@code topicArn} with texts rendered by {@code text}. */
  public SnsAlertPublisher(SnsClient sns, String topicArn, NoticeText text) {
    this.sns = Objects.requireNonNull(sns, "sns");
    if (topicArn == null || topicArn.isBlank()) {
      throw new IllegalArgumentException("the alert topic ARN is missing");
    }
    this.topicArn = topicArn;
    this.text = Objects.requireNonNull(text, "text");
  }

  @Override
  public void publish(Notice notice) throws AlertPublishException {
    Objects.requireNonNull(notice, "notice");
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attribute(attributes, "event_type", notice.type().name());
    attribute(attributes, "severity", notice.severity().name());
    if (notice.aboutFault()) {
      attribute(attributes, "fault_id", notice.fault().id());
      attribute(attributes, "suspect", notice.fault().suspect().name());
      attribute(attributes, "suspect_kind", notice.fault().suspect().kind().name());
    } else {
      attribute(attributes, "route", notice.routeId());
      attribute(attributes, "source", notice.source());
      attribute(attributes, "target", notice.target());
    }
    attribute(attributes, "incident_id", notice.incidentId());
    listAttribute(attributes, "routes", routes(notice));
    listAttribute(attributes, "servers", servers(notice));
    attribute(attributes, "notice_key", notice.key());
    int budget = MESSAGE_LIMIT_BYTES - bytes(attributes);

    Abridgement abridgement = Abridgement.NONE;
    String message = message(notice, abridgement);
    while (utf8Length(message) > budget) {
      Optional<Abridgement> shorter = abridgement.shorter(notice);
      if (shorter.isEmpty()) {
        throw new AlertPublishException(
            "notice " + notice.key() + " does not fit in one SNS message even when shortened",
            null);
      }
      abridgement = shorter.get();
      message = message(notice, abridgement);
    }
    if (abridgement != Abridgement.NONE) {
      LOG.warn(
          "route={} incident={} {} shortened to fit SNS's 256 KB: {} of {} evidence probes shown,"
              + " {} routes of the fault left out",
          notice.routeId(),
          notice.incidentId(),
          notice.type(),
          abridgement.evidence(notice).size(),
          notice.evidence().size(),
          abridgement.routesOmitted(notice));
    }
    String messageId = send(notice.key(), text.subject(notice), message, attributes);
    LOG.debug(
        "route={} incident={} {} published to {} as message {}",
        notice.routeId(),
        notice.incidentId(),
        notice.type(),
        topicArn,
        messageId);
  }

  @Override
  public void publish(ConfigurationNotice notice) throws AlertPublishException {
    Objects.requireNonNull(notice, "notice");
    String key = NoticeJson.key(notice);
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attribute(attributes, "event_type", NoticeJson.CONFIGURATION_TYPE);
    attribute(attributes, "severity", NoticeJson.CONFIGURATION_SEVERITY.name());
    attribute(attributes, "notice_key", key);
    String json = NoticeJson.write(notice);
    String message =
        structure(text.body(notice), json, text.shortMessage(notice), ChatMessage.write(notice));
    if (utf8Length(message) > MESSAGE_LIMIT_BYTES - bytes(attributes)) {
      throw new AlertPublishException(
          "configuration notice " + key + " does not fit in one SNS message", null);
    }
    String messageId = send(key, text.subject(notice), message, attributes);
    LOG.debug("configuration notice {} published to {} as message {}", key, topicArn, messageId);
  }

  @Override
  public void publish(Bulletin bulletin) throws AlertPublishException {
    Objects.requireNonNull(bulletin, "bulletin");
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attribute(attributes, "event_type", bulletin.type().name());
    attribute(attributes, "event", bulletin.event());
    attribute(attributes, "severity", "INFO");
    attribute(attributes, "window_id", bulletin.facts().get("windowId"));
    if (!bulletin.servers().isEmpty()) {
      listAttribute(attributes, "servers", bulletin.servers());
    }
    attribute(attributes, "notice_key", bulletin.key());
    String message =
        structure(
            text.body(bulletin),
            NoticeJson.write(bulletin),
            text.shortMessage(bulletin),
            ChatMessage.write(bulletin));
    if (utf8Length(message) > MESSAGE_LIMIT_BYTES - bytes(attributes)) {
      throw new AlertPublishException(bulletin.key() + " does not fit in one SNS message", null);
    }
    String messageId = send(bulletin.key(), text.subject(bulletin), message, attributes);
    LOG.debug("{} published to {} as message {}", bulletin.key(), topicArn, messageId);
  }

  /** The topic notices go to. */
  public String topicArn() {
    return topicArn;
  }

  private String send(
      String key, String subject, String message, Map<String, MessageAttributeValue> attributes)
      throws AlertPublishException {
    PublishRequest request =
        PublishRequest.builder()
            .topicArn(topicArn)
            .subject(subject)
            .messageStructure("json")
            .message(message)
            .messageAttributes(attributes)
            .build();
    try {
      return sns.publish(request).messageId();
    } catch (SdkException e) {
      throw new AlertPublishException(
          "could not publish notice " + key + " to " + topicArn + ": " + e.getMessage(), e);
    }
  }

  private String message(Notice notice, Abridgement abridgement) {
    return structure(
        text.body(notice, abridgement),
        NoticeJson.write(notice, abridgement),
        text.shortMessage(notice),
        ChatMessage.write(notice, abridgement));
  }

  /**
   * The {@code MessageStructure=json} document: one string per protocol. HTTPS is how AWS's chat
   * integration subscribes, so it gets the chat message; programs take SQS, Lambda or HTTP.
   * Protocols not named here (Firehose, mobile push) get {@code default}.
   */
  private static String structure(String readable, String json, String headline, String chat) {
    StringWriter out = new StringWriter(readable.length() * 2 + json.length() * 6);
    try (JsonGenerator message = JSON.createGenerator(out)) {
      message.writeStartObject();
      message.writeStringField("default", readable);
      message.writeStringField("email", readable);
      message.writeStringField("email-json", json);
      message.writeStringField("sqs", json);
      message.writeStringField("lambda", json);
      message.writeStringField("http", json);
      message.writeStringField("https", chat);
      message.writeStringField("sms", headline);
      message.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the SNS message structure", e);
    }
    return out.toString();
  }

  /**
   * Adds a String attribute. SNS refuses empty values and, on delivery, values outside printable
   * ASCII; ids are made of safe characters already, so this only guards against the unexpected.
   */
  private static void attribute(
      Map<String, MessageAttributeValue> attributes, String name, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    attributes.put(
        name,
        MessageAttributeValue.builder()
            .dataType("String")
            .stringValue(printable(value, ""))
            .build());
  }

  /**
   * {@code value} with every character outside printable ASCII, and each of {@code alsoReplaced},
   * as '?': what SNS delivers unchanged in an attribute.
   */
  private static String printable(String value, String alsoReplaced) {
    StringBuilder safe = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      safe.append(c >= ' ' && c < 0x7f && alsoReplaced.indexOf(c) < 0 ? c : '?');
    }
    return safe.toString();
  }

  /** The routes a notice is about: its route, or every route of its fault. */
  private static List<String> routes(Notice notice) {
    if (!notice.aboutFault()) {
      return List.of(notice.routeId());
    }
    // A fault on a server of a large mesh spans hundreds of routes, an inbound fault every route:
    // the first ones that fit, so that the message keeps most of SNS's 256 KB for the notice.
    List<String> routes = new ArrayList<>();
    int bytes = 2;
    for (String route : notice.fault().routes()) {
      bytes += route.length() + 3;
      if (bytes > ROUTES_ATTRIBUTE_BYTES) {
        break;
      }
      routes.add(route);
    }
    return routes;
  }

  /**
   * The servers a notice is about: its route's two ends, or the ends of every route of its fault
   * and the suspect, so that one filter on a server selects both kinds of notice.
   */
  private static List<String> servers(Notice notice) {
    Set<String> servers = new LinkedHashSet<>();
    if (notice.aboutFault()) {
      if (notice.fault().suspect().kind() != Suspect.Kind.INBOUND) {
        servers.add(notice.fault().suspect().name());
      }
      for (AffectedRoute route : notice.routes()) {
        servers.add(route.source());
        servers.add(route.target());
      }
    } else {
      servers.add(notice.source());
      servers.add(notice.target());
    }
    servers.remove(null);
    return List.copyOf(servers);
  }

  /** Adds a String.Array attribute: a filter policy matches it when any element matches. */
  private static void listAttribute(
      Map<String, MessageAttributeValue> attributes, String name, List<String> values) {
    StringBuilder json = new StringBuilder("[");
    for (String value : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      // Quotes and backslashes would need escaping inside the JSON array: ids never hold them.
      json.append('"').append(printable(value, "\"\\")).append('"');
    }
    json.append(']');
    attributes.put(
        name,
        MessageAttributeValue.builder()
            .dataType("String.Array")
            .stringValue(json.toString())
            .build());
  }

  private static int bytes(Map<String, MessageAttributeValue> attributes) {
    int bytes = 0;
    for (Map.Entry<String, MessageAttributeValue> entry : attributes.entrySet()) {
      bytes +=
          entry.getKey().length()
              + entry.getValue().dataType().length()
              + utf8Length(entry.getValue().stringValue());
    }
    return bytes;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
