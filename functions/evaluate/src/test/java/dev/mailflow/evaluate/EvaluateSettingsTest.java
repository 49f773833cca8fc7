package dev.mailflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluateSettingsTest {
  private final Map<String, String> environment =
      new HashMap<>(
          Map.of(
              "MAILFLOW_PROBES_TABLE", "probes",
              "MAILFLOW_STATE_TABLE", "states",
              "MAILFLOW_WINDOWS_TABLE", "windows",
              "MAILFLOW_ALERT_TOPIC_ARN", "arn:aws:sns:eu-west-1:123456789012:mailflow-alerts",
              "MAILFLOW_CONFIG_PARAMETER", "/mailflow/config"));

  @Test
  void fromEnvironment_readsEveryVariableWithDefaults() {
    environment.put("MAILFLOW_ALERT_TIME_ZONE", "Europe/Stockholm");

    EvaluateSettings settings = EvaluateSettings.fromEnvironment(environment);

    assertThat(settings.probesTable()).isEqualTo("probes");
    assertThat(settings.configParameter()).contains("/mailflow/config");
    assertThat(settings.configObject()).isEmpty();
    assertThat(settings.configFile()).isEmpty();
    assertThat(settings.alertTimeZone()).contains(ZoneId.of("Europe/Stockholm"));
    assertThat(settings.publishingLease()).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.longestWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.heartbeatAt()).isEmpty();
    assertThat(settings.routesInFlight()).isEqualTo(16);
    assertThat(settings.shardQueueUrl()).isEmpty();
    assertThat(settings.shardSize()).isEqualTo(5000);
  }

  @Test
  void fromEnvironment_readsTheShardQueueAndSize() {
    environment.put(
        "MAILFLOW_SHARD_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/shards");
    environment.put("MAILFLOW_SHARD_SIZE", "2000");

    EvaluateSettings settings = EvaluateSettings.fromEnvironment(environment);

    assertThat(settings.shardQueueUrl())
        .contains("https://sqs.eu-west-1.amazonaws.com/123456789012/shards");
    assertThat(settings.shardSize()).isEqualTo(2000);
  }

  @Test
  void fromEnvironment_routeMetricsAreOffUnlessTurnedOn_andAnythingElseFails() {
    assertThat(EvaluateSettings.fromEnvironment(environment).routeMetrics()).isFalse();
    environment.put("MAILFLOW_ROUTE_METRICS", "on");
    assertThat(EvaluateSettings.fromEnvironment(environment).routeMetrics()).isTrue();
    environment.put("MAILFLOW_ROUTE_METRICS", "yes");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> EvaluateSettings.fromEnvironment(environment))
        .hasMessageContaining("MAILFLOW_ROUTE_METRICS is 'yes', not on or off");
  }

  @Test
  void fromEnvironment_readsTheHeartbeatsTimeOfDay_orOff() {
    environment.put("MAILFLOW_HEARTBEAT_AT", "08:00");
    assertThat(EvaluateSettings.fromEnvironment(environment).heartbeatAt())
        .contains(LocalTime.of(8, 0));

    environment.put("MAILFLOW_HEARTBEAT_AT", "off");
    assertThat(EvaluateSettings.fromEnvironment(environment).heartbeatAt()).isEmpty();
  }

  @Test
  void fromEnvironment_readsTheConfigurationFromAnS3ObjectInsteadOfTheParameter() {
    environment.remove("MAILFLOW_CONFIG_PARAMETER");
    environment.put("MAILFLOW_CONFIG_OBJECT", "s3://mailflow-config/mailflow.yaml");

    EvaluateSettings settings = EvaluateSettings.fromEnvironment(environment);

    assertThat(settings.configObject()).contains("s3://mailflow-config/mailflow.yaml");
    assertThat(settings.configParameter()).isEmpty();
    assertThat(settings.configFile()).isEmpty();
  }

  @Test
  void fromEnvironment_namesEveryMissingOrBadVariableAtOnce() {
    environment.remove("MAILFLOW_STATE_TABLE");
    environment.put("MAILFLOW_ALERT_TOPIC_ARN", "mailflow-alerts");
    environment.put("MAILFLOW_CONFIG_FILE", "/tmp/mailflow.yaml");
    environment.put("MAILFLOW_ALERT_TIME_ZONE", "Mars/Olympus");
    environment.put("MAILFLOW_PUBLISHING_LEASE", "soon");
    environment.put("MAILFLOW_MAX_WINDOW_LENGTH", "forever");
    environment.put("MAILFLOW_HEARTBEAT_AT", "breakfast");
    environment.put("MAILFLOW_ROUTES_IN_FLIGHT", "500");
    environment.put("MAILFLOW_SHARD_QUEUE_URL", "shards");
    environment.put("MAILFLOW_SHARD_SIZE", "20000");

    assertThatThrownBy(() -> EvaluateSettings.fromEnvironment(environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the evaluate function is not configured: ")
        .hasMessageContaining("MAILFLOW_STATE_TABLE is not set")
        .hasMessageContaining("MAILFLOW_ALERT_TOPIC_ARN is 'mailflow-alerts', not a topic ARN")
        .hasMessageContaining(
            "set exactly one of MAILFLOW_CONFIG_PARAMETER, MAILFLOW_CONFIG_OBJECT and"
                + " MAILFLOW_CONFIG_FILE")
        .hasMessageContaining("MAILFLOW_ALERT_TIME_ZONE is 'Mars/Olympus'")
        .hasMessageContaining("MAILFLOW_PUBLISHING_LEASE 'soon' is not a duration")
        .hasMessageContaining("MAILFLOW_MAX_WINDOW_LENGTH 'forever' is not a duration")
        .hasMessageContaining("MAILFLOW_HEARTBEAT_AT is 'breakfast', not a time of day in UTC")
        .hasMessageContaining("MAILFLOW_ROUTES_IN_FLIGHT is '500', not a number of routes")
        .hasMessageContaining("MAILFLOW_SHARD_QUEUE_URL is 'shards', not a queue URL")
        .hasMessageContaining("MAILFLOW_SHARD_SIZE is 20000, outside 1..10000");
  }

  @Test
  void fromEnvironment_takesTheDeploymentsProbeIntervalAndThresholdsAsTheDefaultPolicy() {
    environment.put("MAILFLOW_PROBE_INTERVAL", "10m");
    environment.put("MAILFLOW_WARNING_LATENCY", "3m");
    environment.put("MAILFLOW_CRITICAL_LATENCY", "8m");
    environment.put("MAILFLOW_LOSS_TIMEOUT", "2h");

    EvaluateSettings settings = EvaluateSettings.fromEnvironment(environment);

    assertThat(settings.defaultPolicy().probeInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.defaultPolicy().warningLatency()).isEqualTo(Duration.ofMinutes(3));
    assertThat(settings.defaultPolicy().criticalLatency()).isEqualTo(Duration.ofMinutes(8));
    assertThat(settings.defaultPolicy().lossTimeout()).isEqualTo(Duration.ofHours(2));
    // Stretched beyond the built-in 2h to see enough probes past a 2h loss timeout: the clean
    // stretch of six that closes an intermittent incident, and one.
    assertThat(settings.defaultPolicy().lookback()).isEqualTo(Duration.ofMinutes(190));
  }

  @Test
  void fromEnvironment_refusesThresholdsThatContradictEachOther() {
    environment.put("MAILFLOW_CRITICAL_LATENCY", "20m");

    assertThatThrownBy(() -> EvaluateSettings.fromEnvironment(environment))
        .hasMessageContaining("do not fit together")
        .hasMessageContaining("criticalLatency PT20M must be below lossTimeout PT15M");
  }
}
