package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.mail.RawMail;
import dev.mailflow.adapters.mail.RawMailSource;
import dev.mailflow.domain.probe.StoreException;
import java.util.Objects;
import java.util.OptionalLong;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads raw inbound mail from S3, where the SES receipt rule's S3 action stores it, within a byte
 * limit.
 *
 * <p>The size comes first, from the caller (an S3 event carries it) or from a {@code HeadObject}: a
 * mail over the limit is refused unread. Otherwise one {@code GetObject} with a byte range of at
 * most the limit plus one byte reads it, so even an object that grew between the two calls is never
 * downloaded whole.
 *
 * <p>A failure is a {@link StoreException}, {@linkplain StoreException#isTransient() transient}
 * when S3 throttled, answered 5xx or could not be reached, as {@link StoreFailure} decides for
 * every store; other refusals (access denied, no such bucket) are not. Thread-safe: build one per
 * container.
 */
public final class S3RawMailSource implements RawMailSource {

  private static final int NOT_FOUND = 404;
  private static final int RANGE_NOT_SATISFIABLE = 416;

  private final S3Client s3;
  private final int maxBytes;

  /**
   * @param s3 the S3 client, built once per container
   * @param maxBytes mails larger than this are refused unread
   */
  public S3RawMailSource(S3Client s3, int maxBytes) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public RawMail read(String bucket, String key, OptionalLong knownSize) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    long size;
    if (knownSize.isPresent()) {
      size = knownSize.getAsLong();
    } else {
      OptionalLong headSize = head(bucket, key);
      if (headSize.isEmpty()) {
        return missing(bucket, key);
      }
      size = headSize.getAsLong();
    }
    if (size > maxBytes) {
      return new RawMail.Oversized(size, maxBytes);
    }
    if (size == 0) {
      // A range request on an empty object is refused (416); there is nothing to download anyway.
      return new RawMail.Found(new byte[0]);
    }
    return get(bucket, key);
  }

  /** The object's size, or empty when there is no such object. */
  private OptionalLong head(String bucket, String key) {
    try {
      Long length = s3.headObject(request -> request.bucket(bucket).key(key)).contentLength();
      return OptionalLong.of(length == null ? 0 : length);
    } catch (NoSuchKeyException e) {
      return OptionalLong.empty();
    } catch (S3Exception e) {
      // HEAD answers carry no body, so a missing key may come back as a bare 404.
      if (e.statusCode() == NOT_FOUND && !isNoSuchBucket(e)) {
        return OptionalLong.empty();
      }
      throw failure("HeadObject", bucket, key, e);
    } catch (SdkException e) {
      throw failure("HeadObject", bucket, key, e);
    }
  }

  private RawMail get(String bucket, String key) {
    byte[] bytes;
    try {
      bytes =
          s3.getObjectAsBytes(
                  request -> request.bucket(bucket).key(key).range("bytes=0-" + maxBytes))
              .asByteArray();
    } catch (NoSuchKeyException e) {
      return missing(bucket, key);
    } catch (S3Exception e) {
      if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
        // The object was emptied after its size was read.
        return new RawMail.Found(new byte[0]);
      }
      throw failure("GetObject", bucket, key, e);
    } catch (SdkException e) {
      throw failure("GetObject", bucket, key, e);
    }
    if (bytes.length > maxBytes) {
      // The object grew past the limit after its size was read; only limit + 1 bytes came.
      return new RawMail.Oversized(bytes.length, maxBytes);
    }
    return new RawMail.Found(bytes);
  }

  private static RawMail missing(String bucket, String key) {
    return new RawMail.Missing("no object s3://" + bucket + "/" + key);
  }

  private static boolean isNoSuchBucket(S3Exception e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  private static StoreException failure(
      String operation, String bucket, String key, SdkException e) {
    return StoreFailure.of(operation + " of s3://" + bucket + "/" + key + " failed", e);
  }
}
