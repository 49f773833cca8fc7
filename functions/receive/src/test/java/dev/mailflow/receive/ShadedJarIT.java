package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
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
}
