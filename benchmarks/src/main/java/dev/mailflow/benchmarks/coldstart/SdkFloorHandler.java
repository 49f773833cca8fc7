package dev.mailflow.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The second yardstick of {@code benchmarks/cold-start.sh}: the least any function that reads
 * DynamoDB through the AWS SDK for Java 2.x pays for its cold start. Its init builds one DynamoDB
 * client, configured as lean as the SDK allows (the URLConnection HTTP client, the region and the
 * credentials read straight from Lambda's variables, no provider chain), and its invocation makes
 * one GetItem of the table in {@code FLOOR_TABLE}, a key that is not there, then answers without
 * reading its event. No Mailflow code runs.
 *
 * <p>Every Mailflow function does at least this much, and more (several clients, its configuration,
 * JSON and mail), so a function's ratio to hello world cannot fall below this handler's: it tells
 * what trimming Mailflow's own start-up can reach and what only a different runtime or SnapStart
 * can.
 */
public final class SdkFloorHandler implements RequestStreamHandler {

  private final DynamoDbClient dynamoDb =
      DynamoDbClient.builder()
          .httpClient(UrlConnectionHttpClient.create())
          .region(Region.of(System.getenv("AWS_REGION")))
          .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
          .build();

  private final String table = System.getenv("FLOOR_TABLE");

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    boolean found =
        dynamoDb
            .getItem(
                request ->
                    request
                        .tableName(table)
                        .key(Map.of("routeId", AttributeValue.fromS("cold-start-floor"))))
            .hasItem();
    output.write(("{\"found\":" + found + "}").getBytes(StandardCharsets.UTF_8));
  }
}
