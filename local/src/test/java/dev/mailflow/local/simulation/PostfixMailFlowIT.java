package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.local.simulation.InboundBridge.InboundMail;
import dev.mailflow.receive.ReceiveFunction;
import dev.mailflow.receive.ReceiveHandler;
import dev.mailflow.receive.ReceiveSettings;
import dev.mailflow.send.SendFunction;
import dev.mailflow.send.SendHandler;
import dev.mailflow.send.SendSettings;
import dev.mailflow.testsupport.MotoServerExtension;
import dev.mailflow.testsupport.TestCertificate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The send, receive and evaluate functions against two real Postfix servers, as a mail team runs
 * them: MX01 and MX02 on loopback, submission over STARTTLS with a test certificate, relay between
 * them over TLS, each forwarding its probe mailbox with {@code virtual_alias_maps} to the inbound
 * bridge, which plays SES: it stores each mail in S3 (moto) and invokes the receive function with
 * an SES receipt event.
 *
 * <p>Real servers stamp Received dates in whole seconds, which the simulated ones never show; the
 * outage is a real {@code postfix stop}, the backlog a real deferred queue, drained by {@code
 * postqueue -f}. The policy is short (probes every 10 s, lost after 25 s) so the whole story takes
 * about a minute and a half of wall time. Skipped, with the reason, where Postfix cannot run: it
 * needs root and the {@code postfix} package.
 */
