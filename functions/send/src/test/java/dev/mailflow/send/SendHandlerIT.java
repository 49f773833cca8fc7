package dev.mailflow.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.MotoServerExtension;
import dev.mailflow.testsupport.ScriptedSmtpServer;
import dev.mailflow.testsupport.ScriptedSmtpServer.Reply;
import dev.mailflow.testsupport.ScriptedSmtpServer.Stage;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The send function end to end in this JVM, built from its environment as in Lambda: the
 * configuration in SSM (or a file), the signing key in Secrets Manager, probes recorded in DynamoDB
 * (all in moto), probes submitted to GreenMail and to a server that refuses them, the invocation
 * being the sample scheduled event from {@code events/}.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendHandlerIT {

  private static final String SIGNING_KEY = "send-it-signing-key-0123456789abcdef";

  @RegisterExtension
  static final GreenMailExtension MX01 =
      new GreenMailExtension(ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort())
          .withPerMethodLifecycle(true);

  private final ObjectMapper json = new ObjectMapper();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private MotoServer moto;
  private AwsClients clients;
  private String signingSecret;
  private ScriptedSmtpServer mx02;

  @BeforeAll
  void storeTheSigningKey(MotoServer moto) {
    this.moto = moto;
    clients = AwsClients.forEnvironment(moto.environment());
    signingSecret = ResourceNames.unique("signing-key");
    clients
        .secretsManager()
        .createSecret(
            request ->
                request
                    .name(signingSecret)
                    .secretString("{\"keyId\": \"k1\", \"key\": \"" + SIGNING_KEY + "\"}"));
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    opened.clear();
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void handle_theScheduledEvent_sendsEachDueProbeAndRecordsTheServersAnswer() throws Exception {
    String table = probeTable();
    SendHandler handler = handler(table, configParameter(configuration()));

    JsonNode answer = invoke(handler);

    assertThat(answer.get("accepted").asLong()).isEqualTo(1);
    assertThat(answer.get("sendFailures").asLong()).isEqualTo(1);
    assertThat(answer.get("unrecorded").asLong()).isZero();
    DynamoDbProbeStore store = store(table);
    Probe sent = onlyProbe(store, "MX01-to-MX02");
    assertThat(sent.submission().accepted()).isTrue();
    assertThat(sent.submission().replyCode()).isEqualTo(250);
    assertThat(sent.submission().reply()).isNotBlank();
    Probe refused = onlyProbe(store, "MX02-to-MX01");
    assertThat(refused.submission().accepted()).isFalse();
    assertThat(refused.submission().replyCode()).isEqualTo(554);
    assertThat(refused.submission().reply()).isEqualTo("5.7.1 Relay access denied");
    MimeMessage[] arrived = MX01.getReceivedMessages();
    assertThat(arrived).hasSize(1);
    ProbeToken token = tokenOf(arrived[0]);
    assertThat(token.routeId()).isEqualTo("MX01-to-MX02");
    assertThat(token.probeId()).isEqualTo(sent.probeId());
    assertThat(token.sentAt()).isEqualTo(sent.sentAt());
  }

  @Test
  void handle_againWithinTheProbeInterval_sendsNothing() throws Exception {
    String table = probeTable();
    SendHandler handler = handler(table, configParameter(configuration()));
    invoke(handler);
    int connectionsToMx02 = mx02.connections();

    JsonNode again = invoke(handler);

    assertThat(again.get("accepted").asLong()).isZero();
    assertThat(again.get("sendFailures").asLong()).isZero();
    assertThat(again.get("notDue").asLong()).isEqualTo(2);
    assertThat(MX01.getReceivedMessages()).hasSize(1);
    assertThat(mx02.connections()).isEqualTo(connectionsToMx02);
    assertThat(store(table).probesSince("MX01-to-MX02", Instant.EPOCH)).hasSize(1);
  }

  @Test
  void handle_withTheConfigurationInAFile_sendsAsWithTheParameter(@TempDir Path directory)
      throws Exception {
    Path file = directory.resolve("mailflow.yaml");
    Files.writeString(file, configuration(), StandardCharsets.UTF_8);
    String table = probeTable();
    Map<String, String> environment = environment(table);
    environment.put(SendSettings.CONFIG_FILE, file.toString());
    SendHandler handler = new SendHandler(function(environment));

    JsonNode answer = invoke(handler);

    assertThat(answer.get("accepted").asLong()).isEqualTo(1);
    assertThat(MX01.getReceivedMessages()).hasSize(1);
    assertThat(store(table).probesSince("MX01-to-MX02", Instant.EPOCH)).hasSize(1);
  }

  @Test
  void handle_whenTheConfigurationParameterIsMissing_failsNamingIt() {
    String missing = "/" + ResourceNames.unique("mailflow") + "/config";
    SendHandler handler = handler(probeTable(), missing);

    assertThatThrownBy(() -> invoke(handler))
        .isInstanceOf(ConfigurationUnavailableException.class)
        .hasMessageContaining("configuration " + missing + " cannot be read");
  }

  @Test
  void construct_withoutTheProbeTable_failsNamingTheVariable() {
    Map<String, String> environment = environment(probeTable());
    environment.remove(SendSettings.PROBES_TABLE);
    environment.put(SendSettings.CONFIG_PARAMETER, "/mailflow/config");

    assertThatThrownBy(() -> function(environment))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the send function is not configured: MAILFLOW_PROBES_TABLE is not set");
  }

  @Test
  void publicConstructor_inAnEnvironmentWithoutItsVariables_failsNamingEachOne() throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            NewSendHandler.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("MAILFLOW_"));
    builder.environment().put("AWS_REGION", moto.region());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isNotZero();
    assertThat(output)
        .contains(
            "the send function is not configured: MAILFLOW_PROBES_TABLE is not set; set exactly"
                + " one of MAILFLOW_CONFIG_PARAMETER, MAILFLOW_CONFIG_OBJECT and"
                + " MAILFLOW_CONFIG_FILE;"
                + " MAILFLOW_SIGNING_SECRET is not set");
  }

  private SendHandler handler(String table, String configParameter) {
    Map<String, String> environment = environment(table);
    environment.put(SendSettings.CONFIG_PARAMETER, configParameter);
    return new SendHandler(function(environment));
  }

  private SendFunction function(Map<String, String> environment) {
    SendFunction function =
        SendFunction.from(
            SendSettings.fromEnvironment(environment),
            AwsClients.forEnvironment(environment),
            Clock.systemUTC());
    opened.add(function);
    return function;
  }

  private Map<String, String> environment(String table) {
    Map<String, String> environment = new HashMap<>(moto.environment());
    environment.put(SendSettings.PROBES_TABLE, table);
    environment.put(SendSettings.SIGNING_SECRET, signingSecret);
    environment.put(SendSettings.CONNECT_TIMEOUT, "5s");
    environment.put(SendSettings.READ_TIMEOUT, "5s");
    return environment;
  }

  /**
   * MX01 is GreenMail; MX02 refuses every mail, as a server does that does not let the monitor
   * relay. Started here because each test gets its own GreenMail.
   */
  private String configuration() {
    mx02 =
        ScriptedSmtpServer.builder()
            .script(
                (stage, connection, mail) ->
                    stage == Stage.MAIL
                        ? Reply.with("554 5.7.1 Relay access denied")
                        : Reply.standard())
            .start();
    opened.add(mx02);
    return """
        sender: mailflow@contoso.se
        # On the wall clock: each route's slot began five seconds ago, and the next is an hour away.
        defaults: {probeInterval: 1h, probePhase: %ds}
        servers:
          - id: MX01
            host: 127.0.0.1
            port: %d
            security: NONE
          - id: MX02
            host: 127.0.0.1
            port: %d
            security: NONE
        routes:
          - source: MX01
            target: MX02
            recipient: probe-mx02@contoso.se
          - source: MX02
            target: MX01
            recipient: probe-mx01@contoso.se
        """
        .formatted(
            Math.floorMod(Instant.now().getEpochSecond() - 5, 3600),
            MX01.getSmtp().getPort(),
            mx02.port());
  }

  private String configParameter(String document) {
    String name = "/" + ResourceNames.unique("mailflow") + "/config";
    clients
        .ssm()
        .putParameter(request -> request.name(name).type(ParameterType.STRING).value(document));
    return name;
  }

  /** The probe table as the stores use it. */
  private String probeTable() {
    String table = ResourceNames.unique("probes");
    MailflowTables.create(clients.dynamoDb(), MailflowTables.probes(table));
    return table;
  }

  private DynamoDbProbeStore store(String table) {
    return new DynamoDbProbeStore(
        clients.dynamoDb(), table, Duration.ofDays(30), Clock.systemUTC());
  }

  private static Probe onlyProbe(DynamoDbProbeStore store, String routeId) {
    List<Probe> probes = store.probesSince(routeId, Instant.EPOCH);
    assertThat(probes).as("probes recorded on %s", routeId).hasSize(1);
    return probes.get(0);
  }

  private JsonNode invoke(SendHandler handler) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(SendHandlerTest.sampleEvent()), output, null);
    return json.readTree(output.toByteArray());
  }

  private static ProbeToken tokenOf(MimeMessage message) throws Exception {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    message.writeTo(raw);
    ProbeTokenSigner signer =
        new ProbeTokenSigner(
            SigningKeys.of(new SigningKey("k1", SIGNING_KEY.getBytes(StandardCharsets.UTF_8))));
    ArrivalReading reading = new ArrivalReader(signer).read(raw.toByteArray(), Instant.now());
    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    return ((ArrivalReading.Read) reading).arrival().token();
  }
}
