package dev.mailflow.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A DynamoDB error the {@link DynamoDbStandIn} answers with: HTTP 400 and a body of {@code __type}
 * and {@code message}, as DynamoDB sends it, so the SDK throws the same exception it would.
 */
final class StandInException extends RuntimeException {

  static final String VALIDATION = "com.amazon.coral.validate#ValidationException";
  static final String CONDITIONAL_CHECK_FAILED =
      "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException";
  static final String RESOURCE_NOT_FOUND =
      "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException";
  static final String RESOURCE_IN_USE = "com.amazonaws.dynamodb.v20120810#ResourceInUseException";
  static final String UNKNOWN_OPERATION = "com.amazon.coral.service#UnknownOperationException";

  private static final long serialVersionUID = 1L;

  private final String type;
  private final transient ObjectNode item;

  StandInException(String type, String message) {
    this(type, message, null);
  }

  /**
   * @param item the item as it stood, returned with a failed condition when the request asked for
   *     it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}); null for none
   */
  StandInException(String type, String message, ObjectNode item) {
    super(message);
    this.type = type;
    this.item = item;
  }

  /** The {@code __type} of the error body. */
  String type() {
    return type;
  }

  /** The item to return as {@code Item}, or null. */
  ObjectNode item() {
    return item;
  }
}
