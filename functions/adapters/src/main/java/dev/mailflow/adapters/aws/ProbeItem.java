package dev.mailflow.adapters.aws;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.HopChain;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ReceivedStamp;
import dev.mailflow.domain.probe.Submission;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The layout of one probe in the probe table: its key, what each of its writes sets, and how an
 * item reads back into a {@link Probe}; and the names of a route's send slot item. {@link
 * DynamoDbProbeStore} documents the table contract this implements; keeping the layout apart from
 * the calls lets it be tested without a table.
 *
 * <p>Times are written as {@code 2006-07-28T10:19:01.000Z}: UTC, always three fraction digits, so
 * that every one has the same width and string order is time order. Free texts (the server's reply,
 * the Message-ID, host names) are cut to a fixed length and at most {@value #MAX_HOPS} hops are
 * kept, so an item stays bounded whatever a mail carries. A probe forwarded through Gmail over five
 * hops makes an item of about 0.7 KB: one write unit per write.
 */
final class ProbeItem {

  static final String ROUTE_ID = "routeId";
  static final String PROBE_KEY = "probeKey";
  static final String SENT_AT = "sentAt";
  static final String PROBE_ID = "probeId";
  static final String EXPIRES_AT = MailflowTables.TIME_TO_LIVE;
  static final String SUBMITTED_AT = "submittedAt";
  static final String ACCEPTED = "accepted";
  static final String REPLY_CODE = "replyCode";
  static final String REPLY = "reply";
  static final String DELIVERED_AT = "deliveredAt";
  static final String HOPS = "hops";
  static final String MESSAGE_ID = "messageId";
  static final String SPF = "spf";
  static final String DKIM = "dkim";
  static final String DMARC = "dmarc";
  static final String LATENCY_MILLIS = "latencyMillis";
  static final String ARRIVED_BY = "arrivedBy";

  /** The sort key of a route's send slot item: '#' sorts before every digit, so before any time. */
  static final String SEND_SLOT = "#send-slot";

  static final String SLOT_UNTIL = "slotUntil";
  static final String CLAIMED_AT = "claimedAt";
  static final String CLAIMED_BY = "claimedBy";

  /** Hop attributes: one letter each, because they repeat once per hop. */
  static final String HOP_FROM = "f";

  static final String HOP_BY = "b";
  static final String HOP_PROTOCOL = "p";
  static final String HOP_RECEIVED_AT = "t";

  /**
   * At most this many hops are kept: the first and the last half. The hops next to the sending and
   * the receiving server say most about where mail waits; a chain this long is a loop or a large
   * provider's internal relays.
   */
  static final int MAX_HOPS = 16;

  static final int REPLY_MAX_CHARS = 512;
  static final int MESSAGE_ID_MAX_CHARS = 256;
  static final int HOST_MAX_CHARS = 100;
  static final int PROTOCOL_MAX_CHARS = 40;
  static final int VERDICT_MAX_CHARS = 16;

  /** The instants a key can hold: four-digit years, as a probe token can carry. */
  static final Instant EARLIEST = Instant.EPOCH;

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final int TIME_LENGTH = "2006-07-28T10:19:01.000Z".length();
  private static final char KEY_SEPARATOR = '#';

  private ProbeItem() {}

  /** The primary key of a probe's item. */
  static Map<String, AttributeValue> key(String routeId, Instant sentAt, String probeId) {
    return Map.of(
        ROUTE_ID,
        AttributeValue.fromS(routeId),
        PROBE_KEY,
        AttributeValue.fromS(probeKey(sentAt, probeId)));
  }

  /** The primary key of a route's send slot item. */
  static Map<String, AttributeValue> sendSlotKey(String routeId) {
    return Map.of(
        ROUTE_ID, AttributeValue.fromS(routeId), PROBE_KEY, AttributeValue.fromS(SEND_SLOT));
  }

  /** The sort key: {@code <sentAt>#<probeId>}, so a route's items are in sending order. */
  static String probeKey(Instant sentAt, String probeId) {
    return time(sentAt) + KEY_SEPARATOR + probeId;
  }

  /**
   * {@code instant} in the fixed-width form.
   *
   * @throws IllegalArgumentException when it is finer than a millisecond (the form would lose it,
   *     and the two writes of one probe must name the same key) or outside the years 1970 to 9999
   */
  static String time(Instant instant) {
    if (instant.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          instant + " is finer than a millisecond: probes are kept to the millisecond");
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw new IllegalArgumentException(instant + " is outside the years 1970 to 9999");
    }
    return TIME.format(instant);
  }

  /**
   * The smallest sort key of a probe sent at or after {@code from}: {@code from} rounded up to the
   * millisecond (keys hold whole milliseconds) and kept within the years a key can hold.
   */
  static String lowerBound(Instant from) {
    if (!from.isAfter(EARLIEST)) {
      return TIME.format(EARLIEST);
    }
    if (!from.isBefore(LATEST)) {
      return TIME.format(LATEST);
    }
    Instant bound = from.truncatedTo(ChronoUnit.MILLIS);
    return TIME.format(bound.isBefore(from) ? bound.plusMillis(1) : bound);
  }

  /** The send instant at the start of a sort key. */
  static Instant sentAtOf(String probeKey) throws CorruptItemException {
    if (probeKey.length() <= TIME_LENGTH + 1 || probeKey.charAt(TIME_LENGTH) != KEY_SEPARATOR) {
      throw new CorruptItemException(
          PROBE_KEY
              + " '"
              + probeKey
              + "' is not <time>#<probe id>, such as 2006-07-28T10:19:01.000Z#q3Jx0bW8");
    }
    try {
      return TIME.parse(probeKey.substring(0, TIME_LENGTH), Instant::from);
    } catch (DateTimeParseException e) {
      throw new CorruptItemException(
          PROBE_KEY + " '" + probeKey + "' does not start with a time: " + e.getMessage());
    }
  }

  /**
   * What {@code recordSubmission} sets: the submission and the attributes every item has, never the
   * arrival's, so an arrival recorded first is kept.
   */
  static Map<String, AttributeValue> submissionAttributes(Probe probe, Duration retention) {
    Submission submission = probe.submission();
    if (submission == null) {
      throw new IllegalArgumentException(
          "route "
              + probe.routeId()
              + " probe "
              + probe.probeId()
              + " has no submission to record");
    }
    Map<String, AttributeValue> attributes = common(probe.sentAt(), probe.probeId(), retention);
    attributes.put(
        SUBMITTED_AT, AttributeValue.fromS(time(submission.at().truncatedTo(ChronoUnit.MILLIS))));
    attributes.put(ACCEPTED, AttributeValue.fromBool(submission.accepted()));
    attributes.put(REPLY_CODE, number(submission.replyCode()));
    attributes.put(REPLY, AttributeValue.fromS(cut(submission.reply(), REPLY_MAX_CHARS)));
    return attributes;
  }

  /**
   * What {@code recordArrival} sets: the arrival and the attributes every item has, so the item is
   * whole even when the arrival is recorded before the submission.
   */
  static Map<String, AttributeValue> arrivalAttributes(Arrival arrival, Duration retention) {
    Map<String, AttributeValue> attributes =
        common(arrival.token().sentAt(), arrival.probeId(), retention);
    attributes.put(
        DELIVERED_AT,
        AttributeValue.fromS(time(arrival.arrivedAt().truncatedTo(ChronoUnit.MILLIS))));
    attributes.put(LATENCY_MILLIS, number(arrival.endToEnd().toMillis()));
    attributes.put(HOPS, AttributeValue.fromL(hops(arrival.hops())));
    putText(attributes, MESSAGE_ID, arrival.messageId(), MESSAGE_ID_MAX_CHARS);
    putText(attributes, SPF, arrival.authentication().spf(), VERDICT_MAX_CHARS);
    putText(attributes, DKIM, arrival.authentication().dkim(), VERDICT_MAX_CHARS);
    putText(attributes, DMARC, arrival.authentication().dmarc(), VERDICT_MAX_CHARS);
    return attributes;
  }

  /** The hops that are kept: all of them up to {@value #MAX_HOPS}, else the first and last half. */
  static List<Hop> keptHops(List<Hop> hops) {
    if (hops.size() <= MAX_HOPS) {
      return hops;
    }
    List<Hop> kept = new ArrayList<>(hops.subList(0, MAX_HOPS / 2));
    kept.addAll(hops.subList(hops.size() - MAX_HOPS / 2, hops.size()));
    return kept;
  }

  /**
   * The probe an item describes: sent at and named by its sort key, with its submission if one was
   * recorded and its delivery if it arrived. Hop delays are worked out again from the stored stamps
   * as the receive function worked them out; where hops were dropped, the first hop after the gap
   * carries the time spent in the dropped ones, so the delays still add up to the latency.
   *
   * @throws CorruptItemException naming the attribute that does not fit the contract
   */
  static Probe read(Map<String, AttributeValue> item) throws CorruptItemException {
    String routeId = requiredText(item, ROUTE_ID);
    String probeKey = requiredText(item, PROBE_KEY);
    Instant sentAt = sentAtOf(probeKey);
    String probeId = probeKey.substring(TIME_LENGTH + 1);

    Submission submission = null;
    Instant submittedAt = optionalTime(item, SUBMITTED_AT);
    if (submittedAt != null) {
      AttributeValue accepted = required(item, ACCEPTED);
      if (accepted.bool() == null) {
        throw wrongType(ACCEPTED, "a boolean (BOOL)", accepted);
      }
      submission =
          new Submission(
              accepted.bool(),
              submittedAt,
              (int) requiredNumber(item, REPLY_CODE),
              optionalText(item, REPLY));
    }

    Delivery delivery = null;
    Instant deliveredAt = optionalTime(item, DELIVERED_AT);
    if (deliveredAt != null) {
      delivery = new Delivery(deliveredAt, HopChain.from(sentAt, stamps(item), deliveredAt));
    }
    try {
      return new Probe(routeId, probeId, sentAt, submission, delivery);
    } catch (IllegalArgumentException e) {
      throw new CorruptItemException(e.getMessage());
    }
  }

  /** The item's expiry in epoch seconds, if it has a readable one. */
  static OptionalLong expiresAt(Map<String, AttributeValue> item) {
    AttributeValue value = item.get(EXPIRES_AT);
    if (value == null || value.n() == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(new BigDecimal(value.n()).longValue());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code text} cut to at most {@code maxChars} characters, never inside a surrogate pair. */
  static String cut(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
    return text.substring(0, end);
  }

  private static Map<String, AttributeValue> common(
      Instant sentAt, String probeId, Duration retention) {
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(SENT_AT, AttributeValue.fromS(time(sentAt)));
    attributes.put(PROBE_ID, AttributeValue.fromS(probeId));
    attributes.put(EXPIRES_AT, number(sentAt.plus(retention).getEpochSecond()));
    return attributes;
  }

  private static List<AttributeValue> hops(List<Hop> hops) {
    List<AttributeValue> values = new ArrayList<>(Math.min(hops.size(), MAX_HOPS));
    for (Hop hop : keptHops(hops)) {
      Map<String, AttributeValue> value = new LinkedHashMap<>();
      putText(value, HOP_FROM, hop.from(), HOST_MAX_CHARS);
      putText(value, HOP_BY, hop.by(), HOST_MAX_CHARS);
      putText(value, HOP_PROTOCOL, hop.protocol(), PROTOCOL_MAX_CHARS);
      if (hop.receivedAt() != null) {
        value.put(HOP_RECEIVED_AT, number(hop.receivedAt().toEpochMilli()));
      }
      values.add(AttributeValue.fromM(value));
    }
    return values;
  }

  private static List<ReceivedStamp> stamps(Map<String, AttributeValue> item)
      throws CorruptItemException {
    AttributeValue hops = item.get(HOPS);
    if (hops == null) {
      return List.of();
    }
    if (!hops.hasL()) {
      throw wrongType(HOPS, "a list (L)", hops);
    }
    List<ReceivedStamp> stamps = new ArrayList<>(hops.l().size());
    for (AttributeValue hop : hops.l()) {
      if (!hop.hasM()) {
        throw wrongType(HOPS + " element", "a map (M)", hop);
      }
      Map<String, AttributeValue> fields = hop.m();
      AttributeValue receivedAt = fields.get(HOP_RECEIVED_AT);
      stamps.add(
          new ReceivedStamp(
              optionalText(fields, HOP_FROM),
              optionalText(fields, HOP_BY),
              optionalText(fields, HOP_PROTOCOL),
              receivedAt == null
                  ? null
                  : Instant.ofEpochMilli(number(HOPS + "." + HOP_RECEIVED_AT, receivedAt))));
    }
    return stamps;
  }

  private static void putText(
      Map<String, AttributeValue> attributes, String name, String text, int maxChars) {
    // Absent rather than empty: smaller, and "not known" reads the same either way.
    if (!text.isEmpty()) {
      attributes.put(name, AttributeValue.fromS(cut(text, maxChars)));
    }
  }

  private static AttributeValue number(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }

  private static AttributeValue required(Map<String, AttributeValue> item, String name)
      throws CorruptItemException {
    AttributeValue value = item.get(name);
    if (value == null) {
      throw new CorruptItemException(name + " is missing");
    }
    return value;
  }

  private static String requiredText(Map<String, AttributeValue> item, String name)
      throws CorruptItemException {
    AttributeValue value = required(item, name);
    if (value.s() == null) {
      throw wrongType(name, "a string (S)", value);
    }
    return value.s();
  }

  private static String optionalText(Map<String, AttributeValue> item, String name)
      throws CorruptItemException {
    return item.containsKey(name) ? requiredText(item, name) : "";
  }

  private static long requiredNumber(Map<String, AttributeValue> item, String name)
      throws CorruptItemException {
    return number(name, required(item, name));
  }

  private static long number(String name, AttributeValue value) throws CorruptItemException {
    if (value.n() == null) {
      throw wrongType(name, "a number (N)", value);
    }
    try {
      return Long.parseLong(value.n());
    } catch (NumberFormatException e) {
      throw new CorruptItemException(name + " '" + value.n() + "' is not a whole number");
    }
  }

  private static Instant optionalTime(Map<String, AttributeValue> item, String name)
      throws CorruptItemException {
    if (!item.containsKey(name)) {
      return null;
    }
    String text = requiredText(item, name);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new CorruptItemException(name + " '" + text + "' is not an ISO-8601 UTC time");
    }
  }

  private static CorruptItemException wrongType(
      String name, String expected, AttributeValue value) {
    return new CorruptItemException(
        name + " must be " + expected + ", not " + AttributeDescription.of(value));
  }
}
