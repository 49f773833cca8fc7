package dev.mailflow.send;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.testsupport.MotoServerExtension;
import dev.mailflow.testsupport.ShadedJar;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployable jar on its own, as Lambda loads it: the SDK modules it leaves out are not needed
 * to read the configuration (from an S3 object) and the signing secret, try a server and record the
 * outcome.
 */
@ExtendWith(MotoServerExtension.class)
class ShadedJarIT {

  @Test
  void theJarAlone_readsItsConfigurationFromS3_triesADueRouteAndRecordsTheOutcome(MotoServer moto)
      throws Exception {
    Map<String, String> environment = new HashMap<>(moto.environment());
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      String table = ResourceNames.unique("probes");
      MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(table));
      String secret = ResourceNames.unique("signing");
      aws.secretsManager()
          .createSecret(
              r ->
                  r.name(secret)
                      .secretString(
                          "{\"keyId\": \"k1\", \"key\": \"0123456789abcdef0123456789abcdef\"}"));
      environment.put(SendSettings.PROBES_TABLE, table);
      environment.put(SendSettings.SIGNING_SECRET, secret);
    }
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    String document =
        "sender: mailflow@contoso.se\n"
            // On the wall clock: a one-minute interval makes the route due at every run.
            + "defaults: {probeInterval: 1m}\n"
            + "servers:\n"
            + "  - {id: MX01, host: mx01.contoso.se}\n"
            + "  - {id: MX02, host: 127.0.0.1, port: "
            + closedPort
            + ", security: NONE}\n"
            + "routes: [{source: MX02, target: MX01, recipient: probe@mx01.contoso.se}]\n";
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      environment.put(
          SendSettings.CONFIG_OBJECT,
          S3Buckets.withObject(aws.s3(), moto.region(), "mailflow.yaml", document));
    }
    environment.put(SendSettings.CONNECT_TIMEOUT, "2s");
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-send.jar");

    try (ShadedJar function =
        ShadedJar.load(jar, "dev.mailflow.send.SendHandler", environment, Clock.systemUTC())) {
      JsonNode summary =
          new ObjectMapper().readTree(function.invoke(SendHandlerTest.sampleEvent()));

      assertThat(summary.get("sendFailures").asInt()).isEqualTo(1);
      assertThat(summary.at("/routes/0/recorded").asBoolean()).isTrue();
      assertThat(summary.at("/routes/0/reply").asText()).contains("Connection refused");
    }
  }
}