@ExtendWith({PostfixAvailable.class, MotoServerExtension.class})
class PostfixMailFlowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SES_HOST = "inbound-smtp.eu-west-1.amazonaws.com";
  private static final String MX02_TO_MX01 = "MX02-to-MX01";
  private static final String MX01_TO_MX02 = "MX01-to-MX02";
  private static final Duration PROBE_INTERVAL = Duration.ofSeconds(10);
  private static final Duration LOSS_TIMEOUT = Duration.ofSeconds(25);
  private static final Duration FLUSH_TOLERANCE = Duration.ofSeconds(5);
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SEND_OFFSET_IN_SECOND = Duration.ofMillis(100);

  private final Clock clock = Clock.systemUTC();
  private final TestCertificate certificate =
      TestCertificate.forNames("mx01.contoso.se", "mx02.contoso.se", "127.0.0.11", "127.0.0.12");
  private final List<AutoCloseable> opened = new ArrayList<>();
  private SSLContext previousTls;
  private PostfixInstance mx01;
  private PostfixInstance mx02;
  private InboundBridge ses;
  private EmulatedStack stack;
  private DynamoDbProbeStore probes;
  private RequestStreamHandler send;
  private RequestStreamHandler receive;
  private RequestStreamHandler evaluate;
  private Instant lastSend = Instant.EPOCH;

  @BeforeEach
  void startTheServersAndTheStack(MotoServer moto) throws Exception {
    // The send function trusts what the JDK's default TLS context trusts, as in Lambda: here the
    // test certificate, the servers' stand-in for a public authority.
    previousTls = SSLContext.getDefault();
    SSLContext.setDefault(TestCertificate.trustingContext(certificate));

    ses =
        open(
            new InboundBridge(
                clock,
                "eu-west-1",
                recipient ->
                    Map.of(
                            "probe-mx01@mailflow.contoso.com", MX02_TO_MX01,
                            "probe-mx02@mailflow.contoso.com", MX01_TO_MX02)
                        .get(recipient)));
    ses.start();
    String toSes = "[127.0.0.1]:" + ses.address().getPort();
    mx01 = open(new PostfixInstance("mx01.contoso.se", "127.0.0.11"));
    mx02 = open(new PostfixInstance("mx02.contoso.se", "127.0.0.12"));
    // Exactly the forwarding of the deploy guide (docs/operating.md, step 4).
    mx01.forward("mailflow-probe@mx01.contoso.se", "probe-mx01@mailflow.contoso.com")
        .relay("mx02.contoso.se", mx02.relayNextHop(), true)
        .relay("mailflow.contoso.com", toSes, false);
    mx02.forward("mailflow-probe@mx02.contoso.se", "probe-mx02@mailflow.contoso.com")
        .relay("mx01.contoso.se", mx01.relayNextHop(), true)
        .relay("mailflow.contoso.com", toSes, false);
    mx01.start(certificate);
    mx02.start(certificate);

    stack =
        EmulatedStack.create(moto.environment(), configuration(), ZoneOffset.UTC, Optional.empty());
    probes =
        new DynamoDbProbeStore(
            stack.aws().dynamoDb(), stack.probesTable(), Duration.ofDays(1), clock);
    buildFunctions();
  }

  /**
   * The three functions as Lambda builds them, from their environment, with the system clock: the
   * one place that knows their constructors.
   */
  private void buildFunctions() {
    Map<String, String> sendEnvironment = new java.util.HashMap<>(stack.sendEnvironment());
    // The test's schedule: invokeSend runs the function once a probe interval.
    sendEnvironment.put(SendSettings.SEND_EVERY, PROBE_INTERVAL.toSeconds() + "s");
    Map<String, String> receiveEnvironment = stack.receiveEnvironment();
    Map<String, String> evaluateEnvironment = stack.evaluateEnvironment();
    send =
        new SendHandler(
            SendFunction.from(
                SendSettings.fromEnvironment(sendEnvironment),
                AwsClients.forEnvironment(sendEnvironment),
                clock));
    receive =
        new ReceiveHandler(
            ReceiveFunction.from(
                ReceiveSettings.fromEnvironment(receiveEnvironment),
                AwsClients.forEnvironment(receiveEnvironment),
                clock));
    evaluate =
        new EvaluateHandler(
            EvaluateFunction.from(
                EvaluateSettings.fromEnvironment(evaluateEnvironment),
                AwsClients.forEnvironment(evaluateEnvironment),
                clock));
  }

  @AfterEach
  void stopEverything() throws Exception {
    SSLContext.setDefault(previousTls);
    Exception first = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  void realPostfixServers_recordEveryHopWithoutFalseSkew_failSubmissionWhileDown_flushAsOneEvent()
      throws Exception {
    Instant start = clock.instant();

    // Both servers up: each route's probe goes submission -> relay -> SES.
    invokeSend();
    awaitArrivals(2);
    for (String route : List.of(MX02_TO_MX01, MX01_TO_MX02)) {
      String source = route.equals(MX02_TO_MX01) ? "mx02.contoso.se" : "mx01.contoso.se";
      String target = route.equals(MX02_TO_MX01) ? "mx01.contoso.se" : "mx02.contoso.se";
      Probe probe = single(probes.probesSince(route, start));
      assertThat(probe.delivery()).as("%s arrived", route).isNotNull();
      assertThat(probe.delivery().hops())
          .as("%s's hops, oldest first", route)
          .extracting(Hop::by, Hop::protocol)
          .containsExactly(
              tuple(source, "ESMTPS"), tuple(target, "ESMTPS"), tuple(SES_HOST, "SMTP"));
      // Postfix stamps whole seconds, the send time has milliseconds: no hop may come out skewed.
      assertThat(probe.delivery().hops())
          .as("%s's hops", route)
          .allSatisfy(
              hop -> {
                assertThat(hop.clockSkew()).as("clock skew at %s", hop.by()).isFalse();
                assertThat(hop.delay())
                    .as("delay at %s", hop.by())
                    .isGreaterThanOrEqualTo(Duration.ZERO);
              });
    }

    // MX01 stopped: its submission port refuses the send function; MX02 queues what it relays.
    mx01.stop();
    Instant outage = clock.instant();
    invokeSend();
    invokeSend();
    assertThat(probes.probesSince(MX01_TO_MX02, outage))
        .extracting(probe -> probe.stateAt(clock.instant(), LOSS_TIMEOUT))
        .containsExactly(ProbeState.SEND_FAILED, ProbeState.SEND_FAILED);
    List<Probe> queued = probes.probesSince(MX02_TO_MX01, outage);
    assertThat(queued).hasSize(2).allMatch(probe -> probe.submission().accepted());
    sleepUntil(queued.get(1).sentAt().plus(LOSS_TIMEOUT).plusSeconds(1));
    assertThat(ses.take()).as("mail through a stopped MX01").isEmpty();

    invokeEvaluate();
    assertThat(notices())
        .extracting(n -> n.get("type").asText(), n -> n.get("routeId").asText())
        .containsExactlyInAnyOrder(tuple("OPENED", MX02_TO_MX01), tuple("OPENED", MX01_TO_MX02));

    // MX01 back; MX02's queue waits for its next retry, a minute away, unless flushed.
    mx01.start(certificate);
    Instant flushed = clock.instant();
    mx02.flushQueue();
    awaitArrivals(2);
    assertThat(probes.probesSince(MX02_TO_MX01, outage))
        .filteredOn(probe -> queued.stream().anyMatch(q -> q.probeId().equals(probe.probeId())))
        .hasSize(2)
        .allSatisfy(
            probe -> {
              assertThat(probe.delivery()).isNotNull();
              assertThat(probe.delivery().deliveredAt()).isAfterOrEqualTo(flushed);
              assertThat(probe.delivery().hops()).noneMatch(Hop::clockSkew);
            });

    // Two good probes on each route close both incidents; the flush is reported once.
    invokeSend();
    awaitArrivals(2);
    invokeSend();
    awaitArrivals(2);
    sleepUntil(lastDelivery().plus(FLUSH_TOLERANCE).plusSeconds(1));
    invokeEvaluate();
    List<JsonNode> resolved = notices();
    assertThat(resolved)
        .extracting(n -> n.get("type").asText(), n -> n.get("routeId").asText())
        .containsExactlyInAnyOrder(
            tuple("RESOLVED", MX02_TO_MX01), tuple("RESOLVED", MX01_TO_MX02));
    JsonNode flushes = notice(resolved, MX02_TO_MX01).path("flushes");
    assertThat(flushes).as("flushes in %s", resolved).hasSize(1);
    assertThat(flushes.get(0).get("size").asInt()).isEqualTo(2);
    assertThat(flushes.get(0).get("probeIds"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrderElementsOf(queued.stream().map(Probe::probeId).toList());
    assertThat(notice(resolved, MX01_TO_MX02).path("flushes")).isEmpty();
    assertThat(probes.probesSince(MX02_TO_MX01, start))
        .flatExtracting(probe -> probe.delivery().hops())
        .noneMatch(Hop::clockSkew);
  }

  private String configuration() {
    return """
        sender: mailflow@contoso.se
        defaults:
          probeInterval: %s
          warningLatency: 15s
          criticalLatency: 20s
          lossTimeout: %s
          flushTolerance: %s
        servers:
          - {id: MX01, host: %s, port: %d, security: STARTTLS}
          - {id: MX02, host: %s, port: %d, security: STARTTLS}
        routes:
          - {source: MX02, target: MX01, recipient: mailflow-probe@mx01.contoso.se}
          - {source: MX01, target: MX02, recipient: mailflow-probe@mx02.contoso.se}
        """
        .formatted(
            PROBE_INTERVAL.toSeconds() + "s",
            LOSS_TIMEOUT.toSeconds() + "s",
            FLUSH_TOLERANCE.toSeconds() + "s",
            mx01.address(),
            mx01.submissionPort(),
            mx02.address(),
            mx02.submissionPort());
  }

  /**
   * Runs the send function once every route is due again, just after a second begins: Postfix then
   * stamps the submission within the send's own second, the case that once came out as clock skew.
   */
  private void invokeSend() throws IOException, InterruptedException {
    Instant now = clock.instant();
    Instant due = lastSend.plus(PROBE_INTERVAL).isAfter(now) ? lastSend.plus(PROBE_INTERVAL) : now;
    Instant start = due.truncatedTo(ChronoUnit.SECONDS).plus(SEND_OFFSET_IN_SECOND);
    sleepUntil(start.isBefore(due) ? start.plusSeconds(1) : start);
    lastSend = clock.instant();
    invoke(send, sampleEvent("send-scheduled.json"));
  }

  private void invokeEvaluate() throws IOException {
    invoke(evaluate, sampleEvent("evaluate-scheduled.json"));
  }

  /**
   * Stores each mail SES takes and hands it to the receive function, as the receipt rule's S3 and
   * Lambda actions do, until {@code count} have arrived.
   */
  private void awaitArrivals(int count) throws IOException, InterruptedException {
    Instant deadline = clock.instant().plus(ARRIVAL_TIMEOUT);
    int arrived = 0;
    while (arrived < count) {
      if (clock.instant().isAfter(deadline)) {
        throw new AssertionError(
            arrived + " of " + count + " mails reached SES\n" + mx01.maillog() + mx02.maillog());
      }
      for (InboundMail mail : ses.take()) {
        stack.storeInboundMail(mail.messageId(), mail.content());
        String event = SesReceiptEvent.of(mail, stack.receiveFunctionArn());
        JsonNode summary = invoke(receive, event.getBytes(StandardCharsets.UTF_8));
        assertThat(summary.path("RECORDED").asInt()).as("recorded, in %s", summary).isEqualTo(1);
        arrived++;
      }
      Thread.sleep(100);
    }
  }

  private Instant lastDelivery() {
    return List.of(MX02_TO_MX01, MX01_TO_MX02).stream()
        .flatMap(route -> probes.probesSince(route, Instant.EPOCH).stream())
        .filter(probe -> probe.delivery() != null)
        .map(probe -> probe.delivery().deliveredAt())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  private List<JsonNode> notices() throws IOException {
    List<JsonNode> notices = new ArrayList<>();
    for (Message message : stack.subscriber().receiveAvailable()) {
      notices.add(JSON.readTree(message.body()));
    }
    return notices;
  }

  private static JsonNode notice(List<JsonNode> notices, String route) {
    return notices.stream()
        .filter(n -> n.get("routeId").asText().equals(route))
        .findFirst()
        .orElseThrow();
  }

  private static Probe single(List<Probe> probes) {
    assertThat(probes).hasSize(1);
    return probes.get(0);
  }

  private static JsonNode invoke(RequestStreamHandler handler, byte[] event) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), output, null);
    return JSON.readTree(output.toByteArray());
  }

  /** A sample event from the repository's {@code events/} folder, as SAM and the tests use it. */
  private static byte[] sampleEvent(String name) throws IOException {
    return Files.readAllBytes(
        Path.of(System.getProperty("basedir", ".")).resolve("../events").resolve(name));
  }

  private void sleepUntil(Instant until) throws InterruptedException {
    Duration wait = Duration.between(clock.instant(), until);
    if (!wait.isNegative()) {
      Thread.sleep(wait.toMillis());
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }
}
