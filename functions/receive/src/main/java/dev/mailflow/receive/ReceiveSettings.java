package dev.mailflow.receive;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.DocumentLocation;
import dev.mailflow.adapters.config.EnvironmentReader;
import dev.mailflow.domain.receiving.VerdictScreen;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the receive function reads from its environment, read once at start and checked then:
 * a missing or bad variable stops the function with a message naming it.
 *
 * @param probesTable DynamoDB table of probes ({@code MAILFLOW_PROBES_TABLE})
 * @param signingSecret Secrets Manager secret with the probe-signing keys ({@code
 *     MAILFLOW_SIGNING_SECRET})
 * @param mailBucket S3 bucket the SES receipt rule stores raw mail in ({@code
 *     MAILFLOW_MAIL_BUCKET})
 * @param mailPrefix key prefix of raw mail in that bucket ({@code MAILFLOW_MAIL_PREFIX}, default
 *     empty); the object key is the prefix followed by the SES message id
 * @param maxMailBytes mails larger than this are refused unread ({@code MAILFLOW_MAX_MAIL_BYTES},
 *     default 262144)
 * @param probeMaxAge a probe older than this on arrival is a replay ({@code
 *     MAILFLOW_PROBE_MAX_AGE}, default 2d)
 * @param probeRetention how long probe records are kept ({@code MAILFLOW_PROBE_RETENTION}, default
 *     30d)
 * @param verdictScreen the SES verdicts whose failure drops a mail unread ({@code
 *     MAILFLOW_REFUSED_VERDICTS}: {@code spam}, {@code virus}, {@code spf}, {@code dkim}, {@code
 *     dmarc}, comma-separated, or {@code none}; default {@code spam,virus})
 * @param configParameter the SSM parameter of the configuration document ({@code
 *     MAILFLOW_CONFIG_PARAMETER}), read for what each server's probes look like on arrival; empty
 *     when an object or a file is named, or none: then no probe's origin is checked
 * @param configObject the S3 object of the configuration document ({@code MAILFLOW_CONFIG_OBJECT},
 *     {@code s3://BUCKET/KEY}), read for the same; empty when a parameter or a file is named, or
 *     none
 * @param configFile the configuration document's file ({@code MAILFLOW_CONFIG_FILE}), for local
 *     runs; empty when a parameter or an object is named, or none
 * @param defaultPolicy the deployment's default route policy ({@code MAILFLOW_PROBE_INTERVAL} and
 *     the like), so that the document is judged as the send and evaluate functions judge it
 * @param routeMetrics whether per-route metrics carry the {@code Route} dimension ({@code
 *     MAILFLOW_ROUTE_METRICS}, on or off, default off): each route then costs custom metrics of its
 *     own
 */
public record ReceiveSettings(
    String probesTable,
    String signingSecret,
    String mailBucket,
    String mailPrefix,
    int maxMailBytes,
    Duration probeMaxAge,
    Duration probeRetention,
    VerdictScreen verdictScreen,
    Optional<String> configParameter,
    Optional<String> configObject,
    Optional<String> configFile,
    RoutePolicy defaultPolicy,
    boolean routeMetrics)
    implements ConfigurationSettings {

  public static final String PROBES_TABLE = "MAILFLOW_PROBES_TABLE";
  public static final String SIGNING_SECRET = "MAILFLOW_SIGNING_SECRET";
  public static final String MAIL_BUCKET = "MAILFLOW_MAIL_BUCKET";
  public static final String MAIL_PREFIX = "MAILFLOW_MAIL_PREFIX";
  public static final String MAX_MAIL_BYTES = "MAILFLOW_MAX_MAIL_BYTES";
  public static final String PROBE_MAX_AGE = "MAILFLOW_PROBE_MAX_AGE";
  public static final String PROBE_RETENTION = "MAILFLOW_PROBE_RETENTION";
  public static final String REFUSED_VERDICTS = "MAILFLOW_REFUSED_VERDICTS";
  public static final String CONFIG_PARAMETER = EnvironmentReader.CONFIG_PARAMETER;
  public static final String CONFIG_OBJECT = EnvironmentReader.CONFIG_OBJECT;
  public static final String CONFIG_FILE = EnvironmentReader.CONFIG_FILE;

  /** Every variable the receive function reads. */
  public static final Set<String> VARIABLES =
      Set.of(
          PROBES_TABLE,
          SIGNING_SECRET,
          MAIL_BUCKET,
          MAIL_PREFIX,
          MAX_MAIL_BYTES,
          PROBE_MAX_AGE,
          PROBE_RETENTION,
          REFUSED_VERDICTS,
          CONFIG_PARAMETER,
          CONFIG_OBJECT,
          CONFIG_FILE,
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
  public static ReceiveSettings fromEnvironment(Map<String, String> environment) {
    EnvironmentReader reader = new EnvironmentReader(environment, "receive");
    String table = reader.required(PROBES_TABLE);
    String secret = reader.required(SIGNING_SECRET);
    String bucket = reader.required(MAIL_BUCKET);
    String prefix = reader.optional(MAIL_PREFIX).orElse("");
    int maxBytes = reader.integer(MAX_MAIL_BYTES, 262_144, 4_096, 40_000_000);
    Duration maxAge = reader.duration(PROBE_MAX_AGE, Duration.ofDays(2));
    Duration retention = reader.duration(PROBE_RETENTION, Duration.ofDays(30));
    VerdictScreen screen = VerdictScreen.defaults();
    try {
      screen = reader.optional(REFUSED_VERDICTS).map(VerdictScreen::parse).orElse(screen);
    } catch (IllegalArgumentException e) {
      reader.fault(REFUSED_VERDICTS + ": " + e.getMessage());
    }
    DocumentLocation config = reader.configurationDocument(false);
    RoutePolicy defaultPolicy = reader.defaultPolicy();
    boolean routeMetrics = reader.routeMetrics();
    reader.done();
    return new ReceiveSettings(
        table,
        secret,
        bucket,
        prefix,
        maxBytes,
        maxAge,
        retention,
        screen,
        config.parameter(),
        config.object(),
        config.file(),
        defaultPolicy,
        routeMetrics);
  }
}
