package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.OutgoingProbe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * What {@link SesProbeSubmitter} asks SES for and how it reads the answers, with a stand-in client;
 * {@link SesProbeSubmitterIT} sends through moto.
 */
class SesProbeSubmitterTest {

  private static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(SENT.plusSeconds(1), ZoneOffset.UTC);
  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "ses-test-secret-0123456789abcdef0".getBytes(StandardCharsets.US_ASCII))));
  private static final Route SES_TO_MX01 =
      new Route(
          "SES-to-MX01",
          "SES",
          "MX01",
          "mailflow@contoso.se",
          "probe-mx01@contoso.se",
          RoutePolicy.defaults(),
          true);
  private static final Server SES = Server.ses("SES");

  @Test
  void submit_sendsTheRawProbeMailFromTheRouteSenderInTheConfigurationSet() {
    StandInSes ses =
        new StandInSes(request -> SendEmailResponse.builder().messageId("m-1").build());
    OutgoingProbe probe = probe(SENT);

    List<Submission> answers =
        new SesProbeSubmitter(ses, new ProbeMailComposer(), Optional.of("probes"), CLOCK)
            .submit(SES, List.of(probe));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(tuple(true, 250, "m-1"));
    SendEmailRequest request = ses.requests.get(0);
    assertThat(request.fromEmailAddress()).isEqualTo("mailflow@contoso.se");
    assertThat(request.destination().toAddresses()).containsExactly("probe-mx01@contoso.se");
    assertThat(request.configurationSetName()).isEqualTo("probes");
    assertThat(request.content().raw().data().asByteArray())
        .isEqualTo(new ProbeMailComposer().composeBytes(probe));
  }

  @Test
  void submit_withoutAConfigurationSet_namesNone() {
    StandInSes ses = new StandInSes(request -> SendEmailResponse.builder().messageId("m").build());

    new SesProbeSubmitter(ses, new ProbeMailComposer(), Optional.empty(), CLOCK)
        .submit(SES, List.of(probe(SENT)));

    assertThat(ses.requests.get(0).configurationSetName()).isNull();
  }

  @Test
  void submit_whenSesRejectsAProbe_answersWithItsErrorAndSendsTheNext() {
    StandInSes ses =
        new StandInSes(
            request -> {
              if (request.content().raw().data().asUtf8String().contains("probe.rejected")) {
                throw (MessageRejectedException)
                    MessageRejectedException.builder()
                        .statusCode(400)
                        .awsErrorDetails(
                            AwsErrorDetails.builder()
                                .errorCode("MessageRejected")
                                .errorMessage("Email address is not verified.")
                                .build())
                        .build();
              }
              return SendEmailResponse.builder().messageId("m-2").build();
            });

    List<Submission> answers =
        new SesProbeSubmitter(ses, new ProbeMailComposer(), Optional.empty(), CLOCK)
            .submit(SES, List.of(probe(SENT, "rejected0001"), probe(SENT.plusMillis(1))));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsExactly(
            tuple(false, 0, "MessageRejected: Email address is not verified."),
            tuple(true, 250, "m-2"));
  }

  @Test
  void submit_whenTheRoleMayNotSendAsTheSender_saysWhichParameterNamesTheIdentities() {
    StandInSes ses =
        new StandInSes(
            request -> {
              throw (SesV2Exception)
                  SesV2Exception.builder()
                      .statusCode(403)
                      .awsErrorDetails(
                          AwsErrorDetails.builder()
                              .errorCode("AccessDeniedException")
                              .errorMessage(
                                  "User is not authorized to perform ses:SendEmail on resource"
                                      + " arn:aws:ses:eu-west-1:123456789012:identity/contoso.se")
                              .build())
                      .build();
            });

    List<Submission> answers =
        new SesProbeSubmitter(ses, new ProbeMailComposer(), Optional.empty(), CLOCK)
            .submit(SES, List.of(probe(SENT)));

    assertThat(answers).extracting(Submission::accepted).containsExactly(false);
    assertThat(answers.get(0).reply())
        .startsWith("AccessDeniedException: the send function may not send as mailflow@contoso.se")
        .contains("SenderIdentities");
  }

  @Test
  void submit_whenSesCannotBeReached_failsTheRestWithoutTryingAgain() {
    StandInSes ses =
        new StandInSes(
            request -> {
              throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            });

    List<Submission> answers =
        new SesProbeSubmitter(ses, new ProbeMailComposer(), Optional.empty(), CLOCK)
            .submit(SES, List.of(probe(SENT), probe(SENT.plusMillis(1))));

    assertThat(answers)
        .extracting(Submission::accepted, Submission::replyCode, Submission::reply)
        .containsOnly(
            tuple(
                false,
                0,
                "SES could not be reached: Unable to execute HTTP request: Connection refused"));
    assertThat(ses.requests).hasSize(1);
  }

  @Test
  void submit_toAnSmtpServer_refuses() {
    SesProbeSubmitter submitter =
        new SesProbeSubmitter(
            new StandInSes(r -> null), new ProbeMailComposer(), Optional.empty(), CLOCK);
    Server smtp =
        Server.smtp(
            "MX01", new SmtpEndpoint("mx01.contoso.se", 587, TransportSecurity.STARTTLS, null));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> submitter.submit(smtp, List.of(probe(SENT))))
        .withMessageContaining("MX01");
  }

  private static OutgoingProbe probe(Instant sentAt) {
    return probe(sentAt, ProbeTokenSigner.newNonce());
  }

  private static OutgoingProbe probe(Instant sentAt, String nonce) {
    return new OutgoingProbe(
        SES_TO_MX01,
        new ProbeToken(SIGNER.currentKeyId(), SES_TO_MX01.id(), sentAt, nonce),
        SIGNER.sign(SES_TO_MX01.id(), sentAt, nonce));
  }

  /** Answers SendEmail as told and keeps every request; every other operation is unsupported. */
  private static final class StandInSes implements SesV2Client {
    private final Function<SendEmailRequest, SendEmailResponse> answer;
    final List<SendEmailRequest> requests = new ArrayList<>();

    StandInSes(Function<SendEmailRequest, SendEmailResponse> answer) {
      this.answer = answer;
    }

    @Override
    public SendEmailResponse sendEmail(SendEmailRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
