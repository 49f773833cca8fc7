package dev.mailflow.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The DynamoDB expressions the {@link DynamoDbStandIn} understands, parsed against one request's
 * {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}.
 *
 * <p>Conditions and filters: comparisons ({@code = <> < <= > >=}) of top-level attributes and
 * values, {@code attribute_exists}, {@code attribute_not_exists}, {@code begins_with}, {@code AND},
 * {@code OR}, {@code NOT} and parentheses. Updates: {@code SET a = :v, ...} and {@code REMOVE a,
 * ...}. Projections: a list of top-level attributes. Anything else (nested paths, {@code BETWEEN},
 * {@code IN}, {@code size}, {@code REMOVE}, {@code ADD}, {@code if_not_exists}, arithmetic) is a
 * {@link StandInException} naming what is not supported: a stand-in that guessed would hide a
 * change in what the stores ask of DynamoDB.
 */
final class StandInExpression {

  private final String text;
  private final JsonNode names;
  private final JsonNode values;
  private final List<String> tokens;
  private int position;

  private StandInExpression(String text, JsonNode names, JsonNode values) {
    this.text = text;
    this.names = names;
    this.values = values;
    this.tokens = tokenize(text);
  }

  /** A condition or filter expression as a test of an item (null when the item is absent). */
  static Predicate<ObjectNode> condition(String text, JsonNode names, JsonNode values) {
    StandInExpression expression = new StandInExpression(text, names, values);
    Predicate<ObjectNode> condition = expression.or();
    expression.expectEnd();
    return condition;
  }

  /** An update expression: the attributes it sets, with their new values, and those it removes. */
  record Update(Map<String, JsonNode> sets, List<String> removes) {}

  /** An update expression of {@code SET a = :v, ...} and {@code REMOVE a, ...} sections. */
  static Update update(String text, JsonNode names, JsonNode values) {
    StandInExpression expression = new StandInExpression(text, names, values);
    Map<String, JsonNode> sets = new LinkedHashMap<>();
    List<String> removes = new ArrayList<>();
    do {
      String section = expression.next();
      if (section.equalsIgnoreCase("SET")) {
        do {
          String attribute = expression.attribute(expression.next());
          expression.expect("=");
          String operand = expression.next();
          if (!operand.startsWith(":")) {
            throw expression.unsupported("a SET clause whose value is '" + operand + "'");
          }
          sets.put(attribute, expression.value(operand));
        } while (expression.accept(","));
      } else if (section.equalsIgnoreCase("REMOVE")) {
        do {
          removes.add(expression.attribute(expression.next()));
        } while (expression.accept(","));
      } else {
        throw expression.unsupported("the update section '" + section + "' (only SET and REMOVE)");
      }
    } while (expression.position < expression.tokens.size());
    return new Update(sets, removes);
  }

  /** The attributes a projection expression names. */
  static List<String> projection(String text, JsonNode names) {
    StandInExpression expression = new StandInExpression(text, names, null);
    List<String> attributes = new ArrayList<>();
    do {
      attributes.add(expression.attribute(expression.next()));
    } while (expression.accept(","));
    expression.expectEnd();
    return attributes;
  }

  /**
   * The key condition of a query: the partition key's value and a test of the sort key value
   * (always true when the expression has none).
   */
  static KeyCondition keyCondition(
      String text, JsonNode names, JsonNode values, String hashKey, String rangeKey) {
    StandInExpression expression = new StandInExpression(text, names, values);
    JsonNode partition = null;
    Predicate<JsonNode> range = value -> true;
    do {
      String first = expression.next();
      if (first.equalsIgnoreCase("begins_with")) {
        expression.expect("(");
        String attribute = expression.attribute(expression.next());
        expression.expect(",");
        JsonNode prefix = expression.value(expression.next());
        expression.expect(")");
        expression.requireKey(attribute, rangeKey);
        range = value -> beginsWith(value, prefix);
        continue;
      }
      String attribute = expression.attribute(first);
      String operator = expression.next();
      JsonNode value = expression.value(expression.next());
      if (attribute.equals(hashKey) && operator.equals("=") && partition == null) {
        partition = value;
      } else {
        expression.requireKey(attribute, rangeKey);
        range = rangeTest(operator, value, expression);
      }
    } while (expression.acceptKeyword("AND"));
    expression.expectEnd();
    if (partition == null) {
      throw expression.unsupported("a key condition without '" + hashKey + " = :value'");
    }
    return new KeyCondition(partition, range);
  }

