package dev.mailflow.receive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.lambda.FunctionSummary;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one run of the receive function did: the outcome of each record of its event, counted, and
 * the metrics of the run.
 *
 * <pre>{@code
 * {"records":2,"RECORDED":1,"DUPLICATE":0,"FOREIGN":1,...,"TRANSIENT_FAILURE":0}
 * }</pre>
 *
 * <p>Every outcome is written, zeros too, so a log query or metric filter can always read the same
 * fields.
 *
 * @param outcomes the outcome of each record, in the event's order
 * @param recorded the arrivals recorded for the first time, for their latency metrics
 * @param transientFailure the first transient AWS error a record met, or {@code null}
 */
record ReceiveSummary(
    List<ArrivalOutcome> outcomes, List<Arrival> recorded, RuntimeException transientFailure)
    implements FunctionSummary {

  ReceiveSummary {
    outcomes = List.copyOf(outcomes);
    recorded = List.copyOf(recorded);
  }

  /** How many records the event had. */
  int records() {
    return outcomes.size();
  }

  /** How many records had this outcome. */
  int count(ArrivalOutcome outcome) {
    return Collections.frequency(outcomes, outcome);
  }

  /** The first transient failure, when a record met one: the event must then be tried again. */
  Optional<RuntimeException> firstTransientFailure() {
    return Optional.ofNullable(transientFailure);
  }

  @Override
  public ObjectNode json() {
    ObjectNode json = FunctionSummary.newJson();
    json.put("records", records());
    for (ArrivalOutcome outcome : ArrivalOutcome.values()) {
      json.put(outcome.name(), count(outcome));
    }
    return json;
  }

  /** One line per arrival recorded, with its latency, then the counts of the outcomes that came. */
  @Override
  public void emitMetrics(EmbeddedMetrics metrics) {
    for (Arrival arrival : recorded) {
      metrics
          .forRoute(arrival.routeId())
          .milliseconds("DeliveryLatency", arrival.endToEnd().toMillis())
          .count("Arrivals", 1)
          .emit();
    }
    EmbeddedMetrics.Line line = metrics.forFunction().count("InboundRecords", records());
    for (ArrivalOutcome outcome : ArrivalOutcome.values()) {
      int count = count(outcome);
      if (count > 0) {
        line.count("Inbound" + camelCase(outcome), count);
      }
    }
    line.emit();
  }

  /** FROM_THE_FUTURE as FromTheFuture: metric names read like the other metrics. */
  private static String camelCase(ArrivalOutcome outcome) {
    StringBuilder name = new StringBuilder();
    for (String word : outcome.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
  }
}
