package dev.mailflow.emulator;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;

/** Creates buckets as the stack does, in the clients' region. */
public final class S3Buckets {

  private S3Buckets() {}

  /**
   * Creates {@code bucket} in {@code region}. Outside us-east-1, S3 (and the emulators) refuse a
   * bucket without a location constraint naming the region; in us-east-1 they refuse one with it.
   */
  public static void create(S3Client s3, String bucket, String region) {
    s3.createBucket(
        request -> {
          request.bucket(bucket);
          if (!"us-east-1".equals(region)) {
            request.createBucketConfiguration(
                location ->
                    location.locationConstraint(BucketLocationConstraint.fromValue(region)));
          }
        });
  }
}
