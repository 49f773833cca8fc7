package dev.mailflow.adapters.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An S3 object named as {@code s3://BUCKET/KEY}, as the configuration's object ({@code
 * MAILFLOW_CONFIG_OBJECT}) is given.
 *
 * @param bucket the bucket's name
 * @param key the object's key, never empty
 */
public record S3ObjectAddress(String bucket, String key) {

  private static final String SCHEME = "s3://";

  /** S3's rules for a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3ObjectAddress {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Reads {@code s3://BUCKET/KEY}.
   *
   * @throws IllegalArgumentException saying what is wrong, where {@code text} is not of that form
   */
  public static S3ObjectAddress parse(String text) {
    Objects.requireNonNull(text, "text");
    if (!text.startsWith(SCHEME)) {
      throw new IllegalArgumentException("must be s3://BUCKET/KEY, not " + text);
    }
    String path = text.substring(SCHEME.length());
    int slash = path.indexOf('/');
    if (slash < 0 || slash == path.length() - 1) {
      throw new IllegalArgumentException("names no object key after the bucket: " + text);
    }
    String bucket = path.substring(0, slash);
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException("names no valid bucket (" + bucket + "): " + text);
    }
    if (path.indexOf('*', slash) >= 0 || path.indexOf('?', slash) >= 0) {
      // The template grants the object by name, and IAM reads these as wildcards.
      throw new IllegalArgumentException("has * or ? in its key: " + text);
    }
    return new S3ObjectAddress(bucket, path.substring(slash + 1));
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
