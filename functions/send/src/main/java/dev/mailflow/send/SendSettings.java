package dev.mailflow.send;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.DocumentLocation;
import dev.mailflow.adapters.config.EnvironmentReader;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the send function reads from its environment, read once at start and checked then: a
 * missing or bad variable stops the function with a message naming it.
 *
 * @param probesTable DynamoDB table of probes ({@code MAILFLOW_PROBES_TABLE})
 * @param configParameter SSM parameter holding the configuration document ({@code
 *     MAILFLOW_CONFIG_PARAMETER}); empty when an object or a file is used
 * @param configObject S3 object holding the configuration document ({@code MAILFLOW_CONFIG_OBJECT},
 *     {@code s3://BUCKET/KEY}), for a document larger than a parameter holds; empty when a
 *     parameter or a file is used
 * @param configFile local configuration file ({@code MAILFLOW_CONFIG_FILE}); empty when the
 *     parameter is used
 * @param signingSecret Secrets Manager secret with the probe-signing key ({@code
 *     MAILFLOW_SIGNING_SECRET})
 * @param parallelism servers served at once ({@code MAILFLOW_SEND_PARALLELISM}, default 4)
 * @param connectTimeout SMTP connect timeout ({@code MAILFLOW_SMTP_CONNECT_TIMEOUT}, default 10s)
 * @param readTimeout SMTP read timeout ({@code MAILFLOW_SMTP_READ_TIMEOUT}, default 30s)
 * @param probeRetention how long probe records are kept ({@code MAILFLOW_PROBE_RETENTION}, default
 *     30d)
 * @param sesConfigurationSet SES configuration set for probes sent through SES ({@code
 *     MAILFLOW_SES_CONFIGURATION_SET}), optional
 * @param sendEvery the send schedule's rate ({@code MAILFLOW_SEND_EVERY}, default 1m, from 1s to
 *     1h): each run sends the routes whose slot began since the run before it, so it must be the
 *     schedule's own
 * @param routesInFlight send-slot claims and probe records waiting on DynamoDB at once ({@code
 *     MAILFLOW_ROUTES_IN_FLIGHT}, default 16, at most 48)
 * @param defaultPolicy the policy of a route unless its configuration says otherwise: the built-in
 *     defaults with {@code MAILFLOW_PROBE_INTERVAL}, {@code MAILFLOW_WARNING_LATENCY}, {@code
 *     MAILFLOW_CRITICAL_LATENCY} and {@code MAILFLOW_LOSS_TIMEOUT} where set
 * @param routeMetrics whether per-route metrics carry the {@code Route} dimension ({@code
 *     MAILFLOW_ROUTE_METRICS}, on or off, default off): each route then costs custom metrics of its
 *     own
 */
public record SendSettings(
    String probesTable,
    Optional<String> configParameter,
    Optional<String> configObject,
    Optional<String> configFile,
    String signingSecret,
    int parallelism,
    Duration connectTimeout,
    Duration readTimeout,
    Duration probeRetention,
    Optional<String> sesConfigurationSet,
    Duration sendEvery,
    int routesInFlight,
    RoutePolicy defaultPolicy,
    boolean routeMetrics)
    implements ConfigurationSettings {

  public static final String PROBES_TABLE = "MAILFLOW_PROBES_TABLE";
  public static final String CONFIG_PARAMETER = EnvironmentReader.CONFIG_PARAMETER;
  public static final String CONFIG_OBJECT = EnvironmentReader.CONFIG_OBJECT;
  public static final String CONFIG_FILE = EnvironmentReader.CONFIG_FILE;
  public static final String SIGNING_SECRET = "MAILFLOW_SIGNING_SECRET";
  public static final String PARALLELISM = "MAILFLOW_SEND_PARALLELISM";
  public static final String CONNECT_TIMEOUT = "MAILFLOW_SMTP_CONNECT_TIMEOUT";
  public static final String READ_TIMEOUT = "MAILFLOW_SMTP_READ_TIMEOUT";
  public static final String PROBE_RETENTION = "MAILFLOW_PROBE_RETENTION";
  public static final String SES_CONFIGURATION_SET = "MAILFLOW_SES_CONFIGURATION_SET";
  public static final String SEND_EVERY = "MAILFLOW_SEND_EVERY";
  public static final String ROUTES_IN_FLIGHT = "MAILFLOW_ROUTES_IN_FLIGHT";

  /** Every variable the send function reads. */
  public static final Set<String> VARIABLES =
      Set.of(
          PROBES_TABLE,
          CONFIG_PARAMETER,
          CONFIG_OBJECT,
          CONFIG_FILE,
          SIGNING_SECRET,
          PARALLELISM,
          CONNECT_TIMEOUT,
          READ_TIMEOUT,
          PROBE_RETENTION,
          SES_CONFIGURATION_SET,
          SEND_EVERY,
          ROUTES_IN_FLIGHT,
          EnvironmentReader.PROBE_INTERVAL,
          EnvironmentReader.WARNING_LATENCY,
          EnvironmentReader.CRITICAL_LATENCY,
          EnvironmentReader.LOSS_TIMEOUT,
          EnvironmentReader.ROUTE_METRICS);

  /**
   * Reads the settings.
   *
   * @throws IllegalStateException naming every missing or bad variable
   */
  public static SendSettings fromEnvironment(Map<String, String> environment) {
    EnvironmentReader reader = new EnvironmentReader(environment, "send");
    String table = reader.required(PROBES_TABLE);
    DocumentLocation config = reader.configurationDocument(true);
    String secret = reader.required(SIGNING_SECRET);
    int parallelism = reader.integer(PARALLELISM, 4, 1, 32);
    Duration connect = reader.duration(CONNECT_TIMEOUT, Duration.ofSeconds(10));
    Duration read = reader.duration(READ_TIMEOUT, Duration.ofSeconds(30));
    Duration retention = reader.duration(PROBE_RETENTION, Duration.ofDays(30));
    Optional<String> configurationSet = reader.optional(SES_CONFIGURATION_SET);
    Duration sendEvery =
        reader.duration(
            SEND_EVERY, Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1));
    int routesInFlight = reader.integer(ROUTES_IN_FLIGHT, 16, 1, 48);
    RoutePolicy defaultPolicy = reader.defaultPolicy();
    boolean routeMetrics = reader.routeMetrics();
    reader.done();
    return new SendSettings(
        table,
        config.parameter(),
        config.object(),
        config.file(),
        secret,
        parallelism,
        connect,
        read,
        retention,
        configurationSet,
        sendEvery,
        routesInFlight,
        defaultPolicy,
        routeMetrics);
  }
}
