package dev.mailflow.local.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.receive.ReceiveSettings;
import dev.mailflow.send.SendSettings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The AWS side of a deployed Mailflow stack, created on the emulator for one run: the probe, route
 * state and maintenance window tables, the alert topic with an SQS queue subscribed to it (raw
 * delivery, as a machine subscriber would), the inbound mail bucket, the configuration parameter
 * and the signing secret; and the environment each function gets, as the template would set it.
 *
 * <p>Every name is new ({@link ResourceNames}), so runs sharing one emulator never meet.
 */
final class EmulatedStack {
  /** Where the receipt rule's S3 action puts inbound mail: the prefix, then the message id. */
  static final String MAIL_PREFIX = "inbound/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY_ID = "local-1";

  /** How long the send function waits to connect and for each SMTP reply. */
  static final String SMTP_TIMEOUT = "2s";

  private final AwsClients aws;
  private final Map<String, String> awsEnvironment;
  private final String probesTable;
  private final String stateTable;
  private final String windowsTable;
  private final String topicName;
  private final String topicArn;
  private final SubscriberQueue subscriber;

  /**
   * The subscriber's filter policy, as a team that reads incidents only would set it: maintenance
   * notices and heartbeats left out; {@code null} for every notice.
   */
  private final String subscriberFilter;

  static final String WITHOUT_BULLETINS =
      "{\"event_type\": [{\"anything-but\": [\"MAINTENANCE\", \"HEARTBEAT\"]}]}";
  private final String bucket;
  private final String configParameter;
  private final String signingSecret;
  private final String signingKey = newSigningKey();
  private final String receiveFunctionArn;
  private final ZoneId alertZone;
  private final Optional<Duration> replayWindow;
  private final OptionalInt shardSize;
  private final Optional<String> shardQueueUrl;

