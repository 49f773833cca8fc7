package dev.mailflow.benchmarks;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item by: each attribute's name in UTF-8 plus its value (strings in
 * UTF-8, numbers about one byte for two digits plus one, binary as is, lists and maps three bytes
 * plus one per element), as the DynamoDB developer guide describes it.
 */
final class ItemSize {
  private ItemSize() {}

  static int of(Map<String, AttributeValue> item) {
    int bytes = 0;
    for (Map.Entry<String, AttributeValue> attribute : item.entrySet()) {
      bytes += utf8(attribute.getKey()) + value(attribute.getValue());
    }
    return bytes;
  }

  private static int value(AttributeValue value) {
    if (value.s() != null) {
      return utf8(value.s());
    }
    if (value.n() != null) {
      return number(value.n());
    }
    if (value.b() != null) {
      return value.b().asByteArray().length;
    }
    if (value.bool() != null || Boolean.TRUE.equals(value.nul())) {
      return 1;
    }
    int bytes = 3;
    if (value.hasSs()) {
      for (String s : value.ss()) {
        bytes += utf8(s);
      }
    } else if (value.hasNs()) {
      for (String n : value.ns()) {
        bytes += number(n);
      }
    } else if (value.hasBs()) {
      for (SdkBytes b : value.bs()) {
        bytes += b.asByteArray().length;
      }
    } else if (value.hasL()) {
      for (AttributeValue element : value.l()) {
        bytes += 1 + value(element);
      }
    } else if (value.hasM()) {
      for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
        bytes += 1 + utf8(entry.getKey()) + value(entry.getValue());
      }
    }
    return bytes;
  }

  private static int number(String text) {
    String digits = new BigDecimal(text).unscaledValue().abs().toString();
    return (digits.length() + 1) / 2 + 1;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
