package dev.mailflow.receive;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A record of an S3 event notification ({@code "eventSource": "aws:s3"}) for an object created in
 * the bucket where SES stores inbound mail: the other way the receive function can be triggered.
 *
 * @param index the record's place in the event's {@code Records} array
 * @param eventName {@code ObjectCreated:Put} and the like
 * @param eventTime when S3 created the object, which is when SES stored the accepted mail
 * @param awsRegion the bucket's region
 * @param bucket the bucket's name
 * @param key the object key, URL-decoded (the event carries it URL-encoded)
 * @param size the object's size in bytes, when the event says
 * @param eTag the object's entity tag; empty when absent
 */
record S3ObjectCreatedRecord(
    int index,
    String eventName,
    Instant eventTime,
    String awsRegion,
    String bucket,
    String key,
    OptionalLong size,
    String eTag)
    implements EventRecord {

  /** The value of {@code eventSource} in such records. */
  public static final String EVENT_SOURCE = "aws:s3";

  /** The prefix of the {@code eventName} of every object-created event. */
  public static final String OBJECT_CREATED = "ObjectCreated:";

  public S3ObjectCreatedRecord {
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(eventTime, "eventTime");
    awsRegion = awsRegion == null ? "" : awsRegion;
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    size = size == null ? OptionalLong.empty() : size;
    eTag = eTag == null ? "" : eTag;
  }
}
