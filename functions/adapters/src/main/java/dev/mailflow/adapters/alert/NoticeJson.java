package dev.mailflow.adapters.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.evaluation.Suspect;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.domain.probe.Submission;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one JSON form of a {@link Notice} and of a {@link ConfigurationNotice}: what machine
 * subscribers of the alert topic (SQS, Lambda, HTTPS) receive, and what the route state store keeps
 * for notices not yet published.
 *
 * <p>{@link #read(String)} gives back a notice equal to the one {@link #write(Notice) written}, so
 * a notice that waits in the store is published exactly as it was decided. Every document carries
 * {@code "schema": "mailflow.notice/1"}, its {@code type} (OPENED, REMINDER, RESOLVED or
 * CONFIGURATION) and a {@code noticeKey} that subscribers may use to drop a notice delivered twice.
 * Field names are lowerCamelCase; instants are ISO-8601 strings in UTC; durations are numbers of
 * milliseconds ({@code latencyMillis}), next to a readable form ({@code latencyText}: "48m 46s").
 * docs/alerts.md shows a full example under "The notice JSON".
 *
 * <p>Writing streams straight to a string and reading walks a tree: no reflection on the domain
 * records, and the one {@link ObjectMapper} is built once.
 */
public final class NoticeJson {

  /** The value of the {@code schema} field of every document this class writes. */
  public static final String SCHEMA = "mailflow.notice/1";

  /** The {@code type} of a configuration notice. */
  public static final String CONFIGURATION_TYPE = "CONFIGURATION";

  /**
   * The severity of every configuration notice: a refused maintenance window means a false alarm
   * may come, not that mail is lost, so it goes to the people who fix configuration, not the pager.
   */
  public static final Severity CONFIGURATION_SEVERITY = Severity.WARNING;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

  private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000);
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000);

  private NoticeJson() {}

  /** The notice as one compact JSON document. */
  public static String write(Notice notice) {
    return write(notice, Abridgement.NONE);
  }

  /**
   * The notice as one compact JSON document, showing only what {@code abridgement} keeps; {@code
   * abridged}, {@code evidenceOmitted} and, on a fault's notice, {@code routesOmitted} say what was
   * left out.
   */
  public static String write(Notice notice, Abridgement abridgement) {
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(abridgement, "abridgement");
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("schema", SCHEMA);
      json.writeStringField("noticeKey", notice.key());
      json.writeStringField("type", notice.type().name());
      json.writeStringField("severity", notice.severity().name());
      json.writeStringField("routeId", notice.routeId());
      json.writeStringField("source", notice.source());
      json.writeStringField("target", notice.target());
      json.writeStringField("incidentId", notice.incidentId());
      writeInstant(json, "openedAt", notice.openedAt());
      writeInstant(json, "at", notice.at());
      json.writeStringField("condition", name(notice.condition()));
      json.writeStringField("headline", notice.headline());
      json.writeStringField("reason", notice.reason() == null ? null : abridgement.reason(notice));
      json.writeNumberField("suppressedByMaintenance", notice.suppressedByMaintenance());
      json.writeBooleanField("abridged", abridgement.shortens(notice));
      json.writeNumberField("evidenceOmitted", abridgement.evidenceOmitted(notice));
      json.writeArrayFieldStart("evidence");
      for (AssessedProbe probe : abridgement.evidence(notice)) {
        writeProbe(json, probe, notice.routeId());
      }
      json.writeEndArray();
      json.writeArrayFieldStart("flushes");
      for (BacklogFlush flush : notice.flushes()) {
        writeFlush(json, flush, abridgement);
      }
      json.writeEndArray();
      if (notice.aboutFault()) {
        json.writeFieldName("fault");
        writeFault(json, notice.fault(), abridgement.faultRoutes(notice));
        json.writeNumberField("routesOmitted", abridgement.routesOmitted(notice));
        json.writeArrayFieldStart("routes");
        for (AffectedRoute route : abridgement.routes(notice)) {
          json.writeStartObject();
          json.writeStringField("routeId", route.routeId());
          json.writeStringField("source", route.source());
          json.writeStringField("target", route.target());
          json.writeStringField("incidentId", route.incidentId());
          json.writeStringField("condition", route.condition().name());
          json.writeStringField("severity", route.severity().name());
          json.writeStringField("summary", route.summary());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write notice " + notice.key() + " as JSON", e);
    }
    return out.toString();
  }

  /** The configuration notice as one compact JSON document, of type {@code CONFIGURATION}. */
  public static String write(ConfigurationNotice notice) {
    Objects.requireNonNull(notice, "notice");
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("schema", SCHEMA);
      json.writeStringField("noticeKey", key(notice));
      json.writeStringField("type", CONFIGURATION_TYPE);
      json.writeStringField("severity", CONFIGURATION_SEVERITY.name());
      writeInstant(json, "at", notice.at());
      json.writeStringField("about", notice.about().name());
      json.writeStringField("subject", notice.subject());
      json.writeStringField("reason", notice.reason());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write a configuration notice as JSON", e);
    }
    return out.toString();
  }

  /**
   * The key of a configuration notice, like {@link Notice#key()}: {@code
   * configuration/<subject>/<fault>} where the notice names the refused version of what it is about
   * (so the same notice published again at a later run has the same key), else {@code
   * configuration/<subject>/<epoch millis>}; in printable ASCII so it can be an SNS message
   * attribute.
   */
  public static String key(ConfigurationNotice notice) {
    String id = notice.fault() != null ? notice.fault() : Long.toString(notice.at().toEpochMilli());
    return "configuration/" + printable(notice.subject(), 128) + "/" + printable(id, 128);
  }

  private static String printable(String text, int max) {
    StringBuilder printable = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && printable.length() < max; i++) {
      char c = text.charAt(i);
      printable.append(c > ' ' && c < 0x7f && c != '/' ? c : '_');
    }
    return printable.toString();
  }

  /**
   * Reads a notice written by {@link #write(Notice)}.
   *
   * @throws IllegalArgumentException naming the field, when {@code json} is not such a notice
   */
  public static Notice read(String json) {
    Fields root = parse(json);
    String type = root.requiredText("type");
    if (CONFIGURATION_TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "notice JSON: this is a configuration notice; read it with readConfiguration");
    }
    List<AssessedProbe> evidence = new ArrayList<>();
    String routeId = root.text("routeId");
    for (Fields probe : root.array("evidence")) {
      evidence.add(readProbe(probe, routeId));
    }
    List<BacklogFlush> flushes = new ArrayList<>();
    for (Fields flush : root.array("flushes")) {
      flushes.add(readFlush(flush));
    }
    return new Notice(
        root.enumValue("type", NoticeType.class),
        routeId,
        root.text("source"),
        root.text("target"),
        root.requiredText("incidentId"),
        root.instant("openedAt"),
        root.enumValue("severity", Severity.class),
        root.optionalEnumValue("condition", RouteCondition.class),
        root.requiredInstant("at"),
        root.requiredText("headline"),
        root.text("reason"),
        evidence,
        flushes,
        root.integer("suppressedByMaintenance"),
        root.object("fault") == null ? null : readFault(root.object("fault")),
        readRoutes(root));
  }

  private static List<AffectedRoute> readRoutes(Fields root) {
    List<AffectedRoute> routes = new ArrayList<>();
    for (Fields route : root.array("routes")) {
      routes.add(
          new AffectedRoute(
              route.requiredText("routeId"),
              route.text("source"),
              route.text("target"),
              route.text("incidentId"),
              route.enumValue("condition", RouteCondition.class),
              route.enumValue("severity", Severity.class),
              route.text("summary")));
    }
    return routes;
  }

  /** A fault as the JSON object that notices and route states carry. */
  public static String write(Fault fault) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      writeFault(json, fault);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write fault " + fault.id() + " as JSON", e);
    }
    return out.toString();
  }

  /**
   * Reads a fault written by {@link #write(Fault)}.
   *
   * @throws IllegalArgumentException naming the field, when {@code json} is not such a fault
   */
  public static Fault readFault(String json) {
    try {
      return readFault(new Fields(MAPPER.readTree(json), "fault"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("fault JSON is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void writeFault(JsonGenerator json, Fault fault) throws IOException {
    writeFault(json, fault, fault.routes());
  }

  /** The fault, listing {@code routes} of its routes. */
  private static void writeFault(JsonGenerator json, Fault fault, List<String> routes)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("id", fault.id());
    json.writeStringField("suspectKind", fault.suspect().kind().name());
    json.writeStringField("suspect", fault.suspect().name());
    writeInstant(json, "openedAt", fault.openedAt());
    writeInstant(json, "lastNotifiedAt", fault.lastNotifiedAt());
    json.writeStringField("severity", fault.severity().name());
    json.writeNumberField("reminders", fault.reminders());
    json.writeArrayFieldStart("routes");
    for (String route : routes) {
      json.writeString(route);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static Fault readFault(Fields fault) {
    List<String> routes = new ArrayList<>();
    for (JsonNode route : fault.arrayNodes("routes")) {
      if (!route.isTextual()) {
        throw new IllegalArgumentException(
            "notice JSON: " + fault.path + ".routes holds " + route + ", not a route id");
      }
      routes.add(route.textValue());
    }
    return new Fault(
        fault.requiredText("id"),
        new Suspect(
            fault.enumValue("suspectKind", Suspect.Kind.class), fault.requiredText("suspect")),
        fault.requiredInstant("openedAt"),
        fault.requiredInstant("lastNotifiedAt"),
        fault.enumValue("severity", Severity.class),
        fault.integer("reminders"),
        routes);
  }

  /** A maintenance notice or heartbeat as one compact JSON document, of its own type. */
  public static String write(Bulletin bulletin) {
    Objects.requireNonNull(bulletin, "bulletin");
    StringWriter out = new StringWriter(512);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("schema", SCHEMA);
      json.writeStringField("noticeKey", bulletin.key());
      json.writeStringField("type", bulletin.type().name());
      json.writeStringField("event", bulletin.event());
      writeInstant(json, "at", bulletin.at());
      json.writeStringField("headline", bulletin.headline());
      json.writeStringField("text", bulletin.text());
      json.writeArrayFieldStart("servers");
      for (String server : bulletin.servers()) {
        json.writeString(server);
      }
      json.writeEndArray();
      json.writeObjectFieldStart("facts");
      for (Map.Entry<String, String> fact : bulletin.facts().entrySet()) {
        json.writeStringField(fact.getKey(), fact.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + bulletin.key() + " as JSON", e);
    }
    return out.toString();
  }

  /** True when {@code type} is a bulletin's: MAINTENANCE or HEARTBEAT. */
  public static boolean isBulletin(String type) {
    for (Bulletin.Type known : Bulletin.Type.values()) {
      if (known.name().equals(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads a bulletin written by {@link #write(Bulletin)}.
   *
   * @throws IllegalArgumentException naming the field, when {@code json} is not such a notice
   */
  public static Bulletin readBulletin(String json) {
    Fields root = parse(json);
    List<String> servers = new ArrayList<>();
    for (JsonNode server : root.arrayNodes("servers")) {
      servers.add(server.asText());
    }
    Map<String, String> facts = new LinkedHashMap<>();
    Fields given = root.object("facts");
    if (given != null) {
      given.node.fields().forEachRemaining(f -> facts.put(f.getKey(), f.getValue().asText()));
    }
    return new Bulletin(
        root.enumValue("type", Bulletin.Type.class),
        root.requiredText("event"),
        root.requiredText("noticeKey"),
        root.requiredInstant("at"),
        root.requiredText("headline"),
        root.text("text"),
        servers,
        facts);
  }

  /**
   * Reads a configuration notice written by {@link #write(ConfigurationNotice)}.
   *
   * @throws IllegalArgumentException naming the field, when {@code json} is not such a notice
   */
  public static ConfigurationNotice readConfiguration(String json) {
    Fields root = parse(json);
    String type = root.requiredText("type");
    if (!CONFIGURATION_TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "notice JSON: type " + type + " is an incident notice; read it with read");
    }
    String about = root.text("about");
    ConfigurationNotice notice =
        new ConfigurationNotice(
            root.requiredText("subject"),
            root.requiredText("reason"),
            root.requiredInstant("at"),
            about == null
                ? ConfigurationNotice.About.WINDOW_ITEM
                : root.enumValue("about", ConfigurationNotice.About.class));
    // The key carries the fault's fingerprint where the notice had one: read it back from there.
    String written = root.text("noticeKey");
    if (written != null && !written.equals(key(notice))) {
      String fault = written.substring(written.lastIndexOf('/') + 1);
      notice =
          new ConfigurationNotice(
              notice.subject(), notice.reason(), notice.at(), notice.about(), fault);
    }
    return notice;
  }

  private static void writeProbe(JsonGenerator json, AssessedProbe assessed, String routeId)
      throws IOException {
    Probe probe = assessed.probe();
    json.writeStartObject();
    json.writeStringField("probeId", probe.probeId());
    if (!probe.routeId().equals(routeId)) {
      json.writeStringField("routeId", probe.routeId());
    }
    writeInstant(json, "sentAt", probe.sentAt());
    json.writeStringField("state", name(assessed.state()));
    json.writeStringField("verdict", name(assessed.verdict()));
    writeDuration(json, "latency", assessed.latency());
    json.writeStringField("maintenanceWindowId", assessed.maintenanceWindowId());
    Submission submission = probe.submission();
    if (submission == null) {
      json.writeNullField("submission");
    } else {
      json.writeObjectFieldStart("submission");
      json.writeBooleanField("accepted", submission.accepted());
      writeInstant(json, "at", submission.at());
      json.writeNumberField("replyCode", submission.replyCode());
      json.writeStringField("reply", submission.reply());
      json.writeEndObject();
    }
    Delivery delivery = probe.delivery();
    if (delivery == null) {
      json.writeNullField("delivery");
    } else {
      json.writeObjectFieldStart("delivery");
      writeInstant(json, "deliveredAt", delivery.deliveredAt());
      json.writeArrayFieldStart("hops");
      for (Hop hop : delivery.hops()) {
        json.writeStartObject();
        json.writeStringField("from", hop.from());
        json.writeStringField("by", hop.by());
        json.writeStringField("protocol", hop.protocol());
        writeInstant(json, "receivedAt", hop.receivedAt());
        writeDuration(json, "delay", hop.delay());
        json.writeBooleanField("clockSkew", hop.clockSkew());
        writeDuration(json, "clockOffset", hop.clockOffset());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  private static void writeFlush(JsonGenerator json, BacklogFlush flush, Abridgement abridgement)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("description", flush.describe());
    writeInstant(json, "firstDeliveredAt", flush.firstDeliveredAt());
    writeInstant(json, "lastDeliveredAt", flush.lastDeliveredAt());
    json.writeNumberField("size", flush.size());
    json.writeNumberField("sentDuringMaintenance", flush.sentDuringMaintenance());
    writeDuration(json, "longestLatency", flush.longestLatency());
    json.writeArrayFieldStart("probeIds");
    for (String id : abridgement.probeIds(flush)) {
      json.writeString(id);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writeInstant(JsonGenerator json, String field, Instant value)
      throws IOException {
    json.writeStringField(field, value == null ? null : value.toString());
  }

  /**
   * Writes {@code <field>Millis} and {@code <field>Text}. Milliseconds are a whole number whenever
   * the instants measured between are (probe instants are kept to the millisecond); a finer
   * duration gets a decimal fraction rather than losing its rest.
   */
  private static void writeDuration(JsonGenerator json, String field, Duration value)
      throws IOException {
    if (value == null) {
      json.writeNullField(field + "Millis");
      json.writeNullField(field + "Text");
      return;
    }
    if (value.getNano() % 1_000_000 == 0) {
      json.writeNumberField(field + "Millis", value.toMillis());
    } else {
      json.writeNumberField(
          field + "Millis",
          BigDecimal.valueOf(value.getSeconds())
              .scaleByPowerOfTen(3)
              .add(BigDecimal.valueOf(value.getNano(), 6)));
    }
    json.writeStringField(field + "Text", ReadableTime.duration(value));
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  private static AssessedProbe readProbe(Fields fields, String noticeRouteId) {
    String routeId = fields.has("routeId") ? fields.text("routeId") : noticeRouteId;
    Submission submission = null;
    Fields submitted = fields.object("submission");
    if (submitted != null) {
      submission =
          new Submission(
              submitted.bool("accepted"),
              submitted.requiredInstant("at"),
              submitted.integer("replyCode"),
              submitted.text("reply"));
    }
    Delivery delivery = null;
    Fields delivered = fields.object("delivery");
    if (delivered != null) {
      List<Hop> hops = new ArrayList<>();
      for (Fields hop : delivered.array("hops")) {
        hops.add(
            new Hop(
                hop.text("from"),
                hop.text("by"),
                hop.text("protocol"),
                hop.instant("receivedAt"),
                hop.duration("delay"),
                hop.bool("clockSkew"),
                hop.duration("clockOffset")));
      }
      delivery = new Delivery(delivered.requiredInstant("deliveredAt"), hops);
    }
    Probe probe;
    try {
      probe =
          new Probe(
              routeId,
              fields.requiredText("probeId"),
              fields.requiredInstant("sentAt"),
              submission,
              delivery);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("notice JSON: " + fields.path + ": " + e.getMessage(), e);
    }
    return new AssessedProbe(
        probe,
        fields.enumValue("state", ProbeState.class),
        fields.enumValue("verdict", Verdict.class),
        fields.duration("latency"),
        fields.text("maintenanceWindowId"));
  }

  private static BacklogFlush readFlush(Fields fields) {
    List<String> ids = new ArrayList<>();
    for (JsonNode id : fields.arrayNodes("probeIds")) {
      if (!id.isTextual()) {
        throw new IllegalArgumentException(
            "notice JSON: " + fields.path + ".probeIds holds a non-text value: " + id);
      }
      ids.add(id.textValue());
    }
    return new BacklogFlush(
        fields.requiredInstant("firstDeliveredAt"),
        fields.requiredInstant("lastDeliveredAt"),
        ids,
        fields.integer("sentDuringMaintenance"),
        fields.requiredDuration("longestLatency"));
  }

  private static Fields parse(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("notice JSON is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("notice JSON is not a JSON object");
    }
    Fields fields = new Fields(root, "notice");
    String schema = fields.requiredText("schema");
    if (!SCHEMA.equals(schema)) {
      throw new IllegalArgumentException(
          "notice JSON has schema '" + schema + "'; this version reads " + SCHEMA);
    }
    return fields;
  }

  /** One JSON object, read field by field, with the path to name in error messages. */
  private static final class Fields {
    private final JsonNode node;
    private final String path;

    Fields(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    boolean has(String field) {
      return node.has(field);
    }

    /** The text, or null when the field is missing or null. */
    String text(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        throw invalid(field, "is not text", value);
      }
      return value.textValue();
    }

    String requiredText(String field) {
      String value = text(field);
      if (value == null) {
        throw missing(field);
      }
      return value;
    }

    Instant instant(String field) {
      String value = text(field);
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw invalid(field, "is not an ISO-8601 instant in UTC", node.get(field));
      }
    }

    Instant requiredInstant(String field) {
      Instant value = instant(field);
      if (value == null) {
        throw missing(field);
      }
      return value;
    }

    /** The duration in {@code <field>Millis}, or null when missing or null. */
    Duration duration(String field) {
      String name = field + "Millis";
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        throw invalid(name, "is not a number of milliseconds", value);
      }
      if (value.isIntegralNumber() && value.canConvertToLong()) {
        return Duration.ofMillis(value.longValue());
      }
      try {
        BigInteger[] secondsAndNanos =
            value
                .decimalValue()
                .multiply(NANOS_PER_MILLI)
                .toBigIntegerExact()
                .divideAndRemainder(NANOS_PER_SECOND);
        return Duration.ofSeconds(
            secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
      } catch (ArithmeticException e) {
        throw invalid(name, "is not a duration to the nanosecond", value);
      }
    }

    Duration requiredDuration(String field) {
      Duration value = duration(field);
      if (value == null) {
        throw missing(field + "Millis");
      }
      return value;
    }

    int integer(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        throw missing(field);
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw invalid(field, "is not a whole number", value);
      }
      return value.intValue();
    }

    boolean bool(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        throw missing(field);
      }
      if (!value.isBoolean()) {
        throw invalid(field, "is not true or false", value);
      }
      return value.booleanValue();
    }

    <E extends Enum<E>> E optionalEnumValue(String field, Class<E> type) {
      String value = text(field);
      if (value == null) {
        return null;
      }
      try {
        return Enum.valueOf(type, value);
      } catch (IllegalArgumentException e) {
        throw invalid(
            field, "is not one of " + Arrays.toString(type.getEnumConstants()), node.get(field));
      }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
      E value = optionalEnumValue(field, type);
      if (value == null) {
        throw missing(field);
      }
      return value;
    }

    /** The object in {@code field}, or null when the field is missing or null. */
    Fields object(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isObject()) {
        throw invalid(field, "is not an object", value);
      }
      return new Fields(value, path + "." + field);
    }

    /** The objects in the array {@code field}; none when the field is missing. */
    List<Fields> array(String field) {
      List<JsonNode> nodes = arrayNodes(field);
      List<Fields> objects = new ArrayList<>(nodes.size());
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode element = nodes.get(i);
        String at = path + "." + field + "[" + i + "]";
        if (!element.isObject()) {
          throw new IllegalArgumentException("notice JSON: " + at + " is not an object");
        }
        objects.add(new Fields(element, at));
      }
      return objects;
    }

    List<JsonNode> arrayNodes(String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return List.of();
      }
      if (!value.isArray()) {
        throw invalid(field, "is not an array", value);
      }
      List<JsonNode> elements = new ArrayList<>(value.size());
      value.forEach(elements::add);
      return elements;
    }

    private IllegalArgumentException missing(String field) {
      return new IllegalArgumentException("notice JSON: " + path + "." + field + " is missing");
    }

    private IllegalArgumentException invalid(String field, String problem, JsonNode value) {
      return new IllegalArgumentException(
          "notice JSON: " + path + "." + field + " " + problem + ": " + value);
    }
  }
}
