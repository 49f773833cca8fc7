package dev.mailflow.evaluate;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.DocumentLocation;
import dev.mailflow.adapters.config.EnvironmentReader;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the evaluate function reads from its environment, read once at start and checked then:
 * a missing or bad variable stops the function with a message naming it.
 *
 * @param probesTable DynamoDB table of probes ({@code MAILFLOW_PROBES_TABLE})
 * @param stateTable DynamoDB table of route states and sent one-off notices ({@code
 *     MAILFLOW_STATE_TABLE})
 * @param windowsTable DynamoDB table of maintenance windows ({@code MAILFLOW_WINDOWS_TABLE})
 * @param alertTopicArn SNS topic alerts are published to ({@code MAILFLOW_ALERT_TOPIC_ARN})
 * @param configParameter SSM parameter holding the configuration document ({@code
 *     MAILFLOW_CONFIG_PARAMETER}); empty when an object or a file is used
 * @param configObject S3 object holding the configuration document ({@code MAILFLOW_CONFIG_OBJECT},
 *     {@code s3://BUCKET/KEY}), for a document larger than a parameter holds; empty when a
 *     parameter or a file is used
 * @param configFile local configuration file ({@code MAILFLOW_CONFIG_FILE}); empty when the
 *     parameter is used
 * @param alertTimeZone a zone shown next to UTC in alert texts ({@code MAILFLOW_ALERT_TIME_ZONE},
 *     e.g. Europe/Stockholm), optional
 * @param publishingLease how long a run may take to publish the notices it stored before another
 *     run takes over ({@code MAILFLOW_PUBLISHING_LEASE}, default 2m; longer than the function's
 *     timeout)
 * @param longestWindow the longest maintenance window an item may hold ({@code
 *     MAILFLOW_MAX_WINDOW_LENGTH}, default 7d); a longer one is refused and reported
 * @param defaultPolicy the policy of a route unless its configuration says otherwise: the built-in
 *     defaults with {@code MAILFLOW_PROBE_INTERVAL}, {@code MAILFLOW_WARNING_LATENCY}, {@code
 *     MAILFLOW_CRITICAL_LATENCY} and {@code MAILFLOW_LOSS_TIMEOUT} where set
 * @param heartbeatAt the time of day (UTC) of the daily heartbeat notice ({@code
 *     MAILFLOW_HEARTBEAT_AT}, such as 08:00; {@code off}, the default, for none)
 * @param routesInFlight how many routes a run reads, or stores and publishes, at once ({@code
 *     MAILFLOW_ROUTES_IN_FLIGHT}, default 16, at most 48)
 * @param routeMetrics whether per-route metrics carry the {@code Route} dimension ({@code
 *     MAILFLOW_ROUTE_METRICS}, on or off, default off): each route then costs custom metrics of its
 *     own
 * @param shardQueueUrl the SQS queue a round's shards are handed to once the routes outnumber
 *     {@code shardSize} ({@code MAILFLOW_SHARD_QUEUE_URL}); empty to judge every round in one
 *     invocation
 * @param shardSize the most routes one invocation judges ({@code MAILFLOW_SHARD_SIZE}, default
 *     5000, from 1 to 10000)
 */
public record EvaluateSettings(
    String probesTable,
    String stateTable,
    String windowsTable,
    String alertTopicArn,
    Optional<String> configParameter,
    Optional<String> configObject,
    Optional<String> configFile,
    Optional<ZoneId> alertTimeZone,
    Duration publishingLease,
    Duration longestWindow,
    RoutePolicy defaultPolicy,
    Optional<LocalTime> heartbeatAt,
    int routesInFlight,
    boolean routeMetrics,
    Optional<String> shardQueueUrl,
    int shardSize)
    implements ConfigurationSettings {

  public static final String PROBES_TABLE = "MAILFLOW_PROBES_TABLE";
  public static final String STATE_TABLE = "MAILFLOW_STATE_TABLE";
  public static final String WINDOWS_TABLE = "MAILFLOW_WINDOWS_TABLE";
  public static final String ALERT_TOPIC_ARN = "MAILFLOW_ALERT_TOPIC_ARN";
  public static final String CONFIG_PARAMETER = EnvironmentReader.CONFIG_PARAMETER;
  public static final String CONFIG_OBJECT = EnvironmentReader.CONFIG_OBJECT;
  public static final String CONFIG_FILE = EnvironmentReader.CONFIG_FILE;
  public static final String ALERT_TIME_ZONE = "MAILFLOW_ALERT_TIME_ZONE";
  public static final String PUBLISHING_LEASE = "MAILFLOW_PUBLISHING_LEASE";
  public static final String MAX_WINDOW_LENGTH = "MAILFLOW_MAX_WINDOW_LENGTH";
  public static final String HEARTBEAT_AT = "MAILFLOW_HEARTBEAT_AT";
  public static final String ROUTES_IN_FLIGHT = "MAILFLOW_ROUTES_IN_FLIGHT";
  public static final String SHARD_QUEUE_URL = "MAILFLOW_SHARD_QUEUE_URL";
  public static final String SHARD_SIZE = "MAILFLOW_SHARD_SIZE";

  /**
   * Routes one invocation judges by default: at 16 in flight and 5 ms a DynamoDB call, about 6 s,
   * and a shard's judgement of this many routes is some 30 KB gzipped, far below an item's 400 KB.
   */
  static final int DEFAULT_SHARD_SIZE = 5000;

  /** The most routes a shard may hold: its judgement must fit one DynamoDB item. */
  public static final int MAX_SHARD_SIZE = 10000;

  /**
   * Routes read, or stored and published, at once by default: sized for 1,024 MB, where each
   * route's calls wait on DynamoDB far longer than they compute, well under the SDK's 50
   * connections.
   */
  static final int DEFAULT_ROUTES_IN_FLIGHT = 16;

  /** Every variable the evaluate function reads. */
  public static final Set<String> VARIABLES =
      Set.of(
          PROBES_TABLE,
          STATE_TABLE,
          WINDOWS_TABLE,
          ALERT_TOPIC_ARN,
          CONFIG_PARAMETER,
          CONFIG_OBJECT,
          CONFIG_FILE,
          ALERT_TIME_ZONE,
          PUBLISHING_LEASE,
          MAX_WINDOW_LENGTH,
          HEARTBEAT_AT,
          ROUTES_IN_FLIGHT,
          SHARD_QUEUE_URL,
          SHARD_SIZE,
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
  public static EvaluateSettings fromEnvironment(Map<String, String> environment) {
    EnvironmentReader reader = new EnvironmentReader(environment, "evaluate");
    String probes = reader.required(PROBES_TABLE);
    String states = reader.required(STATE_TABLE);
    String windows = reader.required(WINDOWS_TABLE);
    String topic = reader.required(ALERT_TOPIC_ARN);
    if (!topic.isEmpty() && !topic.startsWith("arn:")) {
      reader.fault(ALERT_TOPIC_ARN + " is '" + topic + "', not a topic ARN");
    }
    DocumentLocation config = reader.configurationDocument(true);
    Optional<ZoneId> zone = Optional.empty();
    Optional<String> zoneName = reader.optional(ALERT_TIME_ZONE);
    if (zoneName.isPresent()) {
      try {
        zone = Optional.of(ZoneId.of(zoneName.get()));
      } catch (DateTimeException e) {
        reader.fault(
            ALERT_TIME_ZONE
                + " is '"
                + zoneName.get()
                + "', not a time zone such as Europe/Stockholm");
      }
    }
    Duration lease = reader.duration(PUBLISHING_LEASE, Duration.ofMinutes(2));
    Duration longestWindow = reader.duration(MAX_WINDOW_LENGTH, Duration.ofDays(7));
    RoutePolicy defaultPolicy = reader.defaultPolicy();
    Optional<LocalTime> heartbeatAt = Optional.empty();
    String heartbeat = reader.optional(HEARTBEAT_AT).orElse("off");
    if (!heartbeat.equals("off")) {
      try {
        heartbeatAt = Optional.of(LocalTime.parse(heartbeat));
      } catch (DateTimeException e) {
        reader.fault(
            HEARTBEAT_AT
                + " is '"
                + heartbeat
                + "', not a time of day in UTC such as 08:00, or off");
      }
    }
    int routesInFlight = DEFAULT_ROUTES_IN_FLIGHT;
    Optional<String> inFlight = reader.optional(ROUTES_IN_FLIGHT);
    if (inFlight.isPresent()) {
      try {
        routesInFlight = Integer.parseInt(inFlight.get());
      } catch (NumberFormatException e) {
        routesInFlight = 0;
      }
      if (routesInFlight < 1 || routesInFlight > 48) {
        reader.fault(
            ROUTES_IN_FLIGHT
                + " is '"
                + inFlight.get()
                + "', not a number of routes from 1 to 48 (the SDK keeps 50 connections)");
      }
    }
    boolean routeMetrics = reader.routeMetrics();
    Optional<String> shardQueueUrl = reader.optional(SHARD_QUEUE_URL).filter(url -> !url.isBlank());
    if (shardQueueUrl.isPresent() && !shardQueueUrl.get().startsWith("http")) {
      reader.fault(SHARD_QUEUE_URL + " is '" + shardQueueUrl.get() + "', not a queue URL");
    }
    // A shard's judgement must fit one DynamoDB item.
    int shardSize = reader.integer(SHARD_SIZE, DEFAULT_SHARD_SIZE, 1, MAX_SHARD_SIZE);
    reader.done();
    return new EvaluateSettings(
        probes,
        states,
        windows,
        topic,
        config.parameter(),
        config.object(),
        config.file(),
        zone,
        lease,
        longestWindow,
        defaultPolicy,
        heartbeatAt,
        routesInFlight,
        routeMetrics,
        shardQueueUrl,
        shardSize);
  }
}
