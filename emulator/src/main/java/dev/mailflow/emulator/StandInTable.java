package dev.mailflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.UnaryOperator;

/**
 * One table of the {@link DynamoDbStandIn}: its items in memory, in sorted maps from partition key
 * to sort key to item.
 *
 * <p>Stored items are never changed in place: a write puts a new item in the map. So an item can be
 * handed out, or shared by the copies {@link #copyPartition} makes, without copying it. Each
 * partition is locked while it is read or written, which makes a conditional write atomic.
 */
final class StandInTable {

  /** The sort key of every item of a table that has no sort key. */
  private static final String NO_SORT_KEY = "";

  private static final Comparator<Object> KEY_ORDER =
      (a, b) ->
          a instanceof BigDecimal x && b instanceof BigDecimal y
              ? x.compareTo(y)
              : a.toString().compareTo(b.toString());

  private final String name;
  private final String hashKey;
  private final String rangeKey;
  private final ObjectNode description;
  private final ConcurrentSkipListMap<String, NavigableMap<Object, ObjectNode>> partitions =
      new ConcurrentSkipListMap<>();

  /**
   * @param rangeKey the sort key's name, null for a table without one
   * @param description the table's description, as DescribeTable answers it
   */
  StandInTable(String name, String hashKey, String rangeKey, ObjectNode description) {
    this.name = name;
    this.hashKey = hashKey;
    this.rangeKey = rangeKey;
    this.description = description;
  }

  String name() {
    return name;
  }

  String hashKey() {
    return hashKey;
  }

  /** The sort key's name, or null. */
  String rangeKey() {
    return rangeKey;
  }

  ObjectNode description() {
    return description;
  }

  /** The item under {@code key}, or null. */
  ObjectNode get(JsonNode key) {
    NavigableMap<Object, ObjectNode> partition = partitions.get(partitionOf(key.get(hashKey)));
    if (partition == null) {
      return null;
    }
    synchronized (partition) {
      return partition.get(sortOf(key));
    }
  }

  /**
   * Replaces the item under {@code key} with what {@code change} makes of it (null: absent), in one
   * step no other write to the partition comes between.
   *
   * @return the item as it was, or null
   */
  ObjectNode change(JsonNode key, UnaryOperator<ObjectNode> change) {
    NavigableMap<Object, ObjectNode> partition =
        partitions.computeIfAbsent(partitionOf(key.get(hashKey)), k -> new TreeMap<>(KEY_ORDER));
    Object sort = sortOf(key);
    synchronized (partition) {
      ObjectNode old = partition.get(sort);
      ObjectNode changed = change.apply(old);
      if (changed == null) {
        partition.remove(sort);
      } else {
        partition.put(sort, changed);
      }
      return old;
    }
  }

  /** The items of one partition, in sort key order or its reverse. */
  List<ObjectNode> partition(JsonNode hashValue, boolean forward) {
    NavigableMap<Object, ObjectNode> partition = partitions.get(partitionOf(hashValue));
    if (partition == null) {
      return List.of();
    }
    synchronized (partition) {
      return new ArrayList<>(forward ? partition.values() : partition.descendingMap().values());
    }
  }

  /** Every item, by partition and sort key. */
  List<ObjectNode> all() {
    List<ObjectNode> items = new ArrayList<>();
    for (NavigableMap<Object, ObjectNode> partition : partitions.values()) {
      synchronized (partition) {
        items.addAll(partition.values());
      }
    }
    return items;
  }

  /** How many items the table holds. */
  long size() {
    long size = 0;
    for (NavigableMap<Object, ObjectNode> partition : partitions.values()) {
      synchronized (partition) {
        size += partition.size();
      }
    }
    return size;
  }

  /**
   * Puts a copy of every item of the partition {@code from} into the partition {@code to}, whose
   * items it replaces: the same items under another partition key. The copies share their attribute
   * values with the originals.
   *
   * @return how many items were copied
   */
  int copyPartition(String from, String to) {
    List<ObjectNode> items = partition(stringValue(from), true);
    JsonNode target = stringValue(to);
    NavigableMap<Object, ObjectNode> copies = new TreeMap<>(KEY_ORDER);
    for (ObjectNode item : items) {
      ObjectNode copy = item.objectNode();
      copy.setAll(item);
      copy.set(hashKey, target);
      copies.put(sortOf(copy), copy);
    }
    partitions.put(partitionOf(target), copies);
    return copies.size();
  }

  /** Puts {@code item} as it is, replacing any under its key. */
  void put(ObjectNode item) {
    change(item, old -> item);
  }

  /** The key attributes of {@code item}. */
  ObjectNode keyOf(ObjectNode item) {
    ObjectNode key = item.objectNode();
    key.set(hashKey, item.get(hashKey));
    if (rangeKey != null) {
      key.set(rangeKey, item.get(rangeKey));
    }
    return key;
  }

  /**
   * Checks that {@code key} holds exactly the table's key attributes, each a string or number.
   *
   * @throws StandInException a ValidationException, as DynamoDB answers a bad key
   */
  void checkKey(JsonNode key) {
    int expected = rangeKey == null ? 1 : 2;
    if (key == null
        || key.size() != expected
        || !scalarKey(key.get(hashKey))
        || (rangeKey != null && !scalarKey(key.get(rangeKey)))) {
      throw new StandInException(
          StandInException.VALIDATION,
          "The provided key element does not match the schema of table " + name);
    }
  }

  private static boolean scalarKey(JsonNode value) {
    return value != null
        && value.size() == 1
        && (value.has("S") || value.has("N"))
        && !value.elements().next().asText().isEmpty();
  }

  private static String partitionOf(JsonNode value) {
    Map.Entry<String, JsonNode> only = value.fields().next();
    return only.getKey() + ":" + only.getValue().asText();
  }

  private Object sortOf(JsonNode item) {
    if (rangeKey == null) {
      return NO_SORT_KEY;
    }
    JsonNode value = item.get(rangeKey);
    return value.has("N") ? new BigDecimal(value.get("N").asText()) : value.get("S").asText();
  }

  private static JsonNode stringValue(String text) {
    ObjectNode value = JsonNodeFactory.instance.objectNode();
    value.put("S", text);
    return value;
  }
}
