package dev.mailflow.adapters.aws;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A DynamoDB attribute value as a person reads it in an error message: its type, in words and in
 * DynamoDB's letters, and the value when it is short ({@code a number (N) 1764626400}).
 */
final class AttributeDescription {

  private static final int MAX_SHOWN_CHARS = 80;

  private AttributeDescription() {}

  static String of(AttributeValue value) {
    switch (value.type()) {
      case S:
        return "a string (S) '" + shown(value.s()) + "'";
      case N:
        return "a number (N) " + shown(value.n());
      case BOOL:
        return "a boolean (BOOL) " + value.bool();
      case NUL:
        return "null (NULL)";
      case B:
        return "binary (B)";
      case SS:
        return "a string set (SS) " + shown(String.valueOf(value.ss()));
      case NS:
        return "a number set (NS) " + shown(String.valueOf(value.ns()));
      case BS:
        return "a binary set (BS)";
      case L:
        return "a list (L) of " + value.l().size();
      case M:
        return "a map (M) of " + value.m().size();
      default:
        return "a value of a type this version does not know";
    }
  }

  private static String shown(String text) {
    return text.length() <= MAX_SHOWN_CHARS
        ? text
        : text.substring(0, MAX_SHOWN_CHARS) + "... (" + text.length() + " characters)";
  }
}
