package dev.mailflow.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An {@code aws dynamodb} command as docs/maintenance-windows.md gives it to operators, run through
 * the SDK the way the AWS CLI runs it, so that a test proves the documented command does what the
 * documentation says.
 *
 * <p>It understands what that page uses: {@code put-item}, {@code update-item} and {@code
 * delete-item} with single-quoted JSON arguments, and {@code <WindowsTable>} for the table name.
 */
final class OperatorCommand {

  static final String TABLE_PLACEHOLDER = "<WindowsTable>";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String text;
  private final String operation;
  private final Map<String, String> options;

  private OperatorCommand(String text, String operation, Map<String, String> options) {
    this.text = text;
    this.operation = operation;
    this.options = options;
  }

  /**
   * Every {@code aws dynamodb} line of {@code document}, a path from the top of the repository such
   * as {@code docs/maintenance-windows.md}, in order.
   */
  static List<OperatorCommand> inDocument(String document) {
    List<OperatorCommand> commands = new ArrayList<>();
    for (String line : lines(document)) {
      if (line.startsWith("aws dynamodb ")) {
        commands.add(parse(line));
      }
    }
    return commands;
  }

  /** The operation, such as {@code put-item}. */
  String operation() {
    return operation;
  }

  /** The JSON given to {@code --item}, as DynamoDB attribute values. */
  Map<String, AttributeValue> item() {
    return attributes(option("--item"));
  }

  /** Runs the command on {@code table} in place of {@code <WindowsTable>}. */
  void run(DynamoDbClient dynamoDb, String table) {
    if (!TABLE_PLACEHOLDER.equals(option("--table-name"))) {
      throw new IllegalStateException("the command names a table instead of " + TABLE_PLACEHOLDER);
    }
    switch (operation) {
      case "put-item":
        dynamoDb.putItem(r -> r.tableName(table).item(item()));
        break;
      case "update-item":
        dynamoDb.updateItem(
            r ->
                r.tableName(table)
                    .key(attributes(option("--key")))
                    .updateExpression(option("--update-expression"))
                    .expressionAttributeNames(names(option("--expression-attribute-names")))
                    .expressionAttributeValues(
                        attributes(option("--expression-attribute-values"))));
        break;
      case "delete-item":
        dynamoDb.deleteItem(r -> r.tableName(table).key(attributes(option("--key"))));
        break;
      default:
        throw new IllegalStateException("no runner for aws dynamodb " + operation + ": " + text);
    }
  }

  @Override
  public String toString() {
    return text;
  }

  private String option(String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalStateException(name + " is missing from: " + text);
    }
    return value;
  }

  /** Splits at spaces outside single quotes, as a POSIX shell does for these lines. */
  private static OperatorCommand parse(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (char c : line.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        inWord = true;
      } else if (c == ' ' && !quoted) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new IllegalStateException("unbalanced quote in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 3; i + 1 < words.size(); i += 2) {
      options.put(words.get(i), words.get(i + 1));
    }
    return new OperatorCommand(line, words.get(2), options);
  }

  private static Map<String, String> names(String json) {
    Map<String, String> names = new HashMap<>();
    read(json).properties().forEach(e -> names.put(e.getKey(), e.getValue().asText()));
    return names;
  }

  private static Map<String, AttributeValue> attributes(String json) {
    Map<String, AttributeValue> attributes = new LinkedHashMap<>();
    read(json).properties().forEach(e -> attributes.put(e.getKey(), value(e.getValue())));
    return attributes;
  }

  /** DynamoDB's typed JSON, as the CLI takes it: {@code {"S": "text"}}, {@code {"N": "5"}}. */
  private static AttributeValue value(JsonNode typed) {
    if (typed.size() != 1) {
      throw new IllegalStateException("not one typed DynamoDB value: " + typed);
    }
    Map.Entry<String, JsonNode> only = typed.properties().iterator().next();
    JsonNode content = only.getValue();
    switch (only.getKey()) {
      case "S":
        return AttributeValue.fromS(content.asText());
      case "N":
        return AttributeValue.fromN(content.asText());
      case "BOOL":
        return AttributeValue.fromBool(content.asBoolean());
      case "NULL":
        return AttributeValue.fromNul(true);
      case "SS":
        List<String> strings = new ArrayList<>();
        content.forEach(element -> strings.add(element.asText()));
        return AttributeValue.fromSs(strings);
      case "L":
        List<AttributeValue> list = new ArrayList<>();
        content.forEach(element -> list.add(value(element)));
        return AttributeValue.fromL(list);
      case "M":
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        content.properties().forEach(e -> map.put(e.getKey(), value(e.getValue())));
        return AttributeValue.fromM(map);
      default:
        throw new IllegalStateException("no reader for DynamoDB JSON type " + only.getKey());
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  private static List<String> lines(String document) {
    // Failsafe runs in the module directory; docs/ is at the root of the repository.
    Path path = Path.of(System.getProperty("basedir", ".")).resolve("../..").resolve(document);
    try {
      return Files.readAllLines(path.normalize(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path.normalize(), e);
    }
  }
}
