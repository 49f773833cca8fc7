package dev.mailflow.emulator;

import software.amazon.awssdk.core.sync.RequestBody;
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

  /**
   * Creates a bucket of a unique name in {@code region} holding {@code text} under {@code key}, as
   * an operator uploads the configuration document; answers its address, {@code s3://BUCKET/KEY},
   * as {@code MAILFLOW_CONFIG_OBJECT} takes it.
   */
  public static String withObject(S3Client s3, String region, String key, String text) {
    String bucket = ResourceNames.unique("config");
    create(s3, bucket, region);
    s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromString(text));
    return "s3://" + bucket + "/" + key;
  }
}
