package dev.mailflow.local.simulation;

import dev.mailflow.domain.maintenance.Recurrence;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The maintenance window table as an operator uses it: the put-item, update-item and delete-item
 * lines of docs/maintenance-windows.md, one call each, with times written in the operator's own
 * zone and offset.
 */
final class WindowTable {
  private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final ZoneId zone;

  /**
   * @param dynamoDb the client
   * @param table the window table
   * @param zone the zone the operator writes times in
   */
  WindowTable(DynamoDbClient dynamoDb, String table, ZoneId zone) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /** Puts a window: {@code aws dynamodb put-item}. */
  void put(String windowId, String scope, Instant start, Instant end, String reason, String setBy) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("windowId", AttributeValue.fromS(windowId));
    item.put("scope", AttributeValue.fromS(scope));
    item.put("start", AttributeValue.fromS(written(start)));
    item.put("end", AttributeValue.fromS(written(end)));
    item.put("reason", AttributeValue.fromS(reason));
    item.put("setBy", AttributeValue.fromS(setBy));
    dynamoDb.putItem(r -> r.tableName(table).item(item));
  }

  /** Puts a recurring window: the put-item line for a series. */
  void putRecurring(
      String windowId, String scope, Recurrence recurrence, String reason, String setBy) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("windowId", AttributeValue.fromS(windowId));
    item.put("scope", AttributeValue.fromS(scope));
    item.put("every", AttributeValue.fromS(recurrence.rule()));
    item.put(
        "start",
        AttributeValue.fromS(
            written(recurrence.stretchFrom(recurrence.firstStart()).firstInstant())));
    item.put("zone", AttributeValue.fromS(recurrence.zone().getId()));
    item.put("duration", AttributeValue.fromS(recurrence.length().toString()));
    item.put("reason", AttributeValue.fromS(reason));
    item.put("setBy", AttributeValue.fromS(setBy));
    dynamoDb.putItem(r -> r.tableName(table).item(item));
  }

  /** Sets a window's end, to shorten, extend or end it: {@code aws dynamodb update-item}. */
  void setEnd(String windowId, Instant end) {
    dynamoDb.updateItem(
        r ->
            r.tableName(table)
                .key(Map.of("windowId", AttributeValue.fromS(windowId)))
                .updateExpression("SET #end = :end")
                .expressionAttributeNames(Map.of("#end", "end"))
                .expressionAttributeValues(Map.of(":end", AttributeValue.fromS(written(end)))));
  }

  /** Deletes a window: {@code aws dynamodb delete-item}. */
  void delete(String windowId) {
    dynamoDb.deleteItem(
        r -> r.tableName(table).key(Map.of("windowId", AttributeValue.fromS(windowId))));
  }

  /**
   * Puts an item exactly as written, right or wrong: every attribute a string, except {@code
   * expiresAt} when it is a number, as the table's time-to-live attribute is.
   */
  void putAsWritten(Map<String, String> attributes) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      boolean number =
          attribute.getKey().equals("expiresAt") && attribute.getValue().matches("-?\\d+");
      item.put(
          attribute.getKey(),
          number
              ? AttributeValue.fromN(attribute.getValue())
              : AttributeValue.fromS(attribute.getValue()));
    }
    dynamoDb.putItem(r -> r.tableName(table).item(item));
  }

  /**
   * How an operator writes an instant: ISO-8601 with the zone's offset, 2006-07-28T12:10:00+02:00.
   */
  String written(Instant instant) {
    return WITH_OFFSET.format(instant.atZone(zone).toOffsetDateTime());
  }
}
