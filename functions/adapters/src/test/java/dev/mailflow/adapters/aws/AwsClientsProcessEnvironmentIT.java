package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.MotoServerExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The Lambda path of {@link AwsClients}: the public no-arg constructor in a JVM whose environment
 * holds the standard variables. It shows that the SDK in use honours {@code AWS_ENDPOINT_URL} by
 * itself, since that constructor never reads it.
 */
@ExtendWith(MotoServerExtension.class)
class AwsClientsProcessEnvironmentIT {

  @Test
  void noArgConstructor_inAProcessWithAwsEndpointUrl_reachesThatEndpoint(MotoServer moto) {
    String table = ResourceNames.unique("probes");
    try (AwsClients clients = AwsClients.forEnvironment(moto.environment())) {
      clients
          .dynamoDb()
          .createTable(
              r ->
                  r.tableName(table)
                      .billingMode(BillingMode.PAY_PER_REQUEST)
                      .attributeDefinitions(
                          AttributeDefinition.builder()
                              .attributeName("route")
                              .attributeType(ScalarAttributeType.S)
                              .build())
                      .keySchema(
                          KeySchemaElement.builder()
                              .attributeName("route")
                              .keyType(KeyType.HASH)
                              .build()));
    }

    ChildJvm.Result child =
        ChildJvm.run(ListTablesWithProcessEnvironment.class, List.of(), moto.environment());

    assertThat(child.exitCode()).as(child.output()).isZero();
    assertThat(child.output().lines()).contains(table);
  }

  @Test
  void noArgConstructor_withoutAwsRegion_failsNamingIt(MotoServer moto) {
    Map<String, String> environment = new HashMap<>(moto.environment());
    environment.remove("AWS_REGION");

    ChildJvm.Result child =
        ChildJvm.run(ListTablesWithProcessEnvironment.class, List.of(), environment);

    assertThat(child.exitCode()).isNotZero();
    assertThat(child.output()).contains("AWS_REGION is not set");
  }
}
