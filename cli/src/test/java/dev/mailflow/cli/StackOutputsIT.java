package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.testsupport.MotoServerExtension;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * {@code --stack NAME} against a plain CloudFormation stack in the moto server: moto runs no SAM
 * transform, so the stack holds the window table and the outputs the Mailflow template declares,
 * nothing else.
 */
@ExtendWith(MotoServerExtension.class)
class StackOutputsIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T19:30:00Z"), ZoneOffset.UTC);

  private static AwsClients aws;
  private static Map<String, String> environment;
  private static String stack;
  private static String windowsTable;
  private static URI endpoint;

  @BeforeAll
  static void createTheStack(MotoServer moto) {
    aws = AwsClients.forEnvironment(moto.environment());
    environment = new HashMap<>(moto.environment());
    stack = ResourceNames.unique("mailflow");
    windowsTable = ResourceNames.unique("windows");
    String parameter = "/" + ResourceNames.unique("mailflow") + "/configuration";
    String template =
        """
        {
          "Resources": {
            "Windows": {
              "Type": "AWS::DynamoDB::Table",
              "Properties": {
                "TableName": "%s",
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "windowId", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "windowId", "KeyType": "HASH"}]
              }
            }
          },
          "Outputs": {
            "WindowsTableName": {"Value": {"Ref": "Windows"}},
            "ProbesTableName": {"Value": "probes-of-the-stack"},
            "ConfigParameterName": {"Value": "%s"}
          }
        }
        """
            .formatted(windowsTable, parameter);
    aws.ssm()
        .putParameter(
            request -> request.name(parameter).type("String").value(StackTables.CONFIGURATION));
    endpoint = URI.create(moto.endpoint().toString());
    createStack(stack, template);
  }

  private static void createStack(String name, String template) {
    try (CloudFormationClient cloudFormation =
        CloudFormationClient.builder()
            .region(aws.region())
            .credentialsProvider(aws.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(endpoint)
            .build()) {
      cloudFormation.createStack(request -> request.stackName(name).templateBody(template));
    }
  }

  @AfterAll
  static void closeClients() {
    aws.close();
  }

  @Test
  void stack_namesTheWindowTableFromItsOutputs() {
    CommandRun start =
        run(
            "--stack",
            stack,
            "maintenance",
            "start",
            "server:MX01",
            "--for",
            "1h",
            "--reason",
            "x");
    CommandRun unknown =
        run(
            "--stack",
            stack,
            "maintenance",
            "start",
            "server:MX03",
            "--for",
            "1h",
            "--reason",
            "x");
    CommandRun list = run("maintenance", "list", "--stack", stack);

    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(list.out()).contains("mx01-20261201-1930  server:MX01  active");
    assertThat(unknown.err()).contains("the configuration has no server MX03");
    assertThat(aws.dynamoDb().scan(request -> request.tableName(windowsTable)).count())
        .isEqualTo(1);
  }

  @Test
  void stack_thatDoesNotExist_exitsTwo() {
    CommandRun run = run("--stack", "no-such-stack", "maintenance", "list");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "mailflow: there is no stack no-such-stack in this account and region"
                + System.lineSeparator());
  }

  @Test
  void stack_withoutTheOutput_exitsTwoNamingIt() {
    CommandRun run = run("--stack", stack, "status");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("stack " + stack + " has no output StateTableName");
  }

  @Test
  void aConfigurationThatCannotBeRead_exitsWithOneLine() {
    CommandRun parameter = run("--config-parameter", "/no/such/parameter", "status");
    CommandRun file = run("--config-file", "/no/such/mailflow.yaml", "status");

    assertThat(parameter.exitCode()).isEqualTo(Mailflow.AWS_FAILURE);
    assertThat(parameter.err())
        .startsWith("mailflow: SSM parameter /no/such/parameter")
        .hasLineCount(1);
    assertThat(file.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(file.err()).startsWith("mailflow: file /no/such/mailflow.yaml").hasLineCount(1);
  }

  @Test
  void aConfigurationInAnS3Object_isReadByOptionByVariable_andFromTheStacksOutput(MotoServer moto) {
    // Only this document knows MX03: a command that finds it read the object.
    String uri =
        S3Buckets.withObject(
            aws.s3(),
            moto.region(),
            "mailflow.yaml",
            "sender: mailflow@contoso.se\n"
                + "servers: [{id: MX03, host: mx03.contoso.se}, {id: MX04, host: mx04.contoso.se}]\n"
                + "routes: [{source: MX03, target: MX04, recipient: probe@mx04.contoso.se}]\n");
    String objectStack = ResourceNames.unique("mailflow");
    createStack(
        objectStack,
        """
        {"Resources": {"Nothing": {"Type": "AWS::SNS::Topic"}},
         "Outputs": {
           "WindowsTableName": {"Value": "%s"},
           "ConfigParameterName": {"Value": "/no/such/parameter"},
           "ConfigObjectUri": {"Value": "%s"}}}
        """
            .formatted(windowsTable, uri));
    Map<String, String> withVariable = new HashMap<>(environment);
    withVariable.put("MAILFLOW_CONFIG_OBJECT", uri);
    withVariable.put("MAILFLOW_WINDOWS_TABLE", windowsTable);

    CommandRun byOption =
        run(
            "--config-object",
            uri,
            "--windows-table",
            windowsTable,
            "maintenance",
            "start",
            "server:MX04",
            "--for",
            "1h",
            "--reason",
            "x");
    CommandRun byVariable =
        CommandRun.of(
            withVariable,
            CLOCK,
            ZoneOffset.UTC,
            "maintenance",
            "start",
            "route:MX03-to-MX04",
            "--for",
            "1h",
            "--reason",
            "x");
    CommandRun byStack =
        run(
            "--stack",
            objectStack,
            "maintenance",
            "start",
            "server:MX03",
            "--for",
            "1h",
            "--reason",
            "x");

    assertThat(byOption.exitCode()).as(byOption.err()).isZero();
    assertThat(byOption.out()).contains("server:MX04");
    assertThat(byVariable.exitCode()).as(byVariable.err()).isZero();
    assertThat(byVariable.out()).contains("route:MX03-to-MX04");
    assertThat(byStack.exitCode()).as(byStack.err()).isZero();
    assertThat(byStack.out()).contains("server:MX03");
  }

  @Test
  void aConfigurationOption_winsOverEveryVariable() {
    Map<String, String> withVariables = new HashMap<>(environment);
    withVariables.put("MAILFLOW_CONFIG_OBJECT", "s3://" + ResourceNames.unique("old") + "/m.yaml");
    withVariables.put("MAILFLOW_CONFIG_FILE", "/no/such/mailflow.yaml");

    CommandRun run =
        CommandRun.of(
            withVariables,
            CLOCK,
            ZoneOffset.UTC,
            "--config-parameter",
            "/no/such/parameter",
            "status");

    assertThat(run.exitCode()).isEqualTo(Mailflow.AWS_FAILURE);
    assertThat(run.err()).startsWith("mailflow: SSM parameter /no/such/parameter");
  }

  @Test
  void aConfigurationObjectThatIsMissingOrNotAnS3Address_exitsWithOneLine() {
    String missing = "s3://" + ResourceNames.unique("no-such-bucket") + "/mailflow.yaml";

    CommandRun notThere = run("--config-object", missing, "status");
    CommandRun notAnAddress = run("--config-object", "mailflow.yaml", "status");

    assertThat(notThere.exitCode()).isEqualTo(Mailflow.AWS_FAILURE);
    assertThat(notThere.err()).startsWith("mailflow: S3 object " + missing).hasLineCount(1);
    assertThat(notAnAddress.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(notAnAddress.err())
        .isEqualTo(
            "mailflow: the configuration's S3 object must be s3://BUCKET/KEY, not mailflow.yaml"
                + System.lineSeparator());
  }

  @Test
  void anOptionOrVariable_winsOverTheStacksOutput() {
    Map<String, String> withVariable = new HashMap<>(environment);
    withVariable.put("MAILFLOW_WINDOWS_TABLE", "table-of-the-variable");

    CommandRun run =
        CommandRun.of(withVariable, CLOCK, ZoneOffset.UTC, "--stack", stack, "maintenance", "list");

    assertThat(run.exitCode()).isEqualTo(Mailflow.AWS_FAILURE);
    assertThat(run.err()).contains("table-of-the-variable");
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(environment, CLOCK, ZoneOffset.UTC, args);
  }
}
