package dev.mailflow.adapters.aws;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A random token that one conditional write stores in its item, so that a failed condition can be
 * told apart from another writer's win.
 *
 * <p>When DynamoDB takes a write but its answer is lost (a 500, a reset connection, a timeout), the
 * SDK sends the same request again, and that retry fails its own condition: the item is already as
 * the write left it. Read as "another run won", that delays a notice by a lease or counts a first
 * arrival as a duplicate. So every conditional write sets {@link #value() its token} in an
 * attribute of its own, asks DynamoDB for the item as it stood when the condition failed ({@code
 * ReturnValuesOnConditionCheckFailure=ALL_OLD}: no second request, and no later write can slip in
 * between), and counts the failure as its own success when the item carries its token. A token is
 * made per call, not per run: the SDK's retries of one call repeat it, two calls never share it.
 *
 * <p>Where DynamoDB (or an emulator) returns no item with the failure, the write is taken as lost
 * to another writer, as before tokens: the cautious reading.
 */
final class WriterToken {

  private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

  private final String value;

  private WriterToken(String value) {
    this.value = value;
  }

  /** A token no other write has: 128 random bits, 22 characters. */
  static WriterToken next() {
    UUID random = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(random.getMostSignificantBits()).putLong(random.getLeastSignificantBits());
    return new WriterToken(TEXT.encodeToString(bytes.array()));
  }

  /** The token as the attribute value its write stores. */
  AttributeValue value() {
    return AttributeValue.fromS(value);
  }

  /**
   * True when the item {@code failure} was checked against carries this token in {@code attribute}:
   * the write took effect in an earlier attempt of the same call.
   */
  boolean wroteItemOf(ConditionalCheckFailedException failure, String attribute) {
    if (!failure.hasItem()) {
      return false;
    }
    Map<String, AttributeValue> stored = failure.item();
    AttributeValue writer = stored.get(attribute);
    return writer != null && value.equals(writer.s());
  }

  @Override
  public String toString() {
    return value;
  }
}
