package dev.mailflow.receive;

import java.util.Objects;

/**
 * A record of the event that the receive function could not read: not an object, from a source
 * other than SES or S3, or without a field it needs.
 *
 * @param index the record's place in the event's {@code Records} array
 * @param identity what names the record, as far as it could be read ({@code sesMessageId=...},
 *     {@code s3Key=...}), or {@code Records[index]}
 * @param reason what is wrong, for a person reading the log
 */
record MalformedRecord(int index, String identity, String reason) implements EventRecord {
  public MalformedRecord {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(reason, "reason");
  }
}
