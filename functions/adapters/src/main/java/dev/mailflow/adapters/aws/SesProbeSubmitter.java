package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.domain.sending.ProbeSubmitter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Sends probe mails through the Amazon SES v2 API, for a server whose transport is SES: the second
 * way into the mail flow, beside SMTP submission.
 *
 * <p>Each probe goes out as the same raw RFC 5322 bytes an SMTP server would get ({@code SendEmail}
 * with {@code Content.Raw}), from the route's sender to its recipient, in the configuration set if
 * one is given (its event destinations can then report bounces). SES has no SMTP reply: an accepted
 * probe is recorded with code {@value #ACCEPTED_CODE}, by convention the code of an SMTP server
 * that took a mail, and SES's MessageId as the reply, which finds the mail in SES's own event
 * records.
 *
 * <p>Nothing is thrown for a probe SES does not take: a refusal ({@code MessageRejected}, an
 * unverified sender, throttling) becomes a failed submission with code 0 and SES's error code and
 * message. When SES cannot be reached at all (after the SDK's own retries), the remaining probes of
 * the round are failed with the same reason without trying again, so one outage costs one timeout,
 * not one per probe.
 *
 * <p>Build one per container; it is thread-safe.
 */
public final class SesProbeSubmitter implements ProbeSubmitter {
  private static final Logger LOG = LoggerFactory.getLogger(SesProbeSubmitter.class);

  /** The reply code of a probe SES accepted: SMTP's "requested mail action completed". */
  public static final int ACCEPTED_CODE = 250;

  private final SesV2Client ses;
  private final ProbeMailComposer composer;
  private final Optional<String> configurationSet;
  private final Clock clock;

  /**
   * @param ses the SES v2 client, built once per container
   * @param composer builds the probe mails from signed probes
   * @param configurationSet the configuration set to send in, if any
   * @param clock stamps each answer
   */
  public SesProbeSubmitter(
      SesV2Client ses, ProbeMailComposer composer, Optional<String> configurationSet, Clock clock) {
    this.ses = Objects.requireNonNull(ses, "ses");
    this.composer = Objects.requireNonNull(composer, "composer");
    this.configurationSet = Objects.requireNonNull(configurationSet, "configurationSet");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<Submission> submit(Server server, List<OutgoingProbe> probes) {
    if (server.transport() != Server.Transport.SES) {
      throw new IllegalArgumentException(
          "server " + server.id() + " takes probes through " + server.transport() + ", not SES");
    }
    List<Submission> answers = new ArrayList<>(probes.size());
    String unreachable = null;
    for (OutgoingProbe probe : probes) {
      if (unreachable != null) {
        answers.add(Submission.failed(clock.instant(), 0, unreachable));
        continue;
      }
      try {
        answers.add(send(probe));
      } catch (SdkClientException e) {
        unreachable = "SES could not be reached: " + e.getMessage();
        LOG.warn(
            "route={} probe={} {}; the rest of this round's SES probes are not sent",
            probe.route().id(),
            probe.token().probeId(),
            unreachable,
            e);
        answers.add(Submission.failed(clock.instant(), 0, unreachable));
      }
    }
    return answers;
  }

  private Submission send(OutgoingProbe probe) {
    Route route = probe.route();
    byte[] raw;
    try {
      raw = composer.composeBytes(probe);
    } catch (IllegalArgumentException | IllegalStateException e) {
      LOG.error("route={} probe={} mail could not be built", route.id(), probeId(probe), e);
      return Submission.failed(
          clock.instant(), 0, "probe mail could not be built: " + e.getMessage());
    }
    SendEmailRequest.Builder request =
        SendEmailRequest.builder()
            .fromEmailAddress(route.sender())
            .destination(destination -> destination.toAddresses(route.recipient()))
            .content(content -> content.raw(message -> message.data(SdkBytes.fromByteArray(raw))));
    configurationSet.ifPresent(request::configurationSetName);
    try {
      String messageId = ses.sendEmail(request.build()).messageId();
      return Submission.accepted(clock.instant(), ACCEPTED_CODE, messageId);
    } catch (AwsServiceException e) {
      String reason = reason(e, route.sender());
      LOG.debug("route={} probe={} SES refused it: {}", route.id(), probeId(probe), reason, e);
      return Submission.failed(clock.instant(), 0, reason);
    }
  }

  /**
   * "MessageRejected: Email address is not verified…", or the exception's own message. A refusal by
   * IAM says what to change: the send role may send only as the stack's sender identities.
   */
  private static String reason(AwsServiceException e, String sender) {
    AwsErrorDetails details = e.awsErrorDetails();
    if (details == null || details.errorCode() == null) {
      return "SES refused it: " + e.getMessage();
    }
    if (details.errorCode().startsWith("AccessDenied")) {
      return details.errorCode()
          + ": the send function may not send as "
          + sender
          + " (or in this configuration set): name its SES identity, the address or its domain,"
          + " in the stack's SenderIdentities parameter, or send from one named there";
    }
    return details.errorCode()
        + ": "
        + (details.errorMessage() == null ? e.getMessage() : details.errorMessage());
  }

  private static String probeId(OutgoingProbe probe) {
    return probe.token().probeId();
  }
}
