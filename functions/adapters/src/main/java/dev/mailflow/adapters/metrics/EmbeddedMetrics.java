package dev.mailflow.adapters.metrics;

import dev.mailflow.adapters.logging.JsonText;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes CloudWatch metrics as Embedded Metric Format (EMF) lines on standard output, which
 * CloudWatch Logs turns into metrics without an API call.
 *
 * <p>Written here rather than taken from {@code aws-embedded-metrics}: measured in a fresh JVM with
 * Lambda's flags, that library's first metric cost 85 to 95 ms even with Jackson already loaded
 * (450 to 1000 ms from cold) and brought commons-lang3, javatuples and an older Jackson; writing
 * the line here costs under a millisecond. The format is small and documented: {@code
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html}.
 *
 * <pre>
 * metrics.forRoute("MX02-to-MX01").milliseconds("DeliveryLatency", 227_000).emit();
 * metrics.forFunction().count("ProbesSent", 3).emit();
 * </pre>
 */
public final class EmbeddedMetrics {
  /** The namespace of every Mailflow metric. */
  public static final String NAMESPACE = "Mailflow";

  private final String namespace;
  private final PrintStream out;
  private final Clock clock;
  private final boolean routeDimension;

  /**
   * Metrics in the {@value #NAMESPACE} namespace, written to standard output.
   *
   * @param routeDimension whether {@link #forRoute} metrics carry the {@code Route} dimension: each
   *     route then has metrics of its own, each billed as a custom metric; without it they add up
   *     to one metric for every route
   */
  public EmbeddedMetrics(boolean routeDimension) {
    this(NAMESPACE, System.out, Clock.systemUTC(), routeDimension);
  }

  /**
   * Metrics whose {@link #forRoute} lines carry the {@code Route} dimension.
   *
   * @param namespace the CloudWatch namespace
   * @param out where the lines go: standard output on Lambda
   * @param clock timestamps the lines
   */
  public EmbeddedMetrics(String namespace, PrintStream out, Clock clock) {
    this(namespace, out, clock, true);
  }

  /**
   * @param namespace the CloudWatch namespace
   * @param out where the lines go: standard output on Lambda
   * @param clock timestamps the lines
   * @param routeDimension whether {@link #forRoute} lines carry the {@code Route} dimension
   */
  public EmbeddedMetrics(String namespace, PrintStream out, Clock clock, boolean routeDimension) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.out = Objects.requireNonNull(out, "out");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.routeDimension = routeDimension;
  }

  /**
   * Metrics of one route: with the dimension {@code Route} when route dimensions are on, else
   * without dimensions, so that every route's values go to the one metric of the function.
   */
  public Line forRoute(String routeId) {
    Line line = new Line();
    if (routeDimension) {
      line.dimensions.put("Route", routeId);
    }
    return line;
  }

  /**
   * Whether {@link #forRoute} lines carry the {@code Route} dimension; without it a run's totals
   * say as much in one line as its per-route lines would, in fewer log bytes.
   */
  public boolean routeDimension() {
    return routeDimension;
  }

  /** Metrics without dimensions: totals for the function. */
  public Line forFunction() {
    return new Line();
  }

  /** One EMF line under construction: add values, then {@link #emit()}. */
  public final class Line {
    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final List<Value> values = new ArrayList<>();

    private Line() {}

    /** A count, such as probes sent. */
    public Line count(String name, long value) {
      values.add(new Value(name, value, "Count"));
      return this;
    }

    /** A duration in milliseconds, such as a delivery latency. */
    public Line milliseconds(String name, long value) {
      values.add(new Value(name, value, "Milliseconds"));
      return this;
    }

    /** Writes the line, if it has any value. */
    public void emit() {
      if (values.isEmpty()) {
        return;
      }
      out.println(render());
    }

    String render() {
      StringBuilder json = new StringBuilder(256);
      json.append("{\"_aws\":{\"Timestamp\":")
          .append(clock.millis())
          .append(",\"CloudWatchMetrics\":[{\"Namespace\":");
      JsonText.appendString(json, namespace);
      json.append(",\"Dimensions\":[[");
      boolean first = true;
      for (String dimension : dimensions.keySet()) {
        if (!first) {
          json.append(',');
        }
        JsonText.appendString(json, dimension);
        first = false;
      }
      json.append("]],\"Metrics\":[");
      for (int i = 0; i < values.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        json.append("{\"Name\":");
        JsonText.appendString(json, values.get(i).name);
        json.append(",\"Unit\":");
        JsonText.appendString(json, values.get(i).unit);
        json.append('}');
      }
      json.append("]}]}");
      for (Map.Entry<String, String> dimension : dimensions.entrySet()) {
        json.append(',');
        JsonText.appendString(json, dimension.getKey());
        json.append(':');
        JsonText.appendString(json, dimension.getValue());
      }
      for (Value value : values) {
        json.append(',');
        JsonText.appendString(json, value.name);
        json.append(':').append(value.amount);
      }
      return json.append('}').toString();
    }
  }

  private record Value(String name, long amount, String unit) {}
}
