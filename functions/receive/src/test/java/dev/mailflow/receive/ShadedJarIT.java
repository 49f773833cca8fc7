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
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The deployable jar on its own, as Lambda loads it: the SDK modules it leaves out are not needed
 * to receive the sample SES event.
 */
@ExtendWith(MotoServerExtension.class)
class ShadedJarIT {

  @Test
  void theJarAlone_recordsTheSampleSesReceipt(MotoServer moto) throws Exception {
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
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-receive.jar");

    try (ShadedJar function =
        ShadedJar.load(
            jar, "dev.mailflow.receive.ReceiveHandler", environment, Clock.systemUTC())) {
      JsonNode summary =
          new ObjectMapper().readTree(function.invoke(Samples.event("receive-ses-receipt.json")));

      assertThat(summary.get("RECORDED").asInt()).isEqualTo(1);
    }
  }

  @Test
  void theJarAlone_checksTheSampleProbesOriginAgainstAConfigurationInAnS3Object(MotoServer moto)
      throws Exception {
    Map<String, String> environment = new HashMap<>(moto.environment());
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      String table = ResourceNames.unique("probes");
      MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(table));
      String secret = ResourceNames.unique("signing");
      aws.secretsManager().createSecret(r -> r.name(secret).secretString(Samples.SAMPLE_SECRET));
      String bucket = ResourceNames.unique("config");
      S3Buckets.create(aws.s3(), bucket, moto.region());
      // The sample probe's route ends at MX01, whose forwarded mail is said to come from a host
      // the sample's mail never passed: only a function that read this document refuses it.
      aws.s3()
          .putObject(
              r -> r.bucket(bucket).key("mailflow.yaml"),
              RequestBody.fromString(
                  "sender: mailflow@contoso.se\n"
                      + "servers:\n"
                      + "  - {id: MX01, host: mx01.contoso.se, relayHosts: [192.0.2.99]}\n"
                      + "  - {id: MX02, host: mx02.contoso.se}\n"
                      + "routes: [{source: MX02, target: MX01, recipient: probe@mx01.contoso.se}]\n"));
      environment.put(ReceiveSettings.PROBES_TABLE, table);
      environment.put(ReceiveSettings.SIGNING_SECRET, secret);
      environment.put(ReceiveSettings.MAIL_BUCKET, Samples.SAMPLE_BUCKET);
      environment.put(ReceiveSettings.MAIL_PREFIX, Samples.SAMPLE_PREFIX);
      environment.put(ReceiveSettings.CONFIG_OBJECT, "s3://" + bucket + "/mailflow.yaml");
    }
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-receive.jar");

    try (ShadedJar function =
        ShadedJar.load(
            jar, "dev.mailflow.receive.ReceiveHandler", environment, Clock.systemUTC())) {
      JsonNode summary =
          new ObjectMapper().readTree(function.invoke(Samples.event("receive-ses-receipt.json")));

      assertThat(summary.get("UNEXPECTED_ORIGIN").asInt()).as(summary.toString()).isEqualTo(1);
    }
  }
}
