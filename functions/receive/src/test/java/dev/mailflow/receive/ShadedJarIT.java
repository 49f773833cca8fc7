package dev.mailflow.receive;

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
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployable jar on its own, as Lambda loads it: the SDK modules it leaves out are not needed
 * to receive the sample SES event.
 */
@ExtendWith(MotoServerExtension.class)
class ShadedJarIT {

  @Test
  void theJarAlone_recordsTheSampleSesReceipt(MotoServer moto) throws Exception {
    JsonNode summary = sampleReceipt(stack(moto));

    assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
  }

  @Test
  void theJarAlone_checksTheSampleProbesOriginAgainstAConfigurationInAnS3Object(MotoServer moto)
      throws Exception {
    Map<String, String> environment = stack(moto);
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      // The sample probe's route ends at MX01, whose forwarded mail is said to come from a host
      // the sample's mail never passed: only a function that read this document refuses it.
      environment.put(
          ReceiveSettings.CONFIG_OBJECT,
          S3Buckets.withObject(
              aws.s3(),
              moto.region(),
              "mailflow.yaml",
              "sender: mailflow@contoso.se\n"
                  + "servers:\n"
                  + "  - {id: MX01, host: mx01.contoso.se, relayHosts: [192.0.2.99]}\n"
                  + "  - {id: MX02, host: mx02.contoso.se}\n"
                  + "routes: [{source: MX02, target: MX01, recipient: probe@mx01.contoso.se}]\n"));
    }

    JsonNode summary = sampleReceipt(environment);

    assertThat(summary.get("UNEXPECTED_ORIGIN").asInt()).as(summary.toString()).isEqualTo(1);
  }

  /** The receive function's table and signing secret in moto, and the environment naming them. */
  private static Map<String, String> stack(MotoServer moto) {
    Map<String, String> environment = new HashMap<>(moto.environment());
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      String table = ResourceNames.unique("probes");
      MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(table));
      String secret = ResourceNames.unique("signing");
      aws.secretsManager().createSecret(r -> r.name(secret).secretString(Samples.SAMPLE_SECRET));
      environment.put(ReceiveSettings.PROBES_TABLE, table);
      environment.put(ReceiveSettings.SIGNING_SECRET, secret);
      environment.put(ReceiveSettings.MAIL_BUCKET, Samples.SAMPLE_BUCKET);
      environment.put(ReceiveSettings.MAIL_PREFIX, Samples.SAMPLE_PREFIX);
    }
    return environment;
  }

  /** The deployable jar, loaded alone with {@code environment}, answering the sample receipt. */
  private static JsonNode sampleReceipt(Map<String, String> environment) throws Exception {
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-receive.jar");
    try (ShadedJar function =
        ShadedJar.load(
            jar, "dev.mailflow.receive.ReceiveHandler", environment, Clock.systemUTC())) {
      return new ObjectMapper()
          .readTree(function.invoke(Samples.event("receive-ses-receipt.json")));
    }
  }
}