  /** A query's partition key value and the test its sort key values must pass. */
  record KeyCondition(JsonNode partition, Predicate<JsonNode> range) {}

  private static Predicate<JsonNode> rangeTest(
      String operator, JsonNode right, StandInExpression expression) {
    return switch (operator) {
      case "=" -> left -> compare(left, right) == 0;
      case "<" -> left -> ordered(left, right) && compare(left, right) < 0;
      case "<=" -> left -> ordered(left, right) && compare(left, right) <= 0;
      case ">" -> left -> ordered(left, right) && compare(left, right) > 0;
      case ">=" -> left -> ordered(left, right) && compare(left, right) >= 0;
      default -> throw expression.unsupported("the key comparison '" + operator + "'");
    };
  }

  private void requireKey(String attribute, String rangeKey) {
    if (!attribute.equals(rangeKey)) {
      throw new StandInException(
          StandInException.VALIDATION,
          "Query key condition not supported: '" + attribute + "' is not a key of the table");
    }
  }

  private Predicate<ObjectNode> or() {
    Predicate<ObjectNode> left = and();
    while (acceptKeyword("OR")) {
      left = left.or(and());
    }
    return left;
  }

  private Predicate<ObjectNode> and() {
    Predicate<ObjectNode> left = not();
    while (acceptKeyword("AND")) {
      left = left.and(not());
    }
    return left;
  }

  private Predicate<ObjectNode> not() {
    if (acceptKeyword("NOT")) {
      return not().negate();
    }
    return primary();
  }

  private Predicate<ObjectNode> primary() {
    if (accept("(")) {
      Predicate<ObjectNode> inner = or();
      expect(")");
      return inner;
    }
    String first = next();
    String function = first.toLowerCase(Locale.ROOT);
    if (function.equals("attribute_exists") || function.equals("attribute_not_exists")) {
      expect("(");
      String attribute = attribute(next());
      expect(")");
      boolean exists = function.equals("attribute_exists");
      return item -> (item != null && item.has(attribute)) == exists;
    }
    if (function.equals("begins_with")) {
      expect("(");
      String attribute = attribute(next());
      expect(",");
      JsonNode prefix = operandValue(next());
      expect(")");
      return item -> item != null && beginsWith(item.get(attribute), prefix);
    }
    Operand left = operand(first);
    String operator = next();
    if (!List.of("=", "<>", "<", "<=", ">", ">=").contains(operator)) {
      throw unsupported("the operator '" + operator + "'");
    }
    Operand right = operand(next());
    return item -> {
      JsonNode a = left.of(item);
      JsonNode b = right.of(item);
      if (a == null || b == null) {
        return false;
      }
      return switch (operator) {
        case "=" -> compare(a, b) == 0;
        case "<>" -> compare(a, b) != 0;
        case "<" -> ordered(a, b) && compare(a, b) < 0;
        case "<=" -> ordered(a, b) && compare(a, b) <= 0;
        case ">" -> ordered(a, b) && compare(a, b) > 0;
        default -> ordered(a, b) && compare(a, b) >= 0;
      };
    };
  }

  /** One side of a comparison: an attribute of the item, or a value of the request. */
  private interface Operand {
    JsonNode of(ObjectNode item);
  }

  private Operand operand(String token) {
    if (token.startsWith(":")) {
      JsonNode value = value(token);
      return item -> value;
    }
    String attribute = attribute(token);
    return item -> item == null ? null : item.get(attribute);
  }

  private JsonNode operandValue(String token) {
    if (!token.startsWith(":")) {
      throw unsupported("a function argument '" + token + "' that is not a value");
    }
    return value(token);
  }

