package dev.mailflow.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.domain.sending.ProbeSubmitter;
import dev.mailflow.domain.sending.SendRound;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The handler's own work — reading the event, failing without configuration, answering with the
 * round's summary — over a stand-in store and submitter. {@link SendHandlerIT} runs it for real.
 */
class SendHandlerTest {

  private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "handler-test-secret-0123456789abcd".getBytes(StandardCharsets.US_ASCII))));
  private static final Server MX01 =
      Server.smtp(
          "MX01", new SmtpEndpoint("mx01.contoso.se", 587, TransportSecurity.STARTTLS, null));
  private static final Server MX02 =
      Server.smtp(
          "MX02", new SmtpEndpoint("mx02.contoso.se", 587, TransportSecurity.STARTTLS, null));
  // Slots at 10:00, 10:05, ...: due at the sample event's time.
  private static final Route MX01_TO_MX02 = route("MX01", "MX02", Duration.ZERO);
  private static final Route MX02_TO_MX01 = route("MX02", "MX01", Duration.ZERO);
  private static final MonitorConfiguration CONFIGURATION =
      new MonitorConfiguration(List.of(MX01, MX02), List.of(MX01_TO_MX02, MX02_TO_MX01));

  private final InMemoryProbeStore store = new InMemoryProbeStore();

  @Test
  void handle_theSampleScheduledEvent_sendsDueProbesAndAnswersWithTheSummary() throws IOException {
    // Slots at 10:02, 10:07, ...: not due at the sample event's time.
    Route later = route("MX02", "MX01", Duration.ofMinutes(2));
    SendHandler handler =
        handler(
            () -> new MonitorConfiguration(List.of(MX01, MX02), List.of(MX01_TO_MX02, later)),
            refusingMx01());

    JsonNode answer = invoke(handler, sampleEvent());

    assertThat(answer.get("accepted").asLong()).isZero();
    assertThat(answer.get("sendFailures").asLong()).isEqualTo(1);
    assertThat(answer.get("unrecorded").asLong()).isZero();
    assertThat(answer.get("notDue").asLong()).isEqualTo(1);
    JsonNode sent = route(answer, MX01_TO_MX02.id());
    assertThat(sent.get("outcome").asText()).isEqualTo("SEND_FAILED");
    assertThat(sent.get("replyCode").asInt()).isEqualTo(554);
    assertThat(sent.get("reply").asText()).isEqualTo("5.7.1 Relay access denied");
    assertThat(sent.get("recorded").asBoolean()).isTrue();
    assertThat(sent.get("probe").asText()).isEqualTo(store.submissions().get(0).probeId());
    JsonNode notDue = route(answer, MX02_TO_MX01.id());
    assertThat(notDue.get("outcome").asText()).isEqualTo("NOT_DUE");
    assertThat(notDue.get("note").asText()).isEqualTo("next probe due at 2026-03-02T10:02:00Z");
  }

  @Test
  void run_writesSentAndFailedProbesAsMetricsPerRoute() throws IOException {
    List<JsonNode> written = metricLinesOfARound(true);

    assertThat(written)
        .filteredOn(line -> line.has("Route"))
        .extracting(
            line ->
                line.get("Route").asText()
                    + ":"
                    + line.get("ProbesSent").asInt()
                    + "/"
                    + line.get("SendFailures").asInt())
        .containsExactlyInAnyOrder("MX01-to-MX02:0/1", "MX02-to-MX01:1/0");
    assertThat(written)
        .filteredOn(line -> line.has("ProbeSendFailures"))
        .singleElement()
        .satisfies(line -> assertThat(line.get("ProbesAccepted").asInt()).isEqualTo(1));
  }

  @Test
  void run_withoutRouteMetrics_writesOnlyTheRoundsTotals() throws IOException {
    List<JsonNode> written = metricLinesOfARound(false);

    assertThat(written).singleElement().satisfies(line -> assertThat(line.has("Route")).isFalse());
    assertThat(written.get(0).toString()).doesNotContain("Route");
    assertThat(written.get(0).get("ProbesAccepted").asInt()).isEqualTo(1);
    assertThat(written.get(0).get("ProbeSendFailures").asInt()).isEqualTo(1);
  }

  /** The metric lines of one round in which MX01 refuses its probe and MX02 takes its own. */
  private List<JsonNode> metricLinesOfARound(boolean routeMetrics) throws IOException {
    java.io.ByteArrayOutputStream lines = new java.io.ByteArrayOutputStream();
    dev.mailflow.adapters.metrics.EmbeddedMetrics metrics =
        new dev.mailflow.adapters.metrics.EmbeddedMetrics(
            "Mailflow",
            new java.io.PrintStream(lines, true, java.nio.charset.StandardCharsets.UTF_8),
            CLOCK,
            routeMetrics);
    SendFunction function =
        new SendFunction(
            () -> CONFIGURATION,
            new SendRound(store, refusingMx01(), () -> SIGNER, Runnable::run, CLOCK),
            () -> {});

    function.run().emitMetrics(metrics);

    List<JsonNode> written = new java.util.ArrayList<>();
    for (String line : lines.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
      written.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
    }
    return written;
  }

  @Test
  void handle_anEmptyInput_isARunLikeAnyOther() throws IOException {
    SendHandler handler = handler(() -> CONFIGURATION, accepting());

    JsonNode answer = invoke(handler, new byte[0]);

    assertThat(answer.get("accepted").asLong()).isEqualTo(2);
  }

  @Test
  void handle_anInputThatIsNotJson_stillRuns() throws IOException {
    SendHandler handler = handler(() -> CONFIGURATION, accepting());

    JsonNode answer = invoke(handler, "tick".getBytes(StandardCharsets.UTF_8));

    assertThat(answer.get("accepted").asLong()).isEqualTo(2);
  }

  @Test
  void handle_withoutAConfiguration_failsWithItsReasonAndSendsNothing() {
    SendHandler handler =
        handler(
            () -> {
              throw new ConfigurationUnavailableException(
                  "configuration /mailflow/config cannot be read: ParameterNotFound", null);
            },
            accepting());

    assertThatThrownBy(() -> invoke(handler, sampleEvent()))
        .isInstanceOf(ConfigurationUnavailableException.class)
        .hasMessage("configuration /mailflow/config cannot be read: ParameterNotFound");
    assertThat(store.submissions()).isEmpty();
  }

  @Test
  void scheduledEvent_ofTheSample_givesItsIdTimeAndSource() throws IOException {
    ScheduledEvent event = ScheduledEvent.read(new ByteArrayInputStream(sampleEvent()));

    assertThat(event)
        .isEqualTo(
            new ScheduledEvent(
                "5c3f8e6a-2b1d-4f7e-9a40-1d2b3c4d5e6f",
                "2026-03-02T10:00:00Z",
                "aws.events",
                true));
  }

  @Test
  void scheduledEvent_ofASchedulerInput_readsTheFieldsItNames() throws IOException {
    String input =
        "{\"id\": \"b1f2-exec\", \"time\": \"2026-03-02T10:05:00Z\", \"source\": \"aws.scheduler\"}";

    ScheduledEvent event =
        ScheduledEvent.read(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));

    assertThat(event)
        .isEqualTo(new ScheduledEvent("b1f2-exec", "2026-03-02T10:05:00Z", "aws.scheduler", true));
  }

  private SendHandler handler(
      Supplier<MonitorConfiguration> configuration, ProbeSubmitter submitter) {
    return new SendHandler(
        new SendFunction(
            configuration,
            new SendRound(store, submitter, () -> SIGNER, Runnable::run, CLOCK),
            () -> {}));
  }

  private static ProbeSubmitter accepting() {
    return (server, probes) -> answers(probes, Submission.accepted(NOW, 250, "2.0.0 Ok"));
  }

  private static ProbeSubmitter refusingMx01() {
    return (server, probes) ->
        answers(
            probes,
            server.id().equals("MX01")
                ? Submission.failed(NOW, 554, "5.7.1 Relay access denied")
                : Submission.accepted(NOW, 250, "2.0.0 Ok"));
  }

  private static List<Submission> answers(List<OutgoingProbe> probes, Submission answer) {
    List<Submission> answers = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      answers.add(answer);
    }
    return answers;
  }

  private static JsonNode invoke(SendHandler handler, byte[] input) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(input), output, null);
    return new ObjectMapper().readTree(output.toByteArray());
  }

  private static JsonNode route(JsonNode answer, String routeId) {
    for (JsonNode route : answer.get("routes")) {
      if (route.get("route").asText().equals(routeId)) {
        return route;
      }
    }
    throw new AssertionError("no route " + routeId + " in " + answer);
  }

  /** The sample event in the repository's {@code events/} folder, as SAM and the tests use it. */
  static byte[] sampleEvent() throws IOException {
    Path events = Path.of(System.getProperty("basedir", ".")).resolve("../../events");
    try (InputStream in = Files.newInputStream(events.resolve("send-scheduled.json"))) {
      return in.readAllBytes();
    }
  }

  private static Route route(String source, String target, Duration phase) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@contoso.se",
        "probe-" + target.toLowerCase(Locale.ROOT) + "@contoso.se",
        RoutePolicy.defaults().withProbePhase(ProbePhase.at(phase)),
        true);
  }
}
