package dev.mailflow.adapters.aws;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.RecurringWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes maintenance windows into their table as operators' tools do: the one place in the code
 * that puts, ends or deletes a window item.
 *
 * <p>Every item it writes is exactly the one {@link DynamoDbMaintenanceWindowSource} documents, so
 * a window set with the {@code mailflow} command and one put with {@code aws dynamodb put-item} are
 * interchangeable. Every write is conditional: a new window never overwrites another of the same
 * id, and ending or deleting a window acts only on the item as it was read, so two operators at
 * once cannot undo each other's change unnoticed. A table that cannot be reached is a {@link
 * dev.mailflow.domain.probe.StoreException}.
 */
public final class DynamoDbMaintenanceWindowWriter {

  private final DynamoDbClient dynamoDb;
  private final String table;

  /**
   * @param dynamoDb the tool's client
   * @param table the window table, as the stack names it
   */
  public DynamoDbMaintenanceWindowWriter(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("maintenance window table name is missing");
    }
    this.table = table;
  }

  /**
   * One item of the table as it is stored.
   *
   * @param id its windowId
   * @param window the one-off window it is, or null when it is a series or breaks the contract
   * @param series the recurring window it is, or null
   * @param fault why it is not a window; empty when it is one
   * @param storedEnd its {@code end} attribute as written, the condition of a later change
   * @param expiresAt its TTL in epoch seconds, when it has one
   */
  public record StoredWindow(
      String id,
      MaintenanceWindow window,
      RecurringWindow series,
      String fault,
      String storedEnd,
      OptionalLong expiresAt) {}

  /** The item with windowId {@code id}, read strongly consistent, if there is one. */
  public Optional<StoredWindow> find(String id) {
    Map<String, AttributeValue> item;
    try {
      item =
          dynamoDb
              .getItem(
                  request -> request.tableName(table).key(key(id)).consistentRead(true).build())
              .item();
    } catch (SdkException e) {
      throw StoreFailure.of("Could not read maintenance window " + id + " in table " + table, e);
    }
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    WindowItem.Reading reading = WindowItem.read(item);
    AttributeValue end = item.get(WindowItem.END);
    return Optional.of(
        new StoredWindow(
            id,
            reading.window(),
            reading.series(),
            reading.rejected() == null ? "" : reading.rejected().reason(),
            end == null ? null : end.s(),
            WindowItem.expiresAt(item)));
  }

  /**
   * Puts {@code window} as a new item, its times written with their offset in {@code zone}.
   *
   * @return false, writing nothing, when a window with its id exists already
   */
  public boolean create(MaintenanceWindow window, ZoneId zone, OptionalLong expiresAt) {
    return putNew(window.id(), WindowItem.item(window, zone, expiresAt));
  }

  /**
   * Puts {@code series} as a new item, its times written with their offset in its zone.
   *
   * @return false, writing nothing, when a window with its id exists already
   */
  public boolean create(RecurringWindow series, OptionalLong expiresAt) {
    return putNew(series.id(), WindowItem.item(series, expiresAt));
  }

  /** Puts {@code item} unless an item with its id exists: then writes nothing, returns false. */
  private boolean putNew(String id, Map<String, AttributeValue> item) {
    try {
      dynamoDb.putItem(
          request ->
              request
                  .tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#id)")
                  .expressionAttributeNames(Map.of("#id", WindowItem.WINDOW_ID)));
      return true;
    } catch (ConditionalCheckFailedException exists) {
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of("Could not put maintenance window " + id + " in table " + table, e);
    }
  }

  /**
   * Adds {@code date} to the series' skipped occurrences. Adding to a set commutes, so two
   * operators skipping at once both have their way.
   *
   * @return false, writing nothing, when the item is no longer a series
   */
  public boolean skip(StoredWindow stored, LocalDate date) {
    return updateSeries(
        stored,
        "ADD #skip :dates",
        Map.of("#skip", WindowItem.SKIP),
        Map.of(":dates", WindowItem.dates(List.of(date))),
        "skip an occurrence of",
        null);
  }

  /**
   * Moves the occurrence of {@code date} to start at {@code start}, written with its offset in the
   * series' zone. Sets that one entry of {@code moved}, so moves of other dates stand.
   *
   * @return false, writing nothing, when the item is no longer a series
   */
  public boolean move(StoredWindow stored, LocalDate date, Instant start) {
    AttributeValue written =
        AttributeValue.builder()
            .s(WindowItem.time(start, stored.series().recurrence().zone()))
            .build();
    if (updateSeries(
        stored,
        "SET #moved.#date = :start",
        Map.of("#moved", WindowItem.MOVED, "#date", date.toString()),
        Map.of(":start", written),
        "move an occurrence of",
        "attribute_exists(#moved)")) {
      return true;
    }
    // An item put by hand may have no moved map yet: set it whole, unless one came meanwhile.
    return updateSeries(
        stored,
        "SET #moved = :moved",
        Map.of("#moved", WindowItem.MOVED),
        Map.of(":moved", AttributeValue.builder().m(Map.of(date.toString(), written)).build()),
        "move an occurrence of",
        "attribute_not_exists(#moved)");
  }

  /** Updates the series' item while it is one, and {@code alsoRequired} holds when given. */
  private boolean updateSeries(
      StoredWindow stored,
      String update,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String doing,
      String alsoRequired) {
    Map<String, String> allNames = new HashMap<>(names);
    allNames.put("#id", WindowItem.WINDOW_ID);
    allNames.put("#every", WindowItem.EVERY);
    String condition =
        "attribute_exists(#id) AND attribute_exists(#every)"
            + (alsoRequired == null ? "" : " AND " + alsoRequired);
    return update(stored.id(), update, condition, allNames, values, doing);
  }

  /**
   * Updates the item {@code id} when {@code condition} holds.
   *
   * @return false, writing nothing, when it does not
   */
  private boolean update(
      String id,
      String update,
      String condition,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      String doing) {
    try {
      dynamoDb.updateItem(
          request ->
              request
                  .tableName(table)
                  .key(key(id))
                  .updateExpression(update)
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not " + doing + " maintenance window " + id + " in table " + table, e);
    }
  }

  /**
   * Sets the {@code end} of the stored window to {@code end}, and its TTL to {@code expiresAt} when
   * given, keeping the item.
   *
   * @return false, writing nothing, when the item changed or went since {@code stored} was read
   */
  public boolean end(StoredWindow stored, Instant end, ZoneId zone, OptionalLong expiresAt) {
    StringBuilder update = new StringBuilder("SET #end = :end");
    Map<String, AttributeValue> values =
        new HashMap<>(
            Map.of(
                ":end", AttributeValue.builder().s(WindowItem.time(end, zone)).build(),
                ":was", AttributeValue.builder().s(stored.storedEnd()).build()));
    Map<String, String> names =
        new HashMap<>(Map.of("#end", WindowItem.END, "#id", WindowItem.WINDOW_ID));
    if (expiresAt.isPresent()) {
      update.append(", #ttl = :ttl");
      names.put("#ttl", WindowItem.EXPIRES_AT);
      values.put(":ttl", AttributeValue.builder().n(Long.toString(expiresAt.getAsLong())).build());
    }
    return update(
        stored.id(),
        update.toString(),
        "attribute_exists(#id) AND #end = :was",
        names,
        values,
        "end");
  }

  /**
   * Deletes the stored window's item.
   *
   * @return false, deleting nothing, when the item changed or went since {@code stored} was read
   */
  public boolean delete(StoredWindow stored) {
    try {
      dynamoDb.deleteItem(
          request -> {
            request.tableName(table).key(key(stored.id()));
            if (stored.storedEnd() == null) {
              request
                  .conditionExpression("attribute_exists(#id) AND attribute_not_exists(#end)")
                  .expressionAttributeNames(
                      Map.of("#id", WindowItem.WINDOW_ID, "#end", WindowItem.END));
            } else {
              request
                  .conditionExpression("attribute_exists(#id) AND #end = :was")
                  .expressionAttributeNames(
                      Map.of("#id", WindowItem.WINDOW_ID, "#end", WindowItem.END))
                  .expressionAttributeValues(
                      Map.of(":was", AttributeValue.builder().s(stored.storedEnd()).build()));
            }
          });
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    } catch (SdkException e) {
      throw StoreFailure.of(
          "Could not delete maintenance window " + stored.id() + " in table " + table, e);
    }
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of(WindowItem.WINDOW_ID, AttributeValue.builder().s(id).build());
  }
}
