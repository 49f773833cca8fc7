package dev.mailflow.send;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * What a scheduled invocation says about itself: the instant the schedule meant it to start, which
 * decides which routes are due, and its id and source, for the log.
 *
 * <p>A scheduled rule (EventBridge, {@code "detail-type": "Scheduled Event"}) sends its event id,
 * source and the scheduled time; EventBridge Scheduler sends the target input it was given, which
 * may name {@code id} and {@code time} from its context attributes ({@code
 * <aws.scheduler.execution-id>}, {@code <aws.scheduler.scheduled-time>}), or be empty. Any of
 * these, or no input at all, is a run: missing fields read as empty.
 *
 * @param id the event or execution id, empty when not given
 * @param time the scheduled time as sent, empty when not given
 * @param source the sender ({@code aws.events}, {@code aws.scheduler}), empty when not given
 * @param readable false when the input was not JSON, which is logged and otherwise ignored
 */
record ScheduledEvent(String id, String time, String source, boolean readable) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the invocation's input; never fails on its content. */
  static ScheduledEvent read(InputStream input) throws IOException {
    byte[] bytes = input.readAllBytes();
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    if (text.isEmpty() || text.equals("null")) {
      return new ScheduledEvent("", "", "", true);
    }
    JsonNode event;
    try {
      event = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return new ScheduledEvent("", "", "", false);
    }
    return new ScheduledEvent(
        field(event, "id"), field(event, "time"), field(event, "source"), true);
  }

  /**
   * The instant the schedule meant the run to start, when the event names one; an input without a
   * readable time runs as of its own clock.
   */
  Optional<Instant> scheduledAt() {
    if (time.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(time));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String field(JsonNode event, String name) {
    JsonNode value = event == null ? null : event.get(name);
    return value == null || !value.isValueNode() ? "" : value.asText();
  }
}
