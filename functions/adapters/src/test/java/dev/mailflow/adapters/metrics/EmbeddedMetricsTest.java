package dev.mailflow.adapters.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final EmbeddedMetrics metrics =
      new EmbeddedMetrics(
          "Mailflow",
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void forRoute_writesOneEmfLineWithTheRouteDimensionAndEachValue() throws Exception {
    metrics
        .forRoute("MX02-to-MX01")
        .milliseconds("DeliveryLatency", 227_000)
        .count("Arrivals", 1)
        .emit();

    JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(1772445600000L);
    assertThat(directive.get("Namespace").asText()).isEqualTo("Mailflow");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Route");
    assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("DeliveryLatency");
    assertThat(directive.at("/Metrics/0/Unit").asText()).isEqualTo("Milliseconds");
    assertThat(directive.at("/Metrics/1/Unit").asText()).isEqualTo("Count");
    assertThat(line.get("Route").asText()).isEqualTo("MX02-to-MX01");
    assertThat(line.get("DeliveryLatency").asLong()).isEqualTo(227_000);
    assertThat(line.get("Arrivals").asLong()).isEqualTo(1);
  }

  @Test
  void forFunction_writesAnEmptyDimensionSet() throws Exception {
    metrics.forFunction().count("ProbesSent", 3).emit();

    JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0").size()).isZero();
    assertThat(line.get("ProbesSent").asLong()).isEqualTo(3);
  }

  @Test
  void forRoute_withoutTheRouteDimension_writesTheValuesWithoutDimensions() throws Exception {
    EmbeddedMetrics withoutRoutes =
        new EmbeddedMetrics(
            "Mailflow",
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC),
            false);

    withoutRoutes.forRoute("MX02-to-MX01").count("Arrivals", 1).emit();

    JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(withoutRoutes.routeDimension()).isFalse();
    assertThat(line.at("/_aws/CloudWatchMetrics/0/Dimensions/0").size()).isZero();
    assertThat(line.has("Route")).isFalse();
    assertThat(line.get("Arrivals").asLong()).isEqualTo(1);
  }

  @Test
  void emit_withoutValues_writesNothing() {
    metrics.forRoute("MX02-to-MX01").emit();

    assertThat(bytes.size()).isZero();
  }

  @Test
  void forRoute_escapesNamesSoTheLineStaysJson() throws Exception {
    metrics.forRoute("odd\"route\\").count("Arrivals", 1).emit();

    JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(line.get("Route").asText()).isEqualTo("odd\"route\\");
  }
}
