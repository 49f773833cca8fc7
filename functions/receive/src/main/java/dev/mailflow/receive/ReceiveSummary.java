package dev.mailflow.receive;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcomes of one invocation, counted: what the handler returns and logs as one JSON line.
 *
 * <pre>{@code
 * {"records":2,"RECORDED":1,"DUPLICATE":0,"FOREIGN":1,...,"TRANSIENT_FAILURE":0}
 * }</pre>
 *
 * <p>Every outcome is written, zeros too, so a log query or metric filter can always read the same
 * fields.
 */
public final class ReceiveSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<ReceiveOutcome, Integer> counts = new EnumMap<>(ReceiveOutcome.class);
  private int records;
  private RuntimeException firstTransientFailure;

  /** Counts one record's outcome. */
  void add(ReceiveOutcome outcome) {
    counts.merge(Objects.requireNonNull(outcome, "outcome"), 1, Integer::sum);
    records++;
  }

  /** Counts a transient failure and keeps the first one's cause for the invocation's error. */
  void addTransientFailure(RuntimeException cause) {
    add(ReceiveOutcome.TRANSIENT_FAILURE);
    if (firstTransientFailure == null) {
      firstTransientFailure = cause;
    }
  }

  /** How many records the event had. */
  public int records() {
    return records;
  }

  /** How many records had this outcome. */
  public int count(ReceiveOutcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }

  /** The first transient failure, when a record met one: the event must then be tried again. */
  public Optional<RuntimeException> firstTransientFailure() {
    return Optional.ofNullable(firstTransientFailure);
  }

  /** The counts as one line of JSON. */
  public String toJson() {
    ObjectNode json = JSON.createObjectNode();
    json.put("records", records);
    for (ReceiveOutcome outcome : ReceiveOutcome.values()) {
      json.put(outcome.name(), count(outcome));
    }
    return json.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
