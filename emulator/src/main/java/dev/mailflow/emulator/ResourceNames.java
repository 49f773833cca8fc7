package dev.mailflow.emulator;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Names for the tables, buckets, topics and queues that a test class creates, unique per call.
 *
 * <p>Test classes share one emulator (moto is reset between classes, a LocalStack container is
 * not), so no test may depend on a fixed name. Call {@link #unique(String)} once per resource, in
 * {@code @BeforeAll} or in the test: {@code ResourceNames.unique("probes")} gives {@code
 * probes-k3x9q2-1}, then {@code probes-k3x9q2-2}. The middle part differs between test runs, so
 * names from an earlier run against a long-lived emulator never collide either.
 *
 * <p>Names are lowercase letters, digits and hyphens, at most 63 characters: valid for S3 buckets,
 * DynamoDB tables, SNS topics, SQS standard queues, SSM parameters and secrets alike.
 */
public final class ResourceNames {

  private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final String RUN = runToken();
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private ResourceNames() {}

  /**
   * A new name that starts with {@code purpose}.
   *
   * @param purpose what the resource is for, 1 to 40 lowercase letters, digits or hyphens, starting
   *     with a letter
   * @throws IllegalArgumentException if {@code purpose} does not fit
   */
  public static String unique(String purpose) {
    if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
      throw new IllegalArgumentException(
          "A resource name purpose is 1 to 40 lowercase letters, digits or hyphens, starting with a"
              + " letter (valid in every AWS service): "
              + purpose);
    }
    return purpose + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
  }

  private static String runToken() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      token.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return token.toString();
  }
}
