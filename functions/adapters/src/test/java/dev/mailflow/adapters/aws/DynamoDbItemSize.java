package dev.mailflow.adapters.aws;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item at, by its published rules ("DynamoDB item sizes and formats"):
 * names and strings in UTF-8 bytes, numbers one byte per two significant digits plus one, BOOL and
 * NULL one byte, lists and maps three bytes plus one per element. Emulators do not report it.
 */
final class DynamoDbItemSize {

  private DynamoDbItemSize() {}

  static int of(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      size += utf8(attribute.getKey()) + value(attribute.getValue());
    }
    return size;
  }

  private static int value(AttributeValue value) {
    switch (value.type()) {
      case S:
        return utf8(value.s());
      case N:
        return number(value.n());
      case B:
        return value.b().asByteArrayUnsafe().length;
      case BOOL:
      case NUL:
        return 1;
      case SS:
        return value.ss().stream().mapToInt(DynamoDbItemSize::utf8).sum();
      case NS:
        return value.ns().stream().mapToInt(DynamoDbItemSize::number).sum();
      case BS:
        return value.bs().stream().mapToInt(bytes -> bytes.asByteArrayUnsafe().length).sum();
      case L:
        return 3 + value.l().stream().mapToInt(element -> 1 + value(element)).sum();
      case M:
        return 3
            + value.m().entrySet().stream()
                .mapToInt(entry -> 1 + utf8(entry.getKey()) + value(entry.getValue()))
                .sum();
      default:
        throw new IllegalArgumentException("unknown attribute type " + value.type());
    }
  }

  private static int number(String number) {
    String digits = new BigDecimal(number).stripTrailingZeros().unscaledValue().abs().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
