package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
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
    try (CloudFormationClient cloudFormation =
        CloudFormationClient.builder()
            .region(aws.region())
            .credentialsProvider(aws.credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .endpointOverride(URI.create(moto.endpoint().toString()))
            .build()) {
      cloudFormation.createStack(request -> request.stackName(stack).templateBody(template));
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