  private String attribute(String token) {
    if (token.startsWith("#")) {
      JsonNode name = names == null ? null : names.get(token);
      if (name == null) {
        throw new StandInException(
            StandInException.VALIDATION,
            "Value provided in ExpressionAttributeNames unused or missing: " + token);
      }
      return name.asText();
    }
    if (token.isEmpty() || !Character.isLetter(token.charAt(0))) {
      throw unsupported("'" + token + "' where an attribute name belongs");
    }
    return token;
  }

  private JsonNode value(String token) {
    JsonNode value = values == null ? null : values.get(token);
    if (value == null) {
      throw new StandInException(
          StandInException.VALIDATION,
          "An expression attribute value used in expression is not defined: " + token);
    }
    return value;
  }

  private String next() {
    if (position >= tokens.size()) {
      throw new StandInException(
          StandInException.VALIDATION, "Invalid expression: unexpected end of '" + text + "'");
    }
    return tokens.get(position++);
  }

  private boolean accept(String token) {
    if (position < tokens.size() && tokens.get(position).equals(token)) {
      position++;
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String keyword) {
    if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword)) {
      position++;
      return true;
    }
    return false;
  }

  private void expect(String token) {
    String found = next();
    if (!found.equals(token)) {
      throw unsupported("'" + found + "' where '" + token + "' belongs");
    }
  }

  private void expectEnd() {
    if (position < tokens.size()) {
      throw unsupported("'" + tokens.get(position) + "'");
    }
  }

  private StandInException unsupported(String what) {
    return new StandInException(
        StandInException.VALIDATION,
        "The DynamoDB stand-in does not support " + what + " in the expression '" + text + "'");
  }

  private List<String> tokenize(String expression) {
    List<String> found = new ArrayList<>();
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if ("(),=".indexOf(c) >= 0) {
        found.add(String.valueOf(c));
        i++;
      } else if (c == '<' || c == '>') {
        String two = i + 1 < expression.length() ? expression.substring(i, i + 2) : "";
        if (two.equals("<=") || two.equals(">=") || two.equals("<>")) {
          found.add(two);
          i += 2;
        } else {
          found.add(String.valueOf(c));
          i++;
        }
      } else if (c == '#' || c == ':' || Character.isLetterOrDigit(c) || c == '_') {
        int start = i++;
        while (i < expression.length()
            && (Character.isLetterOrDigit(expression.charAt(i))
                || expression.charAt(i) == '_'
                || expression.charAt(i) == '-')) {
          i++;
        }
        found.add(expression.substring(start, i));
      } else {
        // '.', '[', '+', '-' and the rest: nested paths, list elements and arithmetic.
        throw new StandInException(
            StandInException.VALIDATION,
            "The DynamoDB stand-in does not support '"
                + c
                + "' in the expression '"
                + expression
                + "'");
      }
    }
    return found;
  }

  /** Whether two values have one scalar type that DynamoDB orders (S, N or B). */
  private static boolean ordered(JsonNode a, JsonNode b) {
    String type = typeOf(a);
    return type.equals(typeOf(b)) && (type.equals("S") || type.equals("N") || type.equals("B"));
  }

  /** Zero when equal; for S, N and B of one type their order; otherwise any non-zero. */
  static int compare(JsonNode a, JsonNode b) {
    String type = typeOf(a);
    if (!type.equals(typeOf(b))) {
      return 1;
    }
    return switch (type) {
      case "N" ->
          new BigDecimal(a.get("N").asText()).compareTo(new BigDecimal(b.get("N").asText()));
      case "S" -> a.get("S").asText().compareTo(b.get("S").asText());
      case "B" ->
          Arrays.compareUnsigned(
              Base64.getDecoder().decode(a.get("B").asText()),
              Base64.getDecoder().decode(b.get("B").asText()));
      default -> a.equals(b) ? 0 : 1;
    };
  }

  private static boolean beginsWith(JsonNode value, JsonNode prefix) {
    if (value == null || !typeOf(value).equals("S") || !typeOf(prefix).equals("S")) {
      return false;
    }
    return value.get("S").asText().startsWith(prefix.get("S").asText());
  }

  /** The type of an attribute value, such as S, N or BOOL. */
  static String typeOf(JsonNode value) {
    Iterator<String> fields = value.fieldNames();
    return fields.hasNext() ? fields.next() : "";
  }
}
