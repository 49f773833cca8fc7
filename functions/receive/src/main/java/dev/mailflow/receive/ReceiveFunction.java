package dev.mailflow.receive;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.ClientPriming;
import dev.mailflow.adapters.aws.ConfigurationSources;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.S3RawMailSource;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.config.ConfigurationPriming;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.lambda.PrimingStep;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.MailLimits;
import dev.mailflow.adapters.mail.MailPriming;
import dev.mailflow.adapters.mail.RawMail;
import dev.mailflow.adapters.mail.RawMailSource;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.receiving.ArrivalRecorder;
import dev.mailflow.domain.receiving.ExpectedOrigins;
import dev.mailflow.domain.receiving.VerdictScreen;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The receive function's use case: turns the records of one event into recorded probe arrivals, and
 * counts what became of each.
 *
 * <p>For an SES receipt it first drops mail whose SES verdicts condemn it ({@link VerdictScreen}),
 * then reads the arrival from the event's header list when SES sent the whole header section, and
 * from the raw mail the receipt rule stored in S3 otherwise; SES's SPF, DKIM and DMARC verdicts
 * replace those of the mail's Authentication-Results header. For an S3 object-created record it
 * reads the stored mail. Then {@link ArrivalRecorder} checks the probe's age and, where the route's
 * target server names its relay hosts or DKIM domain in the configuration, where the probe came
 * from, and records it, once.
 *
 * <p>One record never fails another: each ends in one {@link ArrivalOutcome}. A transient AWS error
 * ends its record in {@link ArrivalOutcome#TRANSIENT_FAILURE} and the others go on; the handler
 * then fails the invocation so Lambda delivers the event again, which is safe because recording an
 * arrival is idempotent (records recorded the first time answer {@link ArrivalOutcome#DUPLICATE}).
 * While a record is handled, its identity is in the logging context ({@code sesMessageId}, or
 * {@code s3Bucket} and {@code s3Key}), so every log line about it, the recorder's included, names
 * it.
 *
 * <p>{@link #from} builds it once per Lambda container from its settings; tests build it from its
 * collaborators.
 */
public final class ReceiveFunction implements AutoCloseable {

  /** How far in the future a probe's send instant may lie: the two clocks may disagree a little. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** How long signing keys are used before they are read again, to pick up a rotation. */
  static final Duration SIGNING_KEYS_REFRESH = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(ReceiveFunction.class);

  private final VerdictScreen screen;
  private final ProbeMailReader reader;
  private final RawMailSource rawMail;
  private final ArrivalRecorder recorder;
  private final String mailBucket;
  private final String mailPrefix;
  private final AutoCloseable resources;

  /**
   * The function over its parts; tests hand them in themselves.
   *
   * @param screen drops mail SES's verdicts condemn, before anything else
   * @param reader reads mail into verified arrivals
   * @param rawMail where stored raw mail is read
   * @param recorder records arrivals
   * @param mailBucket the bucket the SES receipt rule stores raw mail in
   * @param mailPrefix the key prefix it stores raw mail under, followed by the SES message id
   * @param resources what {@link #close()} releases
   */
  ReceiveFunction(
      VerdictScreen screen,
      ProbeMailReader reader,
      RawMailSource rawMail,
      ArrivalRecorder recorder,
      String mailBucket,
      String mailPrefix,
      AutoCloseable resources) {
    this.screen = Objects.requireNonNull(screen, "screen");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rawMail = Objects.requireNonNull(rawMail, "rawMail");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.mailBucket = Objects.requireNonNull(mailBucket, "mailBucket");
    this.mailPrefix = Objects.requireNonNull(mailPrefix, "mailPrefix");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * What the function warms during its init (see {@link ColdStartPriming}): the SSM client, with a
   * read of the configuration parameter, and the configuration reader, with a sample document; the
   * DynamoDB client, built without a call, since its role may only record arrivals; the mail code,
   * with a probe mail composed and read back; and the JSON of an empty event and of the reply. The
   * signing secret is read by {@link #from} itself.
   */
  public static ColdStartPriming priming(ReceiveSettings settings, AwsClients clients) {
    List<PrimingStep> steps = new ArrayList<>();
    ClientPriming.configurationDocument(clients, settings).ifPresent(steps::add);
    steps.add(ConfigurationPriming.sampleDocument());
    steps.add(ClientPriming.build("DynamoDB", clients::dynamoDb));
    steps.add(MailPriming.probeMailRoundTrip());
    steps.add(
        new PrimingStep(
            "event parser",
            () ->
                new InboundEventParser()
                    .parse(
                        new ByteArrayInputStream(
                            "{\"Records\": []}".getBytes(StandardCharsets.UTF_8)))));
    steps.add(ColdStartPriming.json());
    return new ColdStartPriming(steps);
  }

  /**
   * Builds the function, reading the signing keys once.
   *
   * @param settings the function's environment
   * @param clients the SDK clients, which the function then owns
   * @param clock the time source of every part
   * @throws IllegalStateException when the signing secret cannot be read, naming it
   */
  public static ReceiveFunction from(ReceiveSettings settings, AwsClients clients, Clock clock) {
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
    ExpectedOrigins origins = ExpectedOrigins.NONE;
    if (settings.configParameter().isPresent()
        || settings.configObject().isPresent()
        || settings.configFile().isPresent()) {
      ConfigurationSource configuration = ConfigurationSources.of(settings, clients, clock);
      origins = new ConfiguredOrigins(configuration::current);
    }
    return new ReceiveFunction(
        settings.verdictScreen(),
        reader,
        new S3RawMailSource(clients.s3(), settings.maxMailBytes()),
        new ArrivalRecorder(
            new DynamoDbProbeStore(
                clients.dynamoDb(), settings.probesTable(), settings.probeRetention(), clock),
            settings.probeMaxAge(),
            MAX_CLOCK_SKEW,
            origins),
        settings.mailBucket(),
        settings.mailPrefix(),
        clients);
  }

  /** Handles every record of the event, in order, and counts their outcomes. */
  ReceiveSummary run(InboundEvent event) {
    List<ArrivalOutcome> outcomes = new ArrayList<>();
    List<Arrival> recorded = new ArrayList<>();
    RuntimeException transientFailure = null;
    for (EventRecord record : event.records()) {
      String identity = identify(record);
      try {
        ArrivalOutcome outcome = outcome(record, identity, recorded);
        outcomes.add(outcome);
      } catch (StoreException e) {
        if (e.isTransient()) {
          LOG.warn("{} not recorded: transient AWS error, the event will be retried", identity, e);
          outcomes.add(ArrivalOutcome.TRANSIENT_FAILURE);
          transientFailure = transientFailure == null ? e : transientFailure;
        } else {
          LOG.error("{} not recorded: AWS refused the request", identity, e);
          outcomes.add(ArrivalOutcome.FAILED);
        }
      } catch (RuntimeException e) {
        // A fault met on one record, perhaps on a mail built to provoke it, must not lose the
        // others.
        LOG.error("{} not recorded: unexpected failure", identity, e);
        outcomes.add(ArrivalOutcome.FAILED);
      } finally {
        MDC.remove("sesMessageId");
        MDC.remove("s3Bucket");
        MDC.remove("s3Key");
      }
    }
    return new ReceiveSummary(outcomes, recorded, transientFailure);
  }

  /** Releases the clients; a Lambda container never needs to, tests do. */
  @Override
  public void close() throws Exception {
    resources.close();
  }

  private ArrivalOutcome outcome(EventRecord record, String identity, List<Arrival> recorded) {
    if (record instanceof SesReceiptRecord ses) {
      return receiveSes(ses, identity, recorded);
    }
    if (record instanceof S3ObjectCreatedRecord s3) {
      return receiveS3(s3, identity, recorded);
    }
    MalformedRecord malformed = (MalformedRecord) record;
    LOG.warn("{} not recorded: malformed event record: {}", identity, malformed.reason());
    return ArrivalOutcome.MALFORMED_RECORD;
  }

  /**
   * Decides from the event alone wherever it can, cheapest first: SES's verdicts, then the header
   * list; the stored mail is read only when SES cut the header list short and what it kept does not
   * already condemn the mail.
   */
  private ArrivalOutcome receiveSes(SesReceiptRecord ses, String identity, List<Arrival> recorded) {
    Instant arrivedAt = ses.receipt().timestamp();
    AuthenticationVerdicts verdicts = ses.receipt().authentication();
    Optional<VerdictScreen.Check> failed =
        screen.failed(ses.receipt().spamVerdict(), ses.receipt().virusVerdict(), verdicts);
    if (failed.isPresent()) {
      LOG.info(
          "{} dropped unread: SES's {} verdict is FAIL",
          identity,
          failed.get().name().toLowerCase(Locale.ROOT));
      return ArrivalOutcome.FAILED_VERDICT;
    }
    if (ses.mail().hasCompleteHeaders()) {
      return record(reader.read(ses.mail().headers(), arrivedAt, verdicts), identity, recorded);
    }
    // A token among the header fields SES kept that is refused condemns the mail as surely as the
    // whole mail would; one that is valid, or none, needs the whole mail for its Received chain.
    ArrivalReading kept = reader.read(ses.mail().headers(), arrivedAt, verdicts);
    if (kept instanceof ArrivalReading.Rejected rejected
        && rejected.outcome() == ArrivalOutcome.FORGED) {
      return rejected(rejected, identity);
    }
    RawMail raw = rawMail.read(mailBucket, mailPrefix + ses.messageId(), OptionalLong.empty());
    if (!(raw instanceof RawMail.Found found)) {
      return notRead(raw, identity);
    }
    return record(reader.read(found.bytes(), arrivedAt, verdicts), identity, recorded);
  }

  private ArrivalOutcome receiveS3(
      S3ObjectCreatedRecord s3, String identity, List<Arrival> recorded) {
    if (!s3.bucket().equals(mailBucket)) {
      LOG.warn(
          "{} not read: the event is for bucket {}, not the inbound mail bucket {}",
          identity,
          s3.bucket(),
          mailBucket);
      return ArrivalOutcome.OTHER_BUCKET;
    }
    RawMail raw = rawMail.read(s3.bucket(), s3.key(), s3.size());
    if (!(raw instanceof RawMail.Found found)) {
      return notRead(raw, identity);
    }
    // S3 created the object when SES accepted the mail and stored it, so the event time is the
    // arrival; the event itself may be handled (or retried) minutes later.
    return record(
        reader.read(found.bytes(), s3.eventTime(), AuthenticationVerdicts.unknown()),
        identity,
        recorded);
  }

  /** Records the arrival read; the recorder logs each of its outcomes with the route and probe. */
  private ArrivalOutcome record(ArrivalReading reading, String identity, List<Arrival> recorded) {
    if (reading instanceof ArrivalReading.Rejected rejected) {
      return rejected(rejected, identity);
    }
    ArrivalReading.Read read = (ArrivalReading.Read) reading;
    Arrival arrival = read.arrival();
    ArrivalOutcome outcome = recorder.record(arrival, read.origin());
    if (outcome == ArrivalOutcome.RECORDED) {
      recorded.add(arrival);
    }
    return outcome;
  }

  private static ArrivalOutcome notRead(RawMail raw, String identity) {
    if (raw instanceof RawMail.Oversized oversized) {
      LOG.warn(
          "{} not recorded: stored mail of {} bytes is over the limit of {}, not read",
          identity,
          oversized.size(),
          oversized.limit());
      return ArrivalOutcome.OVERSIZED;
    }
    LOG.warn("{} not recorded: {}", identity, ((RawMail.Missing) raw).detail());
    return ArrivalOutcome.MISSING_OBJECT;
  }

  private static ArrivalOutcome rejected(ArrivalReading.Rejected rejected, String identity) {
    if (rejected.outcome() == ArrivalOutcome.FOREIGN) {
      // Ordinary mail in the probe mailbox (replies, bounces) is expected, not a warning.
      LOG.info("{} not a probe: {}", identity, rejected.detail());
    } else {
      LOG.warn("{} not recorded: {}: {}", identity, rejected.kind(), rejected.detail());
    }
    return rejected.outcome();
  }

  /** Puts the record's identity in the logging context and answers it for messages. */
  private static String identify(EventRecord record) {
    if (record instanceof SesReceiptRecord ses) {
      MDC.put("sesMessageId", ses.messageId());
      return "sesMessageId=" + ses.messageId();
    }
    if (record instanceof S3ObjectCreatedRecord s3) {
      MDC.put("s3Bucket", s3.bucket());
      MDC.put("s3Key", s3.key());
      return "s3Key=" + s3.key();
    }
    return ((MalformedRecord) record).identity();
  }
}
