package dev.mailflow.adapters.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.domain.evaluation.RouteBrief;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.ShardJudgement;
import dev.mailflow.domain.evaluation.ShardOrder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The JSON of a round's shards: a {@link ShardOrder} as the body of its queue message, and a {@link
 * ShardJudgement} as stored on the round board, gzipped, since a shard of thousands of routes
 * repeats the same few words thousands of times and an item holds 400 KB at most.
 */
public final class ShardJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShardJson() {}

  /** The body of a shard's queue message. */
  public static String order(ShardOrder order) {
    ObjectNode node = JSON.createObjectNode();
    node.put("roundAt", order.roundAt().toString());
    node.put("shard", order.shard());
    node.put("shards", order.shards());
    node.put("firstRoute", order.firstRoute());
    node.put("routes", order.routes());
    return node.toString();
  }

  /**
   * The shard a queue message's body orders.
   *
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public static ShardOrder order(String body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    try {
      return new ShardOrder(
          Instant.parse(text(node, "roundAt")),
          number(node, "shard"),
          number(node, "shards"),
          number(node, "firstRoute"),
          number(node, "routes"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("roundAt is not an ISO-8601 instant: " + e.getMessage());
    }
  }

  /** A shard's judgement, gzipped JSON. */
  static byte[] judgement(ShardJudgement judgement) {
    ObjectNode node = JSON.createObjectNode();
    node.put("shard", judgement.shard());
    node.put("unjudged", judgement.unjudged());
    ArrayNode held = node.putArray("held");
    judgement.held().forEach(held::add);
    ArrayNode briefs = node.putArray("briefs");
    for (RouteBrief brief : judgement.briefs()) {
      ObjectNode b = briefs.addObject();
      b.put("r", brief.routeId());
      b.put("c", brief.condition().name());
      if (brief.openIncident()) {
        b.put("o", true);
      }
      if (!brief.relays().isEmpty()) {
        ArrayNode relays = b.putArray("h");
        brief.relays().forEach(relays::add);
      }
      if (!brief.windows().isEmpty()) {
        ArrayNode windows = b.putArray("w");
        for (RouteBrief.WindowTally tally : brief.windows()) {
          windows
              .addObject()
              .put("id", tally.windowId())
              .put("e", tally.excused())
              .put("q", tally.queued())
              .put("l", tally.longestWait().toMillis());
        }
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      JSON.writeValue(gzip, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * A shard's judgement from its gzipped JSON.
   *
   * @throws IllegalArgumentException when the bytes are not one
   */
  static ShardJudgement judgement(byte[] gzipped) {
    JsonNode node;
    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      node = JSON.readTree(gzip);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a gzipped shard judgement: " + e.getMessage(), e);
    }
    List<String> held = new ArrayList<>();
    node.path("held").forEach(id -> held.add(id.asText()));
    List<RouteBrief> briefs = new ArrayList<>();
    for (JsonNode b : node.path("briefs")) {
      List<String> relays = new ArrayList<>();
      b.path("h").forEach(relay -> relays.add(relay.asText()));
      List<RouteBrief.WindowTally> windows = new ArrayList<>();
      for (JsonNode w : b.path("w")) {
        windows.add(
            new RouteBrief.WindowTally(
                w.path("id").asText(),
                w.path("e").asInt(),
                w.path("q").asInt(),
                Duration.ofMillis(w.path("l").asLong())));
      }
      briefs.add(
          new RouteBrief(
              b.path("r").asText(),
              RouteCondition.valueOf(b.path("c").asText()),
              b.path("o").asBoolean(false),
              relays,
              windows));
    }
    return new ShardJudgement(
        node.path("shard").asInt(), briefs, held, node.path("unjudged").asInt());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return value.asText();
  }

  private static int number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is missing or not a whole number");
    }
    return value.asInt();
  }
}
