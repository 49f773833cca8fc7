package dev.mailflow.local.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A notice as a subscriber of the alert topic received it: the JSON body of an SQS message, read
 * back with the same {@link NoticeJson} every machine subscriber would use.
 *
 * @param json the message body as received
 * @param type OPENED, REMINDER, RESOLVED or CONFIGURATION
 * @param at the notice's instant: when the evaluate function decided it
 * @param receivedAt when the subscriber received it, in simulated time: later than {@code at} when
 *     the notice could not be published at first and a later run published it
 * @param incident the incident notice, for every type but CONFIGURATION
 * @param configuration the configuration notice, for CONFIGURATION
 * @param bulletin the maintenance notice or heartbeat, for MAINTENANCE and HEARTBEAT
 */
public record ReceivedNotice(
    String json,
    String type,
    Instant at,
    Instant receivedAt,
    Optional<Notice> incident,
    Optional<ConfigurationNotice> configuration,
    Optional<Bulletin> bulletin) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReceivedNotice {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /**
   * Reads a message body.
   *
   * @param receivedAt when the subscriber received it
   * @throws IllegalArgumentException when it is not a Mailflow notice
   */
  public static ReceivedNotice read(String body, Instant receivedAt) {
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the subscriber received something not JSON: " + body, e);
    }
    String type = tree.path("type").asText("");
    if (NoticeJson.CONFIGURATION_TYPE.equals(type)) {
      ConfigurationNotice notice = NoticeJson.readConfiguration(body);
      return new ReceivedNotice(
          body,
          type,
          notice.at(),
          receivedAt,
          Optional.empty(),
          Optional.of(notice),
          Optional.empty());
    }
    if (NoticeJson.isBulletin(type)) {
      Bulletin bulletin = NoticeJson.readBulletin(body);
      return new ReceivedNotice(
          body,
          type,
          bulletin.at(),
          receivedAt,
          Optional.empty(),
          Optional.empty(),
          Optional.of(bulletin));
    }
    Notice notice = NoticeJson.read(body);
    return new ReceivedNotice(
        body,
        type,
        notice.at(),
        receivedAt,
        Optional.of(notice),
        Optional.empty(),
        Optional.empty());
  }

  /** True when it reached the subscriber later than it was decided. */
  public boolean delayed() {
    return receivedAt.isAfter(at);
  }

  /**
   * The notice key every message form carries: the same for two copies of one notice, which a
   * subscriber drops by it.
   */
  public String key() {
    if (bulletin.isPresent()) {
      return bulletin.get().key();
    }
    return incident.map(Notice::key).orElseGet(() -> NoticeJson.key(configuration.orElseThrow()));
  }

  /** The incident it belongs to; empty for a configuration notice. */
  public Optional<String> incidentId() {
    return incident.map(Notice::incidentId);
  }

  /** The route it is about; empty for a configuration notice. */
  public Optional<String> route() {
    return incident.map(Notice::routeId);
  }

  /**
   * For a notice about a fault across several routes, what it blames: a server id, a relay's host
   * name or {@code inbound}; empty for a route's own notice and a configuration notice.
   */
  public Optional<String> suspect() {
    return incident.filter(Notice::aboutFault).map(notice -> notice.fault().suspect().name());
  }

  /** How many routes a fault's notice names; 0 for other notices. */
  public int routeCount() {
    return incident.map(notice -> notice.routes().size()).orElse(0);
  }

  /** What it is about, in a few words: "MX02-to-MX01", "fault on MX01 (6 routes)". */
  public String about() {
    if (suspect().isPresent()) {
      return "fault on " + suspect().get() + " (" + routeCount() + " routes)";
    }
    return route().orElse("-");
  }

  /** WARNING or CRITICAL; INFO for a maintenance notice or heartbeat. */
  public String severity() {
    if (bulletin.isPresent()) {
      return "INFO";
    }
    return incident
        .map(notice -> notice.severity().name())
        .orElse(NoticeJson.CONFIGURATION_SEVERITY.name());
  }

  /** A maintenance notice's or heartbeat's event (STARTED, ENDED...); empty for the others. */
  public Optional<String> event() {
    return bulletin.map(Bulletin::event);
  }

  /** The one line a person reads first: the headline, or a configuration notice's subject. */
  public String headline() {
    if (bulletin.isPresent()) {
      return bulletin.get().headline();
    }
    return incident
        .map(Notice::headline)
        .orElseGet(() -> "CONFIGURATION " + configuration.orElseThrow().subject());
  }

  /** Why it was sent, in full. */
  public String reason() {
    if (bulletin.isPresent()) {
      return bulletin.get().text();
    }
    return incident
        .map(notice -> notice.reason() == null ? "" : notice.reason())
        .orElseGet(() -> configuration.orElseThrow().reason());
  }

  /** The readable text an e-mail subscriber gets, with local times in {@code zone}. */
  public String readableText(ZoneId zone) {
    NoticeText text = new NoticeText(zone);
    if (bulletin.isPresent()) {
      return text.body(bulletin.get());
    }
    return incident.map(text::body).orElseGet(() -> text.body(configuration.orElseThrow()));
  }

  /** What a scenario's {@code contains} is looked for in: headline, reason and readable text. */
  public String searchableText() {
    return headline() + "\n" + reason() + "\n" + readableText(ZoneOffset.UTC);
  }
}