  private EmulatedStack(
      AwsClients aws,
      Map<String, String> awsEnvironment,
      String configurationDocument,
      ZoneId alertZone,
      Optional<Duration> replayWindow,
      boolean bulletins,
      OptionalInt shardSize) {
    this.aws = aws;
    this.subscriberFilter = bulletins ? null : WITHOUT_BULLETINS;
    this.awsEnvironment = Map.copyOf(awsEnvironment);
    this.alertZone = alertZone;
    this.replayWindow = replayWindow;
    probesTable = ResourceNames.unique("probes");
    stateTable = ResourceNames.unique("states");
    windowsTable = ResourceNames.unique("windows");
    MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(probesTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.routeStates(stateTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.windows(windowsTable));
    topicName = ResourceNames.unique("alerts");
    topicArn = aws.sns().createTopic(r -> r.name(topicName)).topicArn();
    subscriber =
        SubscriberQueue.create(aws.sqs(), ResourceNames.unique("subscriber"))
            .subscribeTo(aws.sns(), topicArn, true, subscriberFilter);
    bucket = ResourceNames.unique("inbound-mail");
    String region = awsEnvironment.getOrDefault("AWS_REGION", "eu-west-1");
    S3Buckets.create(aws.s3(), bucket, region);
    configParameter = "/" + ResourceNames.unique("mailflow") + "/configuration";
    aws.ssm()
        .putParameter(
            r -> r.name(configParameter).type(ParameterType.STRING).value(configurationDocument));
    signingSecret = ResourceNames.unique("signing");
    aws.secretsManager().createSecret(r -> r.name(signingSecret).secretString(secret(signingKey)));
    receiveFunctionArn =
        "arn:aws:lambda:" + region + ":123456789012:function:mailflow-receive-local";
    this.shardSize = shardSize;
    shardQueueUrl =
        shardSize.isPresent()
            ? Optional.of(
                aws.sqs().createQueue(r -> r.queueName(ResourceNames.unique("shards"))).queueUrl())
            : Optional.empty();
  }

  /**
   * Creates the stack's resources on the emulator that {@code awsEnvironment} points at.
   *
   * @param awsEnvironment the standard AWS variables: endpoint, region, credentials
   * @param configurationDocument the configuration document, stored as the parameter
   * @param alertZone the zone alert texts show local times in
   * @param replayWindow the receive function's replay window; empty for its default
   */
  static EmulatedStack create(
      Map<String, String> awsEnvironment,
      String configurationDocument,
      ZoneId alertZone,
      Optional<Duration> replayWindow) {
    return create(awsEnvironment, configurationDocument, alertZone, replayWindow, false);
  }

  /**
   * @param bulletins true when the subscriber takes maintenance notices and heartbeats too; false
   *     when its subscription filters them away
   */
  static EmulatedStack create(
      Map<String, String> awsEnvironment,
      String configurationDocument,
      ZoneId alertZone,
      Optional<Duration> replayWindow,
      boolean bulletins) {
    return create(
        awsEnvironment,
        configurationDocument,
        alertZone,
        replayWindow,
        bulletins,
        OptionalInt.empty());
  }

  /**
   * @param shardSize the evaluate function's shard size, with a shard queue created for it and both
   *     set in its environment, as the template sets them: a configuration of more routes is judged
   *     in shards, handed to the queue; empty for no shard queue, every round judged in one
   *     invocation
   */
  static EmulatedStack create(
      Map<String, String> awsEnvironment,
      String configurationDocument,
      ZoneId alertZone,
      Optional<Duration> replayWindow,
      boolean bulletins,
      OptionalInt shardSize) {
    Objects.requireNonNull(configurationDocument, "configurationDocument");
    return new EmulatedStack(
        AwsClients.forEnvironment(awsEnvironment),
        awsEnvironment,
        configurationDocument,
        alertZone,
        Objects.requireNonNull(replayWindow, "replayWindow"),
        bulletins,
        Objects.requireNonNull(shardSize, "shardSize"));
  }

  AwsClients aws() {
    return aws;
  }

  String probesTable() {
    return probesTable;
  }

  String windowsTable() {
    return windowsTable;
  }

  SubscriberQueue subscriber() {
    return subscriber;
  }

  String bucket() {
    return bucket;
  }

  String signingSecret() {
    return signingSecret;
  }

  String receiveFunctionArn() {
    return receiveFunctionArn;
  }

  /** The queue the evaluate function hands a round's shards to; empty when it has none. */
  Optional<String> shardQueueUrl() {
    return shardQueueUrl;
  }

  /**
   * Stores a mail SES took as the receipt rule's S3 action does: in the inbound bucket, under the
   * prefix and SES's message id, where the receive function reads it.
   */
  void storeInboundMail(String messageId, byte[] content) {
    aws.s3()
        .putObject(
            r -> r.bucket(bucket).key(MAIL_PREFIX + messageId), RequestBody.fromBytes(content));
  }

  /** The send function's environment, as the template sets it. */
  Map<String, String> sendEnvironment() {
    Map<String, String> environment = new HashMap<>(awsEnvironment);
    environment.put(SendSettings.PROBES_TABLE, probesTable);
    environment.put(SendSettings.CONFIG_PARAMETER, configParameter);
    environment.put(SendSettings.SIGNING_SECRET, signingSecret);
    // Loopback answers at once or not at all, and the simulated clock stands still while the send
    // function waits: a server that never answers (hangSubmission) costs this much wall time per
    // round, not the 30 seconds of the function's default.
    environment.put(SendSettings.CONNECT_TIMEOUT, SMTP_TIMEOUT);
    environment.put(SendSettings.READ_TIMEOUT, SMTP_TIMEOUT);
    return environment;
  }

  /** The receive function's environment, as the template sets it. */
  Map<String, String> receiveEnvironment() {
    Map<String, String> environment = new HashMap<>(awsEnvironment);
    environment.put(ReceiveSettings.PROBES_TABLE, probesTable);
    environment.put(ReceiveSettings.SIGNING_SECRET, signingSecret);
    environment.put(ReceiveSettings.MAIL_BUCKET, bucket);
    environment.put(ReceiveSettings.MAIL_PREFIX, MAIL_PREFIX);
    // As the template sets it: the servers' relay hosts and DKIM domains come from the document.
    environment.put(ReceiveSettings.CONFIG_PARAMETER, configParameter);
    replayWindow.ifPresent(
        window -> environment.put(ReceiveSettings.PROBE_MAX_AGE, window.toString()));
    return environment;
  }

  /** The evaluate function's environment. */
  Map<String, String> evaluateEnvironment() {
    Map<String, String> environment = new HashMap<>(awsEnvironment);
    environment.put(EvaluateSettings.PROBES_TABLE, probesTable);
    environment.put(EvaluateSettings.STATE_TABLE, stateTable);
    environment.put(EvaluateSettings.WINDOWS_TABLE, windowsTable);
    environment.put(EvaluateSettings.ALERT_TOPIC_ARN, topicArn);
    environment.put(EvaluateSettings.CONFIG_PARAMETER, configParameter);
    environment.put(EvaluateSettings.ALERT_TIME_ZONE, alertZone.getId());
    shardQueueUrl.ifPresent(url -> environment.put(EvaluateSettings.SHARD_QUEUE_URL, url));
    shardSize.ifPresent(
        size -> environment.put(EvaluateSettings.SHARD_SIZE, Integer.toString(size)));
    return environment;
  }

  /**
   * Takes the alert topic away: it is deleted with its subscriptions, so every publish to its ARN
   * fails, as it would after a mistaken clean-up.
   */
  void deleteTopic() {
    aws.sns().deleteTopic(r -> r.topicArn(topicArn));
  }

  /**
   * Brings the alert topic back: created again under its name, which gives it the ARN the evaluate
   * function is configured with, and the subscriber's queue subscribed again.
   *
   * @throws IllegalStateException when the emulator gives the topic another ARN: the evaluate
   *     function would publish into nothing
   */
  void recreateTopic() {
    String arn = aws.sns().createTopic(r -> r.name(topicName)).topicArn();
    if (!arn.equals(topicArn)) {
      throw new IllegalStateException(
          "the alert topic came back as " + arn + ", not as " + topicArn);
    }
    subscriber.subscribeTo(aws.sns(), topicArn, true, subscriberFilter);
  }

  /**
   * A signer with the stack's signing key: the simulation reads the probe token of an arriving mail
   * with it, to tell which probe it is.
   */
  ProbeTokenSigner signer() {
    return new ProbeTokenSigner(
        SigningKeys.of(new SigningKey(KEY_ID, signingKey.getBytes(StandardCharsets.UTF_8))));
  }

  /** A key of 32 random bytes, written as text: the secret holds text. */
  private static String newSigningKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static String secret(String key) {
    ObjectNode secret = JSON.createObjectNode();
    secret.put("keyId", KEY_ID);
    secret.put("key", key);
    return secret.toString();
  }
}
