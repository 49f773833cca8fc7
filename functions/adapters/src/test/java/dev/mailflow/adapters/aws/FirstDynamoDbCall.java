package dev.mailflow.adapters.aws;

import java.util.Map;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One cold start's worth of DynamoDB: build an HTTP client and a DynamoDB client, make one GetItem
 * call, print both durations in milliseconds. {@link HttpClientInitMeasurement} runs it in fresh
 * JVMs.
 *
 * <p>Arguments: the HTTP client class (anything with a static {@code builder()}) and a table whose
 * key is {@code route}. Region, credentials and endpoint come from the process environment.
 */
final class FirstDynamoDbCall {

  private FirstDynamoDbCall() {}

  public static void main(String[] args) throws ReflectiveOperationException {
    long start = System.nanoTime();
    SdkHttpClient.Builder<?> builder =
        (SdkHttpClient.Builder<?>) Class.forName(args[0]).getMethod("builder").invoke(null);
    try (SdkHttpClient http = builder.build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(http).build()) {
      long built = System.nanoTime();
      dynamoDb.getItem(
          request ->
              request
                  .tableName(args[1])
                  .key(Map.of("route", AttributeValue.fromS("mx02-to-mx01"))));
      long called = System.nanoTime();
      System.out.println(
          "init_ms=" + millis(built - start) + " first_call_ms=" + millis(called - built));
    }
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
