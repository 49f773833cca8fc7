package dev.mailflow.receive;

import dev.mailflow.adapters.mail.MailHeader;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A record of the event an SES receipt rule's Lambda action sends ({@code "eventSource":
 * "aws:ses"}): what SES knew about one inbound mail when it accepted it. The AWS events library has
 * no type for it, so the receive function keeps its own.
 *
 * <p>The event carries the mail's header fields but never its body. When SES had to cut the header
 * list ({@link Mail#headersTruncated()}), the whole mail is read from the S3 object the receipt
 * rule's S3 action stored under the message id.
 *
 * @param index the record's place in the event's {@code Records} array
 * @param mail the mail as SES received it ({@code ses.mail})
 * @param receipt what SES did with it and concluded about it ({@code ses.receipt})
 */
record SesReceiptRecord(int index, Mail mail, Receipt receipt) implements EventRecord {

  /** The value of {@code eventSource} in such records. */
  public static final String EVENT_SOURCE = "aws:ses";

  public SesReceiptRecord {
    Objects.requireNonNull(mail, "mail");
    Objects.requireNonNull(receipt, "receipt");
  }

  /** The SES message id, which names the mail in logs and the S3 object that holds it. */
  public String messageId() {
    return mail.messageId();
  }

  /**
   * {@code ses.mail}.
   *
   * @param timestamp when SES received the mail
   * @param source the envelope sender (MAIL FROM)
   * @param messageId SES's id for the mail; the stored object's key is the rule's prefix and this
   * @param destination the envelope recipients (RCPT TO)
   * @param headersTruncated true when SES left header fields out of {@code headers}
   * @param headers the header fields, newest first as in the mail
   * @param commonHeaders the few header fields SES reads for the caller
   */
  public record Mail(
      Instant timestamp,
      String source,
      String messageId,
      List<String> destination,
      boolean headersTruncated,
      List<MailHeader> headers,
      CommonHeaders commonHeaders) {
    public Mail {
      Objects.requireNonNull(timestamp, "timestamp");
      source = source == null ? "" : source;
      Objects.requireNonNull(messageId, "messageId");
      destination = destination == null ? List.of() : List.copyOf(destination);
      headers = headers == null ? List.of() : List.copyOf(headers);
      commonHeaders = commonHeaders == null ? CommonHeaders.NONE : commonHeaders;
    }

    /**
     * True when the header list is the mail's whole header section, so the mail need not be read
     * from S3: SES did not cut it, and it is not empty.
     */
    public boolean hasCompleteHeaders() {
      return !headersTruncated && !headers.isEmpty();
    }
  }

  /**
   * {@code ses.mail.commonHeaders}, as SES decoded them; every field is empty when absent.
   *
   * @param returnPath the Return-Path address
   * @param from the From addresses
   * @param date the Date header as written
   * @param to the To addresses
   * @param messageId the Message-ID header
   * @param subject the Subject header
   */
  public record CommonHeaders(
      String returnPath,
      List<String> from,
      String date,
      List<String> to,
      String messageId,
      String subject) {

    static final CommonHeaders NONE = new CommonHeaders("", List.of(), "", List.of(), "", "");

    public CommonHeaders {
      returnPath = returnPath == null ? "" : returnPath;
      from = from == null ? List.of() : List.copyOf(from);
      date = date == null ? "" : date;
      to = to == null ? List.of() : List.copyOf(to);
      messageId = messageId == null ? "" : messageId;
      subject = subject == null ? "" : subject;
    }
  }

  /**
   * {@code ses.receipt}. Verdicts are SES's status words ({@code PASS}, {@code FAIL}, {@code GRAY},
   * {@code PROCESSING_FAILED}, {@code DISABLED}), empty when absent.
   *
   * @param timestamp when SES accepted the mail: the probe's arrival
   * @param processingTimeMillis how long SES took over the rule's actions before this one
   * @param recipients the recipients the rule matched
   * @param spfVerdict {@code spfVerdict.status}
   * @param dkimVerdict {@code dkimVerdict.status}
   * @param dmarcVerdict {@code dmarcVerdict.status}
   * @param spamVerdict {@code spamVerdict.status}
   * @param virusVerdict {@code virusVerdict.status}
   * @param action the action that produced this event
   */
  public record Receipt(
      Instant timestamp,
      long processingTimeMillis,
      List<String> recipients,
      String spfVerdict,
      String dkimVerdict,
      String dmarcVerdict,
      String spamVerdict,
      String virusVerdict,
      Action action) {
    public Receipt {
      Objects.requireNonNull(timestamp, "timestamp");
      recipients = recipients == null ? List.of() : List.copyOf(recipients);
      spfVerdict = spfVerdict == null ? "" : spfVerdict;
      dkimVerdict = dkimVerdict == null ? "" : dkimVerdict;
      dmarcVerdict = dmarcVerdict == null ? "" : dmarcVerdict;
      spamVerdict = spamVerdict == null ? "" : spamVerdict;
      virusVerdict = virusVerdict == null ? "" : virusVerdict;
      action = action == null ? Action.NONE : action;
    }

    /**
     * SES's SPF, DKIM and DMARC verdicts as lower-case words ({@code pass}, {@code fail}, {@code
     * gray}, {@code processing_failed}), empty where SES gave none; they take the place of the
     * mail's Authentication-Results header (see {@link AuthenticationVerdicts#over}).
     */
    public AuthenticationVerdicts authentication() {
      return new AuthenticationVerdicts(spfVerdict, dkimVerdict, dmarcVerdict);
    }
  }

  /**
   * {@code ses.receipt.action}: for this function, {@code Lambda}.
   *
   * @param type the action type
   * @param functionArn the function the action invokes
   * @param invocationType {@code Event} (asynchronous) or {@code RequestResponse}
   */
  public record Action(String type, String functionArn, String invocationType) {

    static final Action NONE = new Action("", "", "");

    public Action {
      type = type == null ? "" : type;
      functionArn = functionArn == null ? "" : functionArn;
      invocationType = invocationType == null ? "" : invocationType;
    }
  }
}
