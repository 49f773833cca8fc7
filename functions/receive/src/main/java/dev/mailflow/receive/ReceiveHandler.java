package dev.mailflow.receive;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.S3RawMailSource;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.mail.MailLimits;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.receiving.ArrivalRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The receive function: records the arrival of probe mails that SES received, from an SES receipt
 * rule's Lambda action or from the S3 event of the object its S3 action stored.
 *
 * <p>Lambda builds it once per container with the public no-arg constructor, which reads {@link
 * ReceiveSettings} from the environment and builds every client and adapter then; a missing
 * variable or an unreadable signing secret fails the cold start with a message that names it. Each
 * invocation parses the event, hands its records to {@link InboundMailReceiver}, and returns and
 * logs the counts of their outcomes as one line of JSON ({@link ReceiveSummary}).
 *
 * <p>The invocation fails in two cases only: the event cannot be read at all ({@link
 * UnreadableEventException}), or a record met a transient AWS error ({@link
 * TransientFailureException}), after the other records were handled, so that Lambda retries the
 * event. Everything else that can go wrong with a record is that record's outcome.
 */
public final class ReceiveHandler implements RequestStreamHandler {

  /** How far in the future a probe's send instant may lie: the two clocks may disagree a little. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** How long signing keys are used before they are read again, to pick up a rotation. */
  static final Duration SIGNING_KEYS_REFRESH = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(ReceiveHandler.class);

  private final InboundEventParser parser;
  private final InboundMailReceiver receiver;
  private final EmbeddedMetrics metrics;

  /**
   * Builds the function from its environment, once per container.
   *
   * @throws IllegalStateException naming what is missing or wrong: a variable, the region, the
   *     signing secret
   */
  public ReceiveHandler() {
    this(ReceiveSettings.fromEnvironment(System.getenv()), new AwsClients(), Clock.systemUTC());
  }

  /**
   * For tools that run the function outside Lambda, such as the local run: settings and AWS
   * endpoints from {@code environment}, time from {@code clock}.
   */
  public ReceiveHandler(Map<String, String> environment, Clock clock) {
    this(
        ReceiveSettings.fromEnvironment(environment),
        AwsClients.forEnvironment(environment),
        clock);
  }

  /** The function as Lambda builds it, with the clients given: for tests against an emulator. */
  ReceiveHandler(ReceiveSettings settings, AwsClients clients, Clock clock) {
    this(new InboundEventParser(), settings, clients, clock, new EmbeddedMetrics());
  }

  private ReceiveHandler(
      InboundEventParser parser,
      ReceiveSettings settings,
      AwsClients clients,
      Clock clock,
      EmbeddedMetrics metrics) {
    this(parser, receiver(settings, clients, clock, metrics), metrics);
  }

  /** The function over the collaborators given: for tests with fakes. */
  ReceiveHandler(InboundEventParser parser, InboundMailReceiver receiver) {
    this(parser, receiver, new EmbeddedMetrics());
  }

  ReceiveHandler(InboundEventParser parser, InboundMailReceiver receiver, EmbeddedMetrics metrics) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    if (context != null) {
      MDC.put("awsRequestId", context.getAwsRequestId());
    }
    try {
      ReceiveSummary summary = receive(input);
      emitCounts(summary);
      String json = summary.toJson();
      LOG.info("Receive summary {}", json);
      output.write(json.getBytes(StandardCharsets.UTF_8));
      Optional<RuntimeException> transientFailure = summary.firstTransientFailure();
      if (transientFailure.isPresent()) {
        throw new TransientFailureException(
            summary.count(ReceiveOutcome.TRANSIENT_FAILURE)
                + " of "
                + summary.records()
                + " records met a transient AWS error; failing so that Lambda retries the event,"
                + " which is safe: arrivals already recorded answer DUPLICATE. First: "
                + transientFailure.get().getMessage(),
            transientFailure.get());
      }
    } finally {
      MDC.remove("awsRequestId");
    }
  }

  private ReceiveSummary receive(InputStream input) {
    InboundEvent event;
    try {
      event = parser.parse(input);
    } catch (UnreadableEventException e) {
      LOG.error("Event refused, nothing recorded: {}", e.getMessage(), e);
      throw e;
    }
    return receiver.receive(event.records());
  }

  private void emitCounts(ReceiveSummary summary) {
    EmbeddedMetrics.Line line = metrics.forFunction().count("InboundRecords", summary.records());
    for (ReceiveOutcome outcome : ReceiveOutcome.values()) {
      int count = summary.count(outcome);
      if (count > 0) {
        line.count("Inbound" + camelCase(outcome), count);
      }
    }
    line.emit();
  }

  /** FROM_THE_FUTURE as FromTheFuture: metric names read like the other metrics. */
  private static String camelCase(ReceiveOutcome outcome) {
    StringBuilder name = new StringBuilder();
    for (String word : outcome.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return name.toString();
  }

  private static InboundMailReceiver receiver(
      ReceiveSettings settings, AwsClients clients, Clock clock, EmbeddedMetrics metrics) {
    // No cache here: the reader decides when the keys are read again, and reads them at once.
    SecretsManagerSecrets secrets =
        new SecretsManagerSecrets(clients.secretsManager(), clock, Duration.ZERO);
    MailLimits defaults = MailLimits.defaults();
    ProbeMailReader reader =
        new ProbeMailReader(
            () -> secrets.signingKeys(settings.signingSecret()),
            SIGNING_KEYS_REFRESH,
            new MailLimits(
                settings.maxMailBytes(),
                defaults.maxHeaderLines(),
                defaults.maxHeaderLineLength(),
                defaults.maxReceivedHeaders()),
            clock);
    return new InboundMailReceiver(
        reader,
        new S3RawMailSource(clients.s3(), settings.maxMailBytes()),
        new ArrivalRecorder(
            new DynamoDbProbeStore(
                clients.dynamoDb(), settings.probesTable(), settings.probeRetention(), clock),
            settings.probeMaxAge(),
            MAX_CLOCK_SKEW),
        settings.mailBucket(),
        settings.mailPrefix(),
        arrival ->
            metrics
                .forRoute(arrival.routeId())
                .milliseconds("DeliveryLatency", arrival.endToEnd().toMillis())
                .count("Arrivals", 1)
                .emit());
  }
}
