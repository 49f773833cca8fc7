package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.HopChain;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.TokenVerification;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Turns an inbound mail into the verified {@link Arrival} of a probe: reads its headers, checks its
 * token, works out its hops.
 *
 * <p>This is the whole of the receive function's mail handling in one call, and it never throws on
 * what arrives: foreign, broken, oversized and forged mail each come back as an {@link
 * ArrivalReading.Rejected} with their own {@link ArrivalOutcome} and the rule they broke.
 * Thread-safe; build one per container and share it.
 */
public final class ArrivalReader {

  private final InboundMailParser parser;
  private final ProbeTokenSigner signer;

  /** A reader that accepts the tokens {@code signer} accepts, within the default mail limits. */
  public ArrivalReader(ProbeTokenSigner signer) {
    this(signer, MailLimits.defaults());
  }

  public ArrivalReader(ProbeTokenSigner signer, MailLimits limits) {
    this.signer = Objects.requireNonNull(signer, "signer");
    this.parser = new InboundMailParser(limits);
  }

  /**
   * Reads a raw RFC 5322 mail, as stored in S3 by the SES receipt rule.
   *
   * @param raw the mail; may be {@code null}
   * @param arrivedAt when the inbound service received it
   */
  public ArrivalReading read(byte[] raw, Instant arrivedAt) {
    return read(raw, arrivedAt, AuthenticationVerdicts.unknown());
  }

  /**
   * Reads a raw RFC 5322 mail, with the verdicts of the service that received it.
   *
   * @param raw the mail; may be {@code null}
   * @param arrivedAt when the inbound service received it
   * @param serviceVerdicts the inbound service's SPF, DKIM and DMARC verdicts, which replace those
   *     of the mail's Authentication-Results header where given
   */
  public ArrivalReading read(
      byte[] raw, Instant arrivedAt, AuthenticationVerdicts serviceVerdicts) {
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    return read(parser.parse(raw), arrivedAt, serviceVerdicts);
  }

  /**
   * Reads the header list of an SES receipt event ({@code mail.headers}, newest first).
   *
   * @param newestFirst the headers; may be {@code null}
   * @param arrivedAt when the inbound service received the mail
   */
  public ArrivalReading read(List<MailHeader> newestFirst, Instant arrivedAt) {
    return read(newestFirst, arrivedAt, AuthenticationVerdicts.unknown());
  }

  /**
   * Reads the header list of an SES receipt event, with SES's own verdicts.
   *
   * @param newestFirst the headers; may be {@code null}
   * @param arrivedAt when the inbound service received the mail
   * @param serviceVerdicts the inbound service's SPF, DKIM and DMARC verdicts, which replace those
   *     of the mail's Authentication-Results header where given
   */
  public ArrivalReading read(
      List<MailHeader> newestFirst, Instant arrivedAt, AuthenticationVerdicts serviceVerdicts) {
    Objects.requireNonNull(arrivedAt, "arrivedAt");
    return read(parser.parse(newestFirst), arrivedAt, serviceVerdicts);
  }

  private ArrivalReading read(
      MailReading reading, Instant arrivedAt, AuthenticationVerdicts serviceVerdicts) {
    Objects.requireNonNull(serviceVerdicts, "serviceVerdicts");
    if (reading instanceof MailReading.Refused refused) {
      return new ArrivalReading.Rejected(
          refused.reason().outcome(), refused.reason(), refused.detail());
    }
    InboundMail mail = ((MailReading.Read) reading).mail();
    if (!mail.hasProbeToken()) {
      return new ArrivalReading.Rejected(
          ArrivalOutcome.FOREIGN, null, "no " + ProbeToken.HEADER + " header");
    }
    TokenVerification verification = signer.verify(mail.probeToken());
    if (verification instanceof TokenVerification.Rejected rejected) {
      return new ArrivalReading.Rejected(
          rejected.reason().outcome(), rejected.reason(), rejected.detail());
    }
    ProbeToken token = ((TokenVerification.Valid) verification).token();
    AuthenticationVerdicts verdicts = serviceVerdicts.over(mail.authentication());
    // A DKIM domain counts only when the service's own verdict is a pass, so a header cannot
    // claim a signature the service found broken.
    Origin origin = verdicts.dkim().equals("pass") ? mail.origin() : mail.origin().withoutDkim();
    return new ArrivalReading.Read(
        Arrival.of(
            token,
            arrivedAt,
            HopChain.from(token.sentAt(), mail.received(), arrivedAt),
            mail.messageId(),
            verdicts),
        origin);
  }
}
