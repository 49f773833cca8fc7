package dev.mailflow.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Standard output while a mesh runs, as CloudWatch Logs would take it in: the bytes each function
 * writes (its log lines and its Embedded Metric Format lines), and the custom metrics the EMF lines
 * create, each a metric name with one set of dimension values.
 *
 * <p>A line belongs to the function being invoked when it is written; lines written while none is
 * (a container's start), and those of the mesh's own mail servers and of the run itself ({@code
 * dev.mailflow.local}, {@code dev.mailflow.emulator}) are not counted.
 */
final class LogMeter extends OutputStream {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<String> function;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final Map<String, Long> bytes = new TreeMap<>();
  private final Map<String, Set<String>> metrics = new TreeMap<>();

  /**
   * @param function names the function being invoked, or {@link CallMeter#INIT}
   */
  LogMeter(Supplier<String> function) {
    this.function = function;
  }

  @Override
  public synchronized void write(int b) throws IOException {
    line.write(b);
    if (b == '\n') {
      finishLine();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** Forgets what was counted, for the next run. */
  synchronized void reset() {
    line.reset();
    bytes.clear();
    metrics.clear();
  }

  /** Bytes written by each function. */
  synchronized Map<String, Long> bytes() {
    return new TreeMap<>(bytes);
  }

  /** The custom metrics each function's EMF lines created: namespace, name and dimensions. */
  synchronized Map<String, Set<String>> metrics() {
    Map<String, Set<String>> copy = new TreeMap<>();
    metrics.forEach((name, set) -> copy.put(name, new TreeSet<>(set)));
    return copy;
  }

  private void finishLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    int size = line.size();
    line.reset();
    String owner = function.get();
    if (owner.equals(CallMeter.INIT)
        || text.contains("\"dev.mailflow.local")
        || text.contains("\"dev.mailflow.emulator")) {
      return;
    }
    bytes.merge(owner, (long) size, Long::sum);
    if (text.startsWith("{\"_aws\"")) {
      metrics.computeIfAbsent(owner, name -> new TreeSet<>()).addAll(metricsOf(text));
    }
  }

  private static Set<String> metricsOf(String text) {
    Set<String> found = new TreeSet<>();
    try {
      JsonNode root = JSON.readTree(text);
      for (JsonNode directive : root.path("_aws").path("CloudWatchMetrics")) {
        String namespace = directive.path("Namespace").asText();
        for (JsonNode dimensionSet : directive.path("Dimensions")) {
          StringBuilder dimensions = new StringBuilder();
          for (JsonNode dimension : dimensionSet) {
            dimensions
                .append(' ')
                .append(dimension.asText())
                .append('=')
                .append(root.path(dimension.asText()).asText());
          }
          for (JsonNode metric : directive.path("Metrics")) {
            found.add(namespace + " " + metric.path("Name").asText() + dimensions);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("an EMF line that is not JSON: " + text, e);
    }
    return found;
  }
}
