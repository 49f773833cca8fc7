package dev.mailflow.adapters.lambda;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What one invocation of a function did: the JSON it answers (and logs) and the metrics it writes.
 *
 * <p>The send, receive and evaluate functions each have a summary that implements it, so the three
 * handlers end an invocation the same way:
 *
 * <pre>{@code
 * summary.emitMetrics(metrics);
 * LOG.info("... {}", summary.toJson());
 * summary.writeTo(output);
 * }</pre>
 */
public interface FunctionSummary {

  /** Starts the JSON object of a summary. */
  static ObjectNode newJson() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** The reply, as a JSON object built with {@link #newJson()}. */
  ObjectNode json();

  /** Writes the run's metrics, one EMF line per dimension. */
  void emitMetrics(EmbeddedMetrics metrics);

  /** The reply as one line of JSON. */
  default String toJson() {
    return json().toString();
  }

  /** Writes the reply to the invocation's output, leaving the stream open. */
  default void writeTo(OutputStream output) throws IOException {
    output.write(toJson().getBytes(StandardCharsets.UTF_8));
  }
}
