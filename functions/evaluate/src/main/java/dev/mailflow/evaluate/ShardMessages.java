package dev.mailflow.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shard queue's messages, when an invocation comes from the SQS event source rather than the
 * schedule: an event whose {@code Records} come from {@code aws:sqs}.
 */
final class ShardMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One message of the queue.
   *
   * @param messageId SQS's id of it, which a batch item failure names
   * @param body the shard order's JSON
   */
  record Message(String messageId, String body) {}

  private ShardMessages() {}

  /** The messages of an SQS event; empty when {@code input} is not one (a scheduled event). */
  static Optional<List<Message>> read(String input) {
    JsonNode event;
    try {
      event = JSON.readTree(input);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (event == null || !event.path("Records").isArray() || event.path("Records").isEmpty()) {
      return Optional.empty();
    }
    List<Message> messages = new ArrayList<>();
    for (JsonNode record : event.path("Records")) {
      if (!"aws:sqs".equals(record.path("eventSource").asText())) {
        return Optional.empty();
      }
      messages.add(new Message(record.path("messageId").asText(), record.path("body").asText()));
    }
    return Optional.of(messages);
  }

  /**
   * The answer SQS's event source reads: the messages to deliver again; every other message of the
   * batch is deleted.
   */
  static String batchItemFailures(List<String> messageIds) {
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode failures = answer.putArray("batchItemFailures");
    for (String id : messageIds) {
      failures.addObject().put("itemIdentifier", id);
    }
    return answer.toString();
  }
}
