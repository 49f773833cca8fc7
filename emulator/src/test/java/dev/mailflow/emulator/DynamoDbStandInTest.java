package dev.mailflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in over its HTTP protocol, as the SDK speaks it: what it answers, how it refuses what
 * it does not support, and what it counts. The stores' own contract tests run on it too ({@code
 * *StandInIT} in the adapters).
 */
class DynamoDbStandInTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROBES =
      """
      {"TableName": "probes", "BillingMode": "PAY_PER_REQUEST",
       "KeySchema": [{"AttributeName": "routeId", "KeyType": "HASH"},
                     {"AttributeName": "probeKey", "KeyType": "RANGE"}],
       "AttributeDefinitions": [{"AttributeName": "routeId", "AttributeType": "S"},
                                {"AttributeName": "probeKey", "AttributeType": "S"}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private DynamoDbStandIn standIn;

  @BeforeEach
  void start() throws Exception {
    standIn = DynamoDbStandIn.start(Duration.ZERO);
    assertThat(call("CreateTable", PROBES).statusCode()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  @Test
  void query_returnsThePartitionFromTheSortKeyOn_inEitherOrder_pageByPage() throws Exception {
    for (String key : new String[] {"t1", "t2", "t3", "t4"}) {
      put("MX01-to-MX02", key);
    }
    put("MX02-to-MX01", "t9");
    String query =
        """
        {"TableName": "probes", "KeyConditionExpression": "#r = :r AND #k >= :from",
         "ExpressionAttributeNames": {"#r": "routeId", "#k": "probeKey"},
         "ExpressionAttributeValues": {":r": {"S": "MX01-to-MX02"}, ":from": {"S": "t2"}},
         "ScanIndexForward": %s, "Limit": 2 %s}
        """;

    JsonNode first = body(call("Query", query.formatted("true", "")));
    JsonNode second =
        body(
            call(
                "Query",
                query.formatted(
                    "true", ", \"ExclusiveStartKey\": " + first.get("LastEvaluatedKey"))));
    JsonNode newest = body(call("Query", query.formatted("false", "")));

    assertThat(first.at("/Items/0/probeKey/S").asText()).isEqualTo("t2");
    assertThat(first.at("/Items/1/probeKey/S").asText()).isEqualTo("t3");
    assertThat(second.get("Items")).hasSize(1);
    assertThat(second.at("/Items/0/probeKey/S").asText()).isEqualTo("t4");
    assertThat(second.has("LastEvaluatedKey")).isFalse();
    assertThat(newest.at("/Items/0/probeKey/S").asText()).isEqualTo("t4");
  }

  @Test
  void failedCondition_isAConditionalCheckFailure_withTheOldItemWhenAskedFor() throws Exception {
    put("MX01-to-MX02", "t1");

    HttpResponse<String> refused =
        call(
            "PutItem",
            """
            {"TableName": "probes",
             "Item": {"routeId": {"S": "MX01-to-MX02"}, "probeKey": {"S": "t1"}},
             "ConditionExpression": "attribute_not_exists(#k) OR (#n <= :n AND NOT #n = :n)",
             "ExpressionAttributeNames": {"#k": "probeKey", "#n": "note"},
             "ExpressionAttributeValues": {":n": {"N": "5"}},
             "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}
            """);

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode error = body(refused);
    assertThat(error.get("__type").asText())
        .isEqualTo("com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException");
    assertThat(error.at("/Item/note/S").asText()).isEqualTo("stored");
  }

  @Test
  void update_setsAndRemoves_andAnswersTheUpdatedOldValues() throws Exception {
    put("MX01-to-MX02", "t1");

    JsonNode answer =
        body(
            call(
                "UpdateItem",
                """
                {"TableName": "probes",
                 "Key": {"routeId": {"S": "MX01-to-MX02"}, "probeKey": {"S": "t1"}},
                 "UpdateExpression": "SET #a = :a, #b = :b REMOVE #n",
                 "ExpressionAttributeNames": {"#a": "accepted", "#b": "replyCode", "#n": "note"},
                 "ExpressionAttributeValues": {":a": {"BOOL": true}, ":b": {"N": "250"}},
                 "ReturnValues": "UPDATED_OLD"}
                """));
    JsonNode item =
        body(
            call(
                "GetItem",
                """
                {"TableName": "probes", "ConsistentRead": true,
                 "Key": {"routeId": {"S": "MX01-to-MX02"}, "probeKey": {"S": "t1"}}}
                """));

    assertThat(answer.at("/Attributes/note/S").asText()).isEqualTo("stored");
    assertThat(item.at("/Item/replyCode/N").asText()).isEqualTo("250");
    assertThat(item.at("/Item/accepted/BOOL").asBoolean()).isTrue();
    assertThat(item.at("/Item").has("note")).isFalse();
  }

  @Test
  void anExpressionItDoesNotSupport_isRefusedNamingIt() throws Exception {
    HttpResponse<String> refused =
        call(
            "UpdateItem",
            """
            {"TableName": "probes",
             "Key": {"routeId": {"S": "MX01-to-MX02"}, "probeKey": {"S": "t1"}},
             "UpdateExpression": "ADD #c :one",
             "ExpressionAttributeNames": {"#c": "count"},
             "ExpressionAttributeValues": {":one": {"N": "1"}}}
            """);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(body(refused).get("__type").asText())
        .isEqualTo("com.amazon.coral.validate#ValidationException");
    assertThat(body(refused).get("message").asText()).contains("ADD").contains("not support");
  }

  @Test
  void aRequestFieldItDoesNotSupport_isRefusedNamingIt() throws Exception {
    HttpResponse<String> refused =
        call(
            "Query",
            """
            {"TableName": "probes", "IndexName": "byTime",
             "KeyConditionExpression": "routeId = :r",
             "ExpressionAttributeValues": {":r": {"S": "MX01-to-MX02"}}}
            """);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(body(refused).get("message").asText()).contains("IndexName");
  }

  @Test
  void calls_areCountedByOperation_andACallTakesAtLeastTheLatency() throws Exception {
    standIn.resetCalls();
    standIn.latency(Duration.ofMillis(50));
    long started = System.nanoTime();
    put("MX01-to-MX02", "t1");
    long tookMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMillis).isGreaterThanOrEqualTo(50);
    assertThat(standIn.calls()).isEqualTo(Map.of("PutItem", 1L));
  }

  @Test
  void copyPartition_putsTheItemsUnderAnotherPartitionKey() throws Exception {
    put("MX01-to-MX02", "t1");
    put("MX01-to-MX02", "t2");

    int copied = standIn.copyPartition("probes", "MX01-to-MX02", "MX03-to-MX04");

    assertThat(copied).isEqualTo(2);
    assertThat(standIn.itemCount("probes")).isEqualTo(4);
    JsonNode copy =
        body(
            call(
                "GetItem",
                """
                {"TableName": "probes",
                 "Key": {"routeId": {"S": "MX03-to-MX04"}, "probeKey": {"S": "t2"}}}
                """));
    assertThat(copy.at("/Item/routeId/S").asText()).isEqualTo("MX03-to-MX04");
    assertThat(copy.at("/Item/note/S").asText()).isEqualTo("stored");
  }

  private void put(String route, String key) throws Exception {
    HttpResponse<String> answer =
        call(
            "PutItem",
            """
            {"TableName": "probes",
             "Item": {"routeId": {"S": "%s"}, "probeKey": {"S": "%s"}, "note": {"S": "stored"}}}
            """
                .formatted(route, key));
    assertThat(answer.statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> call(String operation, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(standIn.endpoint())
            .header("X-Amz-Target", "DynamoDB_20120810." + operation)
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }
}
