package dev.mailflow.infrastructure;

import static dev.mailflow.infrastructure.CloudFormationTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.aws.TableContracts;
import dev.mailflow.adapters.aws.TableContracts.KeySchema;
import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.receiving.VerdictScreen;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.receive.ReceiveSettings;
import dev.mailflow.send.SendSettings;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Holds infrastructure/template.yaml to the code it deploys: handlers, the variables each settings
 * record reads, the AWS calls each function's adapters make, the key schemas the adapters use, the
 * signing secret's JSON, the Makefile that {@code sam build} runs, and the metrics the dashboard
 * shows. A name changed on one side only fails here, not on the first deployment.
 */
class TemplateContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPOSITORY =
      Path.of(System.getProperty("mailflow.repository", "..")).toAbsolutePath().normalize();
  private static final CloudFormationTemplate TEMPLATE =
      CloudFormationTemplate.read(
          Path.of(System.getProperty("mailflow.template", "template.yaml")));

  /** What each function's code needs from the template. */
  record FunctionContract(
      String logicalId,
      String module,
      Set<String> variables,
      Function<Map<String, String>, ?> settings,
      Map<String, Set<String>> grants) {
    @Override
    public String toString() {
      return logicalId;
    }
  }

  static Stream<FunctionContract> functions() {
    return Stream.of(
        new FunctionContract(
            "SendFunction",
            "send",
            SendSettings.VARIABLES,
            SendSettings::fromEnvironment,
            Map.of(
                // DynamoDbProbeStore: claimSendSlot and recordSubmission are UpdateItems; when a
                // route is due follows from the clock, so the function reads nothing.
                "ProbesTable", Set.of("dynamodb:UpdateItem"),
                // SsmParameterDocument: GetParameter (a String parameter: no key to decrypt).
                "ConfigParameter", Set.of("ssm:GetParameter"),
                // S3ObjectDocument, when the document is an S3 object.
                "ConfigObject", Set.of("s3:GetObject"),
                // SecretsManagerSecrets: the signing key, and the SMTP credentials under a prefix.
                "SigningSecret", Set.of("secretsmanager:GetSecretValue"),
                "SmtpSecretPrefix", Set.of("secretsmanager:GetSecretValue"),
                // SesProbeSubmitter: SES v2 SendEmail with raw content, as the sender
                // identities only, in the configuration set when one is named.
                "ses:identity/${Identity}", Set.of("ses:SendEmail", "ses:SendRawEmail"),
                "SesConfigurationSet", Set.of("ses:SendEmail", "ses:SendRawEmail"))),
        new FunctionContract(
            "ReceiveFunction",
            "receive",
            ReceiveSettings.VARIABLES,
            ReceiveSettings::fromEnvironment,
            Map.of(
                // DynamoDbProbeStore.recordArrival: one conditional UpdateItem.
                "ProbesTable", Set.of("dynamodb:UpdateItem"),
                // S3RawMailSource: HeadObject and GetObject, both s3:GetObject.
                "InboundMailBucket", Set.of("s3:GetObject"),
                // SsmParameterDocument or S3ObjectDocument: the servers' expected origins.
                "ConfigParameter", Set.of("ssm:GetParameter"),
                "ConfigObject", Set.of("s3:GetObject"),
                "SigningSecret", Set.of("secretsmanager:GetSecretValue"))),
        new FunctionContract(
            "EvaluateFunction",
            "evaluate",
            EvaluateSettings.VARIABLES,
            EvaluateSettings::fromEnvironment,
            // SqsShardQueue: SendMessageBatch, authorised as SendMessage.
            evaluateGrants("ShardQueue", Set.of("sqs:SendMessage"))),
        new FunctionContract(
            "EvaluateShardsFunction",
            "evaluate",
            EvaluateSettings.VARIABLES,
            EvaluateSettings::fromEnvironment,
            // The SQS event source polls with the function's role; the function sends none.
            evaluateGrants(
                "ShardQueue",
                Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"))));
  }

  /**
   * What the evaluate code calls, in the scheduled function and the shard function alike, and what
   * one of them calls on the shard queue.
   */
  private static Map<String, Set<String>> evaluateGrants(String queue, Set<String> queueActions) {
    return Map.of(
        "ProbesTable",
        Set.of("dynamodb:Query"),
        // DynamoDbRouteStateStore (GetItem, PutItem), DynamoDbNoticeLedger (PutItem, UpdateItem,
        // DeleteItem), DynamoDbRoundBoard (PutItem, UpdateItem, GetItem).
        "StateTable",
        Set.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"),
        // DynamoDbMaintenanceWindowSource: one Scan per run.
        "WindowsTable",
        Set.of("dynamodb:Scan"),
        // SnsAlertPublisher, to a topic encrypted with the stack's key.
        "AlertTopic",
        Set.of("sns:Publish"),
        "AlertKey",
        Set.of("kms:Decrypt", "kms:GenerateDataKey"),
        "ConfigParameter",
        Set.of("ssm:GetParameter"),
        "ConfigObject",
        Set.of("s3:GetObject"),
        queue,
        queueActions);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void handler_isARequestStreamHandlerLambdaCanConstruct(FunctionContract function)
      throws ReflectiveOperationException {
    Map<String, Object> properties = TEMPLATE.properties(function.logicalId());

    Class<?> handler = Class.forName((String) properties.get("Handler"));

    assertThat(RequestStreamHandler.class).isAssignableFrom(handler);
    assertThat(Modifier.isPublic(handler.getConstructor().getModifiers())).isTrue();
    assertThat(handler.getPackageName()).isEqualTo("dev.mailflow." + function.module());
  }

  @ParameterizedTest
  @MethodSource("functions")
  void environment_setsOnlyVariablesTheSettingsRead(FunctionContract function) {
    Map<String, Object> variables = variables(function.logicalId());

    assertThat(function.variables()).containsAll(variables.keySet());
    // A deployed function reads its configuration from the parameter (or an S3 object, when the
    // ConfigObject parameter names one), never from a file.
    if (function.variables().contains(EvaluateSettings.CONFIG_PARAMETER)) {
      assertThat(variables).containsKey(EvaluateSettings.CONFIG_PARAMETER);
    }
    assertThat(variables).doesNotContainKey(EvaluateSettings.CONFIG_FILE);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void configObject_replacesTheParameter_andIsTheOnlyObjectOfItsBucketGranted(
      FunctionContract function) {
    Map<String, String> parameters = new HashMap<>(TEMPLATE.parameterDefaults());
    assertThat(environment(function.logicalId(), parameters))
        .containsKey(EvaluateSettings.CONFIG_PARAMETER)
        .doesNotContainKey(EvaluateSettings.CONFIG_OBJECT);

    parameters.put("ConfigObject", "s3://mailflow-config/team/mailflow.yaml");
    Map<String, String> environment = environment(function.logicalId(), parameters);

    assertThat(environment)
        .containsEntry(EvaluateSettings.CONFIG_OBJECT, "s3://mailflow-config/team/mailflow.yaml")
        .doesNotContainKey(EvaluateSettings.CONFIG_PARAMETER);
    assertThat(resolvedResources(function.logicalId(), parameters))
        .contains("arn:aws:s3:::mailflow-config/team/mailflow.yaml")
        .noneMatch(resource -> resource.startsWith("arn:aws:s3:::mailflow-config/*"));
  }

  @ParameterizedTest
  @MethodSource("functions")
  void environment_isAcceptedByTheSettings_withDefaultsAndWithEveryOptionSet(
      FunctionContract function) {
    Map<String, String> defaults = TEMPLATE.parameterDefaults();
    Map<String, String> everything = new HashMap<>(defaults);
    everything.put("AlertTimeZone", "Europe/Stockholm");
    everything.put("SesConfigurationSet", "mailflow-probes");
    everything.put("AlertEmail", "mail-team@contoso.com");
    everything.put("RefusedVerdicts", "spam,virus,spf,dkim,dmarc");
    everything.put("ConfigObject", "s3://mailflow-config/team/mailflow.yaml");

    for (Map<String, String> parameters : List.of(defaults, everything)) {
      Map<String, String> environment = environment(function.logicalId(), parameters);
      assertThatCode(() -> function.settings().apply(environment))
          .as("%s settings from %s", function, environment)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void evaluate_timeoutIsShorterThanThePublishingLease() {
    for (String function : List.of("EvaluateFunction", "EvaluateShardsFunction")) {
      EvaluateSettings settings =
          EvaluateSettings.fromEnvironment(environment(function, TEMPLATE.parameterDefaults()));

      assertThat(Duration.ofSeconds(timeout(function)))
          .as(function)
          .isLessThan(settings.publishingLease());
    }
  }

  @Test
  void shardQueue_hidesAShardLongerThanSixShardTimeouts_andGivesUpAfterThreeDeliveries() {
    Map<String, Object> queue = TEMPLATE.properties("ShardQueue");

    assertThat(((Number) queue.get("VisibilityTimeout")).intValue())
        .isGreaterThanOrEqualTo(6 * timeout("EvaluateShardsFunction"));
    assertThat(map(queue.get("RedrivePolicy")))
        .containsEntry("maxReceiveCount", 3)
        .containsEntry("deadLetterTargetArn", Map.of("Fn::GetAtt", List.of("FailureQueue", "Arn")));
  }

  @ParameterizedTest
  @MethodSource("functions")
  void policies_grantExactlyTheCallsTheAdaptersMake(FunctionContract function) {
    assertThat(grants(function.logicalId())).isEqualTo(new TreeMap<>(function.grants()));
  }

  @Test
  void receive_reservesItsConcurrency_unlessConcurrencyIsNotLimitedOrTheReservationIsZero() {
    Map<String, String> defaults = TEMPLATE.parameterDefaults();
    Map<String, String> unlimited = new HashMap<>(defaults);
    unlimited.put("LimitConcurrency", "false");
    Map<String, String> zero = new HashMap<>(defaults);
    zero.put("ReceiveConcurrency", "0");
    Object reservation = TEMPLATE.properties("ReceiveFunction").get("ReservedConcurrentExecutions");

    assertThat(resolve(reservation, defaults)).isEqualTo("5");
    assertThat(resolve(reservation, unlimited)).isSameAs(CloudFormationTemplate.NO_VALUE);
    assertThat(resolve(reservation, zero)).isSameAs(CloudFormationTemplate.NO_VALUE);
  }

  @Test
  void receive_refusesSpamAndVirusesByDefault() {
    ReceiveSettings settings =
        ReceiveSettings.fromEnvironment(
            environment("ReceiveFunction", TEMPLATE.parameterDefaults()));

    assertThat(settings.verdictScreen().refusing()).isEqualTo(VerdictScreen.defaults().refusing());
  }

  @Test
  void sesSending_isGrantedOnlyAsTheSenderIdentities_inTheConfigurationSet() {
    Map<String, String> parameters = new HashMap<>(TEMPLATE.parameterDefaults());
    parameters.put("SenderIdentities", "contoso.com,probe@fabrikam.com");
    parameters.put("SesConfigurationSet", "mailflow-probes");

    assertThat(sesResources(parameters))
        .containsExactlyInAnyOrder(
            "arn:aws:ses:eu-west-1:123456789012:identity/contoso.com",
            "arn:aws:ses:eu-west-1:123456789012:identity/probe@fabrikam.com",
            "arn:aws:ses:eu-west-1:123456789012:configuration-set/mailflow-probes");
  }

  @Test
  void sesSending_coversFiveSenderIdentities_withoutAConfigurationSet() {
    Map<String, String> parameters = new HashMap<>(TEMPLATE.parameterDefaults());
    parameters.put("SenderIdentities", "a.example,b.example,c.example,d.example,e.example");

    assertThat(sesResources(parameters))
        .containsExactlyInAnyOrder(
            "arn:aws:ses:eu-west-1:123456789012:identity/a.example",
            "arn:aws:ses:eu-west-1:123456789012:identity/b.example",
            "arn:aws:ses:eu-west-1:123456789012:identity/c.example",
            "arn:aws:ses:eu-west-1:123456789012:identity/d.example",
            "arn:aws:ses:eu-west-1:123456789012:identity/e.example");
  }

  @Test
  void sesSending_isNotGrantedAtAll_byDefault() {
    assertThat(TEMPLATE.parameterDefaults()).containsEntry("SenderIdentities", "");

    assertThat(sesResources(TEMPLATE.parameterDefaults())).isEmpty();
  }

  /** Every resource a function's policies name, resolved with these parameters. */
  private static Set<String> resolvedResources(String function, Map<String, String> parameters) {
    Set<String> resources = new TreeSet<>();
    for (Object policy : (List<?>) TEMPLATE.properties(function).get("Policies")) {
      Map<String, Object> resolved = map(resolve(policy, parameters));
      for (Object statement : (List<?>) resolved.get("Statement")) {
        listOf(map(statement).get("Resource"))
            .forEach(resource -> resources.add(String.valueOf(resource)));
      }
    }
    return resources;
  }

  /** The distinct resources the send function may send SES mail as, with these parameters. */
  private static Set<String> sesResources(Map<String, String> parameters) {
    Set<String> resources = new TreeSet<>();
    for (Object policy : (List<?>) TEMPLATE.properties("SendFunction").get("Policies")) {
      Map<String, Object> resolved = map(resolve(policy, parameters));
      for (Object statement : (List<?>) resolved.get("Statement")) {
        Map<String, Object> allowed = map(statement);
        if (listOf(allowed.get("Action")).contains("ses:SendEmail")) {
          listOf(allowed.get("Resource")).forEach(resource -> resources.add((String) resource));
        }
      }
    }
    return resources;
  }

  @ParameterizedTest
  @MethodSource("functions")
  void policies_coverEveryResourceTheEnvironmentNames(FunctionContract function) {
    Set<String> named = new TreeSet<>();
    for (Object value : variables(function.logicalId()).values()) {
      referencedResource(value)
          .filter(name -> TEMPLATE.section("Resources").containsKey(name))
          .ifPresent(named::add);
    }

    assertThat(named).isNotEmpty();

    assertThat(grants(function.logicalId()).keySet()).containsAll(named);
  }

  @Test
  void receive_cannotScanDeletePublishOrWrite() {
    Set<String> actions = new TreeSet<>();
    grants("ReceiveFunction").values().forEach(actions::addAll);

    assertThat(actions)
        .doesNotContain(
            "dynamodb:Scan",
            "dynamodb:Query",
            "dynamodb:DeleteItem",
            "dynamodb:PutItem",
            "sns:Publish",
            "s3:PutObject",
            "s3:DeleteObject");
  }

  @Test
  void tables_haveTheKeySchemasTheAdaptersUse() {
    assertThat(keySchema(tableOf("EvaluateFunction", "MAILFLOW_PROBES_TABLE")))
        .isEqualTo(TableContracts.probes());
    assertThat(keySchema(tableOf("EvaluateFunction", "MAILFLOW_STATE_TABLE")))
        .isEqualTo(TableContracts.states());
    assertThat(keySchema(tableOf("EvaluateFunction", "MAILFLOW_WINDOWS_TABLE")))
        .isEqualTo(TableContracts.windows());
    assertThat(tableOf("SendFunction", "MAILFLOW_PROBES_TABLE")).isEqualTo("ProbesTable");
    assertThat(tableOf("ReceiveFunction", "MAILFLOW_PROBES_TABLE")).isEqualTo("ProbesTable");
  }

  @Test
  void tables_areOnDemandEncryptedAndRecoverable() {
    for (String table : TEMPLATE.resourcesOfType("AWS::DynamoDB::Table")) {
      Map<String, Object> properties = TEMPLATE.properties(table);
      assertThat(properties.get("BillingMode")).as(table).isEqualTo("PAY_PER_REQUEST");
      assertThat(map(properties.get("SSESpecification")))
          .as(table)
          .containsEntry("SSEEnabled", true)
          .containsEntry("SSEType", "KMS");
      assertThat(map(properties.get("PointInTimeRecoverySpecification")))
          .as(table)
          .containsEntry("PointInTimeRecoveryEnabled", true);
    }
  }

  @Test
  void signingSecret_generatesTheJsonSecretsManagerSecretsReads() {
    Map<String, Object> generate =
        map(TEMPLATE.properties("SigningSecret").get("GenerateSecretString"));
    ObjectNode secret;
    try {
      secret = (ObjectNode) JSON.readTree((String) generate.get("SecretStringTemplate"));
    } catch (IOException e) {
      throw new AssertionError("SecretStringTemplate is not JSON", e);
    }
    int length = ((Number) generate.get("PasswordLength")).intValue();
    // Letters and digits only, as ExcludePunctuation makes it: the shortest key the template
    // allows stands in for the one Secrets Manager generates.
    secret.put(
        (String) generate.get("GenerateStringKey"), "aB3".repeat(length).substring(0, length));

    SigningKeys keys = signingKeysFrom(secret.toString());

    assertThat(generate).containsEntry("ExcludePunctuation", true);
    assertThat(secret.properties()).extracting(Map.Entry::getKey).containsOnly("keyId", "key");
    assertThat(keys.current().id()).isEqualTo(secret.get("keyId").asText());
  }

  @Test
  void initialConfiguration_isAValidDocumentThatProbesNothing() {
    String document = TEMPLATE.parameterDefaults().get("InitialConfiguration");

    MonitorConfiguration configuration =
        ConfigurationDocument.parse(document, "InitialConfiguration");

    assertThat(configuration.servers()).hasSize(1);
    assertThat(configuration.routes()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("functions")
  void samBuild_hasAMakefileTargetThatPackagesTheFunctionsShadedJar(FunctionContract function)
      throws IOException {
    Map<String, Object> resource = TEMPLATE.resource(function.logicalId());
    Map<String, Object> metadata = map(resource.get("Metadata"));
    String makefile =
        Files.readString(REPOSITORY.resolve("infrastructure/Makefile"), StandardCharsets.UTF_8);
    String modulePom =
        Files.readString(
            REPOSITORY.resolve("functions").resolve(function.module()).resolve("pom.xml"),
            StandardCharsets.UTF_8);

    assertThat(metadata).containsEntry("BuildMethod", "makefile");
    assertThat(TEMPLATE.properties(function.logicalId()).get("CodeUri"))
        .isEqualTo("../functions/" + function.module());
    assertThat(makefile)
        .contains(
            "build-"
                + function.logicalId()
                + ":\n\t$(call function-jar,"
                + function.module()
                + ")");
    // The Makefile copies functions/<module>/target/mailflow-<module>.jar.
    assertThat(makefile).contains("cp functions/$(1)/target/mailflow-$(1).jar");
    assertThat(modulePom).contains("<finalName>mailflow-" + function.module() + "</finalName>");
  }

  @Test
  void receiptRule_storesUnderThePrefixTheReceiveFunctionReads_thenInvokesIt() {
    Map<String, Object> rule = map(TEMPLATE.properties("ProbeReceiptRule").get("Rule"));
    List<?> actions = (List<?>) rule.get("Actions");
    Map<String, Object> s3 = map(map(actions.get(0)).get("S3Action"));
    Map<String, Object> lambda = map(map(actions.get(1)).get("LambdaAction"));

    assertThat(s3.get("ObjectKeyPrefix"))
        .isEqualTo(variables("ReceiveFunction").get("MAILFLOW_MAIL_PREFIX"));
    assertThat(s3.get("BucketName"))
        .isEqualTo(variables("ReceiveFunction").get("MAILFLOW_MAIL_BUCKET"));
    assertThat(lambda)
        .containsEntry("FunctionArn", Map.of("Ref", "ReceiveFunction.Alias"))
        .containsEntry("InvocationType", "Event");
  }

  @Test
  void everyQueue_refusesRequestsWithoutTls() {
    for (String queue : TEMPLATE.resourcesOfType("AWS::SQS::Queue")) {
      Map<String, Object> tlsOnly =
          TEMPLATE.resourcesOfType("AWS::SQS::QueuePolicy").stream()
              .map(TEMPLATE::properties)
              .filter(policy -> String.valueOf(policy.get("Queues")).contains(queue))
              .flatMap(
                  policy ->
                      ((List<?>) map(policy.get("PolicyDocument")).get("Statement"))
                          .stream().map(CloudFormationTemplate::map))
              .filter(statement -> "Deny".equals(statement.get("Effect")))
              .findFirst()
              .orElseThrow(() -> new AssertionError(queue + " has no policy denying plain HTTP"));

      assertThat(tlsOnly.get("Action")).as(queue).isEqualTo("sqs:*");
      assertThat(map(map(tlsOnly.get("Condition")).get("Bool")))
          .as(queue)
          .containsEntry("aws:SecureTransport", "false");
    }
  }

  @Test
  void alertKey_letsCloudWatchUseItOnlyForThisAccountsAlarms() {
    Map<String, String> parameters = TEMPLATE.parameterDefaults();
    Map<String, Object> forCloudWatch =
        ((List<?>) map(TEMPLATE.properties("AlertKey").get("KeyPolicy")).get("Statement"))
            .stream()
                .map(CloudFormationTemplate::map)
                .filter(statement -> "CloudWatchAlarmsPublish".equals(statement.get("Sid")))
                .findFirst()
                .orElseThrow();

    assertThat(
            resolve(
                map(map(forCloudWatch.get("Condition")).get("StringEquals"))
                    .get("aws:SourceAccount"),
                parameters))
        .isEqualTo("123456789012");
  }

  @Test
  void chatChannels_areMadeOnlyWhenTheirIdsAreGiven_andRelayTheAlertTopicWithoutPermissions() {
    Map<String, String> none = TEMPLATE.parameterDefaults();
    Map<String, String> slack = new LinkedHashMap<>(none);
    slack.put("SlackWorkspaceId", "T0123ABCD");
    slack.put("SlackChannelId", "C0123ABCD");
    Map<String, String> halfTeams = new LinkedHashMap<>(none);
    halfTeams.put("TeamsTenantId", "00000000-0000-0000-0000-000000000001");

    assertThat(TEMPLATE.condition("HasChatChannel", none)).isFalse();
    assertThat(TEMPLATE.condition("HasSlackChannel", slack)).isTrue();
    assertThat(TEMPLATE.condition("HasTeamsChannel", slack)).isFalse();
    assertThat(TEMPLATE.condition("HasChatChannel", halfTeams)).isFalse();
    for (String channel : List.of("SlackChannel", "TeamsChannel")) {
      Map<String, Object> properties = TEMPLATE.properties(channel);
      assertThat(properties.get("SnsTopicArns")).isEqualTo(List.of(Map.of("Ref", "AlertTopic")));
      assertThat(properties.get("GuardrailPolicies"))
          .isEqualTo(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"));
      assertThat(TEMPLATE.resource(channel).get("Condition")).isNotNull();
    }
    Map<String, Object> role = TEMPLATE.properties("ChatChannelRole");
    assertThat(role).doesNotContainKeys("Policies", "ManagedPolicyArns");
    assertThat(role.get("AssumeRolePolicyDocument").toString()).contains("chatbot.amazonaws.com");
  }

  @Test
  void sesGrants_nameThisStacksReceiptRule() {
    Map<String, String> parameters = TEMPLATE.parameterDefaults();
    Map<String, Object> rule = map(TEMPLATE.properties("ProbeReceiptRule").get("Rule"));
    String ruleArn =
        "arn:aws:ses:eu-west-1:123456789012:receipt-rule-set/"
            + resolve(TEMPLATE.properties("ReceiptRuleSet").get("RuleSetName"), parameters)
            + ":receipt-rule/"
            + resolve(rule.get("Name"), parameters);
    Map<String, Object> permission = TEMPLATE.properties("ReceiveFromSesPermission");
    Map<String, Object> bucketWrite =
        map(
            ((List<?>)
                    map(TEMPLATE.properties("InboundMailBucketPolicy").get("PolicyDocument"))
                        .get("Statement"))
                .get(0));
    Map<String, Object> conditions = map(map(bucketWrite.get("Condition")).get("StringEquals"));

    assertThat(resolve(permission.get("SourceArn"), parameters)).isEqualTo(ruleArn);
    assertThat(resolve(permission.get("SourceAccount"), parameters)).isEqualTo("123456789012");
    assertThat(resolve(conditions.get("aws:SourceArn"), parameters)).isEqualTo(ruleArn);
    assertThat(resolve(conditions.get("aws:SourceAccount"), parameters)).isEqualTo("123456789012");
    assertThat(resolve(bucketWrite.get("Resource"), parameters))
        .isEqualTo("arn:aws:s3:::inboundmailbucket/" + parameters.get("MailPrefix") + "*");
  }

  @Test
  void dashboard_showsTheMetricsTheDocsSayTheFunctionsWrite() throws IOException {
    String body =
        (String) map(TEMPLATE.properties("Dashboard").get("DashboardBody")).get("Fn::Sub");
    Set<String> shown = new TreeSet<>();
    Matcher search = Pattern.compile("MetricName=\\\\\"(\\w+)\\\\\"").matcher(body);
    while (search.find()) {
      shown.add(search.group(1));
    }
    Matcher plain = Pattern.compile("\\[\"Mailflow\", \"(\\w+)\"").matcher(body);
    while (plain.find()) {
      shown.add(plain.group(1));
    }
    String functions =
        Files.readString(REPOSITORY.resolve("docs/functions.md"), StandardCharsets.UTF_8);
    String fromMetrics = functions.substring(functions.indexOf("\n## Metrics\n"));
    String metrics = fromMetrics.substring(0, fromMetrics.indexOf("\n## ", 1));

    assertThat(shown)
        .contains(
            "DeliveryLatency", "LostProbes", "OpenIncidents", "SendFailures", "EvaluationTime");
    // The metrics table of docs/functions.md names each metric and the function that writes it.
    assertThat(shown).allSatisfy(metric -> assertThat(metrics).contains("`" + metric + "`"));
  }

  @Test
  void alarms_publishToTheAlertTopic_andAStoppedEvaluationIsAnAlarm() {
    for (String alarm : TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm")) {
      assertThat(TEMPLATE.properties(alarm).get("AlarmActions"))
          .as(alarm)
          .isEqualTo(List.of(Map.of("Ref", "AlertTopic")));
    }
    Map<String, Object> stopped = TEMPLATE.properties("EvaluateStoppedAlarm");
    assertThat(stopped)
        .containsEntry("MetricName", "Invocations")
        .containsEntry("TreatMissingData", "breaching");
    for (String function :
        List.of("SendFunction", "ReceiveFunction", "EvaluateFunction", "EvaluateShardsFunction")) {
      assertThat(TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm"))
          .anySatisfy(
              alarm ->
                  assertThat(TEMPLATE.properties(alarm))
                      .containsEntry("MetricName", "Errors")
                      .containsEntry(
                          "Dimensions",
                          List.of(
                              Map.of("Name", "FunctionName", "Value", Map.of("Ref", function)))));
    }
  }

  @Test
  void alarms_aProbeSentWithoutARecordIsAnAlarm() {
    // Its loss could not be seen by any evaluation: only the send function's count tells of it.
    assertThat(TEMPLATE.properties("UnrecordedProbesAlarm"))
        .containsEntry("Namespace", "Mailflow")
        .containsEntry("MetricName", "ProbesUnrecorded")
        .containsEntry("Statistic", "Sum")
        .containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold")
        .containsEntry("TreatMissingData", "notBreaching")
        .doesNotContainKey("Dimensions");
  }

  @Test
  void deployGuide_namesOnlyTheTemplatesParametersOutputsAndAlarms() throws IOException {
    String guide =
        Files.readString(REPOSITORY.resolve("docs/operating.md"), StandardCharsets.UTF_8);
    Set<String> outputs = new TreeSet<>();
    Matcher output = Pattern.compile("output ([A-Z]\\w+)").matcher(guide);
    while (output.find()) {
      outputs.add(output.group(1));
    }
    String parameterTable = guide.substring(guide.indexOf("| parameter | default |"));
    parameterTable = parameterTable.substring(0, parameterTable.indexOf("\n\n"));
    Set<String> parameters = new TreeSet<>();
    Matcher parameter = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(parameterTable);
    while (parameter.find()) {
      parameters.add(parameter.group(1));
    }
    Set<String> alarms = new TreeSet<>();
    Matcher alarm = Pattern.compile("(?m)^\\| `(\\w+Alarm)` \\|").matcher(guide);
    while (alarm.find()) {
      alarms.add(alarm.group(1));
    }

    assertThat(outputs).isNotEmpty();
    assertThat(TEMPLATE.section("Outputs").keySet()).containsAll(outputs);
    assertThat(parameters).isEqualTo(TEMPLATE.section("Parameters").keySet());
    assertThat(alarms).isEqualTo(new TreeSet<>(TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm")));
  }

  // ------------------------------------------------------------------ helpers

  private static Map<String, Object> variables(String function) {
    Map<String, Object> environment =
        map(
            TEMPLATE
                .properties(function)
                .getOrDefault("Environment", Map.of("Variables", Map.of())));
    return map(environment.get("Variables"));
  }

  /** The function's environment as Lambda would see it, resources named as CloudFormation does. */
  private static Map<String, String> environment(String function, Map<String, String> parameters) {
    Map<String, Object> resolved = map(resolve(variables(function), parameters));
    Map<String, String> environment = new LinkedHashMap<>();
    resolved.forEach((name, value) -> environment.put(name, String.valueOf(value)));
    return environment;
  }

  private static Object resolve(Object value, Map<String, String> parameters) {
    return TEMPLATE.resolve(value, parameters, TemplateContractTest::physicalName);
  }

  /** A stand-in for what CloudFormation returns for a Ref or a GetAtt, in the resource's form. */
  private static String physicalName(String reference, String type) {
    if (type.equals("Fn::GetAtt")) {
      String resource = reference.substring(0, reference.indexOf('.'));
      return switch (TEMPLATE.type(resource)) {
        case "AWS::S3::Bucket" -> "arn:aws:s3:::" + resource.toLowerCase(java.util.Locale.ROOT);
        default -> "arn:aws:stand-in:eu-west-1:123456789012:" + reference;
      };
    }
    return switch (type) {
      case "AWS::SNS::Topic" -> "arn:aws:sns:eu-west-1:123456789012:" + reference;
      case "AWS::SQS::Queue" -> "https://sqs.eu-west-1.amazonaws.com/123456789012/" + reference;
      case "AWS::SecretsManager::Secret" ->
          "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + reference + "-AbCdEf";
      case "AWS::S3::Bucket" -> reference.toLowerCase(java.util.Locale.ROOT);
      case "AWS::SSM::Parameter" ->
          (String) resolve(TEMPLATE.properties(reference).get("Name"), Map.of());
      default -> reference;
    };
  }

  private static int timeout(String function) {
    return ((Number) TEMPLATE.properties(function).get("Timeout")).intValue();
  }

  /** The table a function's variable names: the logical id its Ref points at. */
  private static String tableOf(String function, String variable) {
    String table = referencedResource(variables(function).get(variable)).orElseThrow();
    assertThat(TEMPLATE.type(table)).isEqualTo("AWS::DynamoDB::Table");
    return table;
  }

  private static KeySchema keySchema(String table) {
    Map<String, Object> properties = TEMPLATE.properties(table);
    String partition = null;
    String sort = null;
    for (Object key : (List<?>) properties.get("KeySchema")) {
      Map<String, Object> element = map(key);
      if ("HASH".equals(element.get("KeyType"))) {
        partition = (String) element.get("AttributeName");
      } else {
        sort = (String) element.get("AttributeName");
      }
    }
    Map<String, String> types = new HashMap<>();
    for (Object definition : (List<?>) properties.get("AttributeDefinitions")) {
      Map<String, Object> attribute = map(definition);
      types.put((String) attribute.get("AttributeName"), (String) attribute.get("AttributeType"));
    }
    // Every key the adapters write is a string, and only keys are defined.
    Set<String> keys = new TreeSet<>(sort == null ? Set.of(partition) : Set.of(partition, sort));
    assertThat(types.keySet()).as(table).isEqualTo(keys);
    assertThat(types.values()).as(table).containsOnly("S");
    Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
    assertThat(ttl).as(table).containsEntry("Enabled", true);
    return new KeySchema(partition, Optional.ofNullable(sort), (String) ttl.get("AttributeName"));
  }

  /**
   * Each resource (or parameter, or service resource) a function's policies grant, with actions.
   */
  private static Map<String, Set<String>> grants(String function) {
    Map<String, Set<String>> grants = new TreeMap<>();
    for (Object policy : (List<?>) TEMPLATE.properties(function).get("Policies")) {
      for (Object statement : (List<?>) map(policy).get("Statement")) {
        Map<String, Object> allowed = map(whenOn(statement));
        assertThat(allowed).as(function).containsEntry("Effect", "Allow");
        List<?> actions = listOf(allowed.get("Action"));
        for (Object resource : listOf(allowed.get("Resource"))) {
          resource = whenOn(resource);
          grants
              .computeIfAbsent(target(function, resource), key -> new TreeSet<>())
              .addAll(actions.stream().map(String::valueOf).toList());
        }
      }
    }
    return grants;
  }

  private static final Pattern SERVICE_ARN =
      Pattern.compile(
          "arn:\\$\\{AWS::Partition}:([a-z0-9-]+):\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:(.+)");

  private static final Pattern S3_OBJECT_ARN =
      Pattern.compile("arn:\\$\\{AWS::Partition}:s3:::\\$\\{(\\w+)}");

  /** The first parameter or resource a Ref anywhere inside {@code value} names. */
  private static Optional<String> firstRef(Object value) {
    if (value instanceof Map<?, ?> map) {
      if (map.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) {
        return Optional.of(ref);
      }
      for (Object inner : map.values()) {
        Optional<String> found = firstRef(inner);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    if (value instanceof List<?> list) {
      for (Object inner : list) {
        Optional<String> found = firstRef(inner);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String target(String function, Object resource) {
    assertThat(resource).as("%s grants on every resource", function).isNotEqualTo("*");
    Optional<String> referenced = referencedResource(resource);
    if (referenced.isPresent()) {
      return referenced.get();
    }
    Object sub = map(resource).get("Fn::Sub");
    // The text of !Sub [text, variables], whose variables say what the ${Name}s stand for.
    String text = (String) (sub instanceof List<?> withVariables ? withVariables.get(0) : sub);
    Matcher object = S3_OBJECT_ARN.matcher(text);
    if (object.matches() && sub instanceof List<?> withVariables) {
      // An object named by a parameter: the parameter the variable is made from.
      Object variable = map(withVariables.get(1)).get(object.group(1));
      Optional<String> parameter = firstRef(variable);
      assertThat(parameter).as("%s: %s", function, resource).isPresent();
      return parameter.get();
    }
    Matcher arn = SERVICE_ARN.matcher(text);
    assertThat(arn.matches()).as("%s: %s", function, resource).isTrue();
    assertThat(arn.group(2)).as(function).isNotEqualTo("*");
    return arn.group(1) + ":" + arn.group(2);
  }

  /** The value an option turns on: the first branch of a {@code Fn::If}, or the value itself. */
  private static Object whenOn(Object value) {
    if (value instanceof Map<?, ?> map && map.get("Fn::If") instanceof List<?> branches) {
      return branches.get(1);
    }
    return value;
  }

  /** The template resource or parameter a value refers to first, if any. */
  private static Optional<String> referencedResource(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      return Optional.empty();
    }
    Map<String, Object> map = map(value);
    if (map.get("Ref") instanceof String ref && !ref.startsWith("AWS::")) {
      return Optional.of(ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref);
    }
    if (map.get("Fn::GetAtt") instanceof List<?> target) {
      return Optional.of((String) target.get(0));
    }
    if (map.get("Fn::Sub") instanceof String text) {
      return CloudFormationTemplate.subReferences(text).stream().findFirst();
    }
    return Optional.empty();
  }

  private static List<?> listOf(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  private static SigningKeys signingKeysFrom(String secretString) {
    SecretsManagerClient client =
        new SecretsManagerClient() {
          @Override
          public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            return GetSecretValueResponse.builder().secretString(secretString).build();
          }

          @Override
          public String serviceName() {
            return "secretsmanager";
          }

          @Override
          public void close() {}
        };
    return new SecretsManagerSecrets(client, Clock.systemUTC(), Duration.ZERO)
        .signingKeys("SigningSecret");
  }
}
