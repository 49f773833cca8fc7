package dev.mailflow.evaluate;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar on its own, as Lambda loads it: the SDK modules it leaves out are not needed
 * to evaluate routes and publish.
 */
@ExtendWith(MotoServerExtension.class)
class ShadedJarIT {

  @Test
  void theJarAlone_evaluatesTheRoutesOfTheSampleEvent(MotoServer moto, @TempDir Path directory)
      throws Exception {
    Map<String, String> environment = stack(moto);
    Path config = directory.resolve("mailflow.yaml");
    Files.writeString(
        config,
        "sender: mailflow@contoso.se\n"
            + "servers: [{id: MX01, host: mx01.contoso.se}, {id: MX02, host: mx02.contoso.se}]\n"
            + "routes: [{source: MX02, target: MX01, recipient: probe@mx01.contoso.se}]\n");
    environment.put(EvaluateSettings.CONFIG_FILE, config.toString());

    JsonNode summary = scheduledRun(environment);

    assertThat(summary.at("/routes/0/route").asText()).isEqualTo("MX02-to-MX01");
    assertThat(summary.at("/routes/0/condition").asText()).isEqualTo("NO_DATA");
  }

  /** The deployable jar, loaded alone with {@code environment}, answering the sample event. */
  private static JsonNode scheduledRun(Map<String, String> environment) throws Exception {
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-evaluate.jar");
    try (ShadedJar function =
        ShadedJar.load(
            jar, "dev.mailflow.evaluate.EvaluateHandler", environment, Clock.systemUTC())) {
      return new ObjectMapper()
          .readTree(
              function.invoke(
                  Files.readAllBytes(EvaluateHandlerIT.sample("evaluate-scheduled.json"))));
    }
  }

  @Test
  void theJarAlone_readsItsConfigurationFromAnS3Object(MotoServer moto) throws Exception {
    Map<String, String> environment = stack(moto);
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      environment.put(
          EvaluateSettings.CONFIG_OBJECT,
          S3Buckets.withObject(
              aws.s3(),
              moto.region(),
              "mailflow/configuration.yaml",
              "sender: mailflow@contoso.se\n"
                  + "servers: [{id: MX01, host: mx01.contoso.se}, {id: MX02, host: mx02.contoso.se}]\n"
                  + "routes: [{source: MX01, target: MX02, recipient: probe@mx02.contoso.se}]\n"));
    }

    assertThat(scheduledRun(environment).at("/routes/0/route").asText()).isEqualTo("MX01-to-MX02");
  }

  @Test
  void theJarAlone_handsShardsToTheQueue_andJudgesTheSampleShardEvent(
      MotoServer moto, @TempDir Path directory) throws Exception {
    Map<String, String> environment = stack(moto);
    String queueUrl;
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      queueUrl = aws.sqs().createQueue(r -> r.queueName(ResourceNames.unique("shards"))).queueUrl();
    }
    Path config = directory.resolve("mailflow.yaml");
    Files.writeString(
        config,
        "sender: mailflow@contoso.se\n"
            + "servers: [{id: MX01, host: mx01.contoso.se}, {id: MX02, host: mx02.contoso.se}]\n"
            + "routes: [{source: MX01, target: MX02, recipient: probe@mx02.contoso.se},"
            + " {source: MX02, target: MX01, recipient: probe@mx01.contoso.se}]\n");
    environment.put(EvaluateSettings.CONFIG_FILE, config.toString());
    environment.put(EvaluateSettings.SHARD_QUEUE_URL, queueUrl);
    environment.put(EvaluateSettings.SHARD_SIZE, "1");
    Path jar = Path.of(System.getProperty("basedir", ".")).resolve("target/mailflow-evaluate.jar");

    try (ShadedJar function =
        ShadedJar.load(
            jar, "dev.mailflow.evaluate.EvaluateHandler", environment, Clock.systemUTC())) {
      ObjectMapper json = new ObjectMapper();
      JsonNode opened =
          json.readTree(
              function.invoke(
                  Files.readAllBytes(EvaluateHandlerIT.sample("evaluate-scheduled.json"))));
      JsonNode shard =
          json.readTree(
              function.invoke(Files.readAllBytes(EvaluateHandlerIT.sample("evaluate-shard.json"))));

      assertThat(opened.get("routes")).isEmpty();
      assertThat(shard.get("batchItemFailures")).isEmpty();
    }
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      assertThat(
              aws.sqs()
                  .getQueueAttributes(
                      r ->
                          r.queueUrl(queueUrl)
                              .attributeNamesWithStrings("ApproximateNumberOfMessages"))
                  .attributesAsStrings()
                  .get("ApproximateNumberOfMessages"))
          .isEqualTo("2");
    }
  }

  /** The evaluate function's tables and topic in moto, and the environment that names them. */
  private static Map<String, String> stack(MotoServer moto) {
    Map<String, String> environment = new HashMap<>(moto.environment());
    try (AwsClients aws = AwsClients.forEnvironment(environment)) {
      String probes = ResourceNames.unique("probes");
      String states = ResourceNames.unique("states");
      String windows = ResourceNames.unique("windows");
      MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(probes));
      MailflowTables.create(aws.dynamoDb(), MailflowTables.routeStates(states));
      MailflowTables.create(aws.dynamoDb(), MailflowTables.windows(windows));
      environment.put(EvaluateSettings.PROBES_TABLE, probes);
      environment.put(EvaluateSettings.STATE_TABLE, states);
      environment.put(EvaluateSettings.WINDOWS_TABLE, windows);
      environment.put(
          EvaluateSettings.ALERT_TOPIC_ARN,
          aws.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn());
    }
    return environment;
  }
}
