package dev.mailflow.receive;

import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.ArrivalRejection;
import dev.mailflow.adapters.mail.RawMail;
import dev.mailflow.adapters.mail.RawMailSource;
import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.receiving.ArrivalRecorder;
import dev.mailflow.domain.receiving.ArrivalRecorder.ArrivalResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns the records of one event into recorded probe arrivals, and counts what became of each.
 *
 * <p>For an SES receipt it reads the arrival from the event's header list when SES sent the whole
 * header section, and from the raw mail the receipt rule stored in S3 otherwise; SES's SPF, DKIM
 * and DMARC verdicts replace those of the mail's Authentication-Results header. For an S3
 * object-created record it reads the stored mail. Then {@link ArrivalRecorder} checks the probe's
 * age and records it, once.
 *
 * <p>One record never fails another: each ends in one {@link ReceiveOutcome}. A transient AWS error
 * ends its record in {@link ReceiveOutcome#TRANSIENT_FAILURE} and the others go on; the caller then
 * fails the invocation so Lambda delivers the event again, which is safe because recording an
 * arrival is idempotent (records recorded the first time answer {@link ReceiveOutcome#DUPLICATE}).
 * While a record is handled, its identity is in the logging context ({@code sesMessageId}, or
 * {@code s3Bucket} and {@code s3Key}), so every log line about it, the recorder's included, names
 * it.
 */
final class InboundMailReceiver {

  private static final Logger LOG = LoggerFactory.getLogger(InboundMailReceiver.class);

  private final Consumer<Arrival> onRecorded;
  private final ProbeMailReader reader;
  private final RawMailSource rawMail;
  private final ArrivalRecorder recorder;
  private final String mailBucket;
  private final String mailPrefix;

  /**
   * @param reader reads mail into verified arrivals
   * @param rawMail where stored raw mail is read
   * @param recorder records arrivals
   * @param mailBucket the bucket the SES receipt rule stores raw mail in
   * @param mailPrefix the key prefix it stores raw mail under, followed by the SES message id
   */
  InboundMailReceiver(
      ProbeMailReader reader,
      RawMailSource rawMail,
      ArrivalRecorder recorder,
      String mailBucket,
      String mailPrefix) {
    this(reader, rawMail, recorder, mailBucket, mailPrefix, arrival -> {});
  }

  /**
   * @param onRecorded told of every arrival recorded for the first time: the handler turns them
   *     into latency metrics
   */
  InboundMailReceiver(
      ProbeMailReader reader,
      RawMailSource rawMail,
      ArrivalRecorder recorder,
      String mailBucket,
      String mailPrefix,
      Consumer<Arrival> onRecorded) {
    this.onRecorded = Objects.requireNonNull(onRecorded, "onRecorded");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.rawMail = Objects.requireNonNull(rawMail, "rawMail");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.mailBucket = Objects.requireNonNull(mailBucket, "mailBucket");
    this.mailPrefix = Objects.requireNonNull(mailPrefix, "mailPrefix");
  }

  /** Handles every record, in order, and counts their outcomes. */
  ReceiveSummary receive(List<EventRecord> records) {
    ReceiveSummary summary = new ReceiveSummary();
    for (EventRecord record : records) {
      receive(record, summary);
    }
    return summary;
  }

  private void receive(EventRecord record, ReceiveSummary summary) {
    String identity = identify(record);
    try {
      summary.add(outcome(record, identity));
    } catch (StoreException e) {
      if (e.isTransient()) {
        LOG.warn("{} not recorded: transient AWS error, the event will be retried", identity, e);
        summary.addTransientFailure(e);
      } else {
        LOG.error("{} not recorded: AWS refused the request", identity, e);
        summary.add(ReceiveOutcome.FAILED);
      }
    } catch (RuntimeException e) {
      // A fault met on one record, perhaps on a mail built to provoke it, must not lose the others.
      LOG.error("{} not recorded: unexpected failure", identity, e);
      summary.add(ReceiveOutcome.FAILED);
    } finally {
      MDC.remove("sesMessageId");
      MDC.remove("s3Bucket");
      MDC.remove("s3Key");
    }
  }

  private ReceiveOutcome outcome(EventRecord record, String identity) {
    if (record instanceof SesReceiptRecord ses) {
      return receiveSes(ses, identity);
    }
    if (record instanceof S3ObjectCreatedRecord s3) {
      return receiveS3(s3, identity);
    }
    MalformedRecord malformed = (MalformedRecord) record;
    LOG.warn("{} not recorded: malformed event record: {}", identity, malformed.reason());
    return ReceiveOutcome.MALFORMED_RECORD;
  }

  private ReceiveOutcome receiveSes(SesReceiptRecord ses, String identity) {
    Instant arrivedAt = ses.receipt().timestamp();
    ArrivalReading reading;
    if (ses.mail().hasCompleteHeaders()) {
      reading = reader.read(ses.mail().headers(), arrivedAt);
    } else {
      String key = mailPrefix + ses.messageId();
      RawMail raw = rawMail.read(mailBucket, key, OptionalLong.empty());
      if (!(raw instanceof RawMail.Found found)) {
        return notRead(raw, identity);
      }
      reading = reader.read(found.bytes(), arrivedAt);
    }
    if (!(reading instanceof ArrivalReading.Read read)) {
      return rejected((ArrivalReading.Rejected) reading, identity);
    }
    Arrival fromMail = read.arrival();
    return record(
        new Arrival(
            fromMail.token(),
            fromMail.arrivedAt(),
            fromMail.hops(),
            fromMail.endToEnd(),
            fromMail.messageId(),
            ses.receipt().authenticationOver(fromMail.authentication())));
  }

  private ReceiveOutcome receiveS3(S3ObjectCreatedRecord s3, String identity) {
    if (!s3.bucket().equals(mailBucket)) {
      LOG.warn(
          "{} not read: the event is for bucket {}, not the inbound mail bucket {}",
          identity,
          s3.bucket(),
          mailBucket);
      return ReceiveOutcome.OTHER_BUCKET;
    }
    RawMail raw = rawMail.read(s3.bucket(), s3.key(), s3.size());
    if (!(raw instanceof RawMail.Found found)) {
      return notRead(raw, identity);
    }
    // S3 created the object when SES accepted the mail and stored it, so the event time is the
    // arrival; the event itself may be handled (or retried) minutes later.
    ArrivalReading reading = reader.read(found.bytes(), s3.eventTime());
    if (!(reading instanceof ArrivalReading.Read read)) {
      return rejected((ArrivalReading.Rejected) reading, identity);
    }
    return record(read.arrival());
  }

  /** Records the arrival; the recorder logs each of its results with the route and probe. */
  private ReceiveOutcome record(Arrival arrival) {
    ArrivalResult result = recorder.record(arrival);
    if (result == ArrivalResult.RECORDED) {
      onRecorded.accept(arrival);
    }
    return switch (result) {
      case RECORDED -> ReceiveOutcome.RECORDED;
      case DUPLICATE -> ReceiveOutcome.DUPLICATE;
      case REPLAYED -> ReceiveOutcome.REPLAYED;
      case FROM_THE_FUTURE -> ReceiveOutcome.FROM_THE_FUTURE;
    };
  }

  private static ReceiveOutcome notRead(RawMail raw, String identity) {
    if (raw instanceof RawMail.Oversized oversized) {
      LOG.warn(
          "{} not recorded: stored mail of {} bytes is over the limit of {}, not read",
          identity,
          oversized.size(),
          oversized.limit());
      return ReceiveOutcome.OVERSIZED;
    }
    LOG.warn("{} not recorded: {}", identity, ((RawMail.Missing) raw).detail());
    return ReceiveOutcome.MISSING_OBJECT;
  }

  private static ReceiveOutcome rejected(ArrivalReading.Rejected rejected, String identity) {
    ReceiveOutcome outcome = outcomeOf(rejected.reason());
    if (outcome == ReceiveOutcome.FOREIGN) {
      // Ordinary mail in the probe mailbox (replies, bounces) is expected, not a warning.
      LOG.info("{} not a probe: {}", identity, rejected.detail());
    } else {
      String kind =
          outcome.name().equals(rejected.reason().name())
              ? outcome.name()
              : outcome + " (" + rejected.reason() + ")";
      LOG.warn("{} not recorded: {}: {}", identity, kind, rejected.detail());
    }
    return outcome;
  }

  static ReceiveOutcome outcomeOf(ArrivalRejection rejection) {
    return switch (rejection) {
      case FOREIGN -> ReceiveOutcome.FOREIGN;
      case OVERSIZED -> ReceiveOutcome.OVERSIZED;
      case TOO_MANY_HEADERS, HEADER_LINE_TOO_LONG, MALFORMED_MAIL -> ReceiveOutcome.MALFORMED_MAIL;
      case MALFORMED_TOKEN,
          TRUNCATED_TOKEN,
          TOKEN_TOO_LONG,
          UNSUPPORTED_TOKEN_VERSION,
          UNKNOWN_KEY,
          BAD_SIGNATURE ->
          ReceiveOutcome.FORGED;
    };
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
