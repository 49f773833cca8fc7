package dev.mailflow.domain.route;

import java.util.regex.Pattern;

/**
 * The one rule for the names of servers and routes.
 *
 * <p>Ids travel inside the probe token, DynamoDB keys, SNS message attributes and metric
 * dimensions, so they are kept to characters every one of those accepts without escaping: letters,
 * digits, '-' and '_', at most 64 of them. The dot is excluded because it separates the token's
 * fields.
 */
public final class Identifier {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Identifier() {}

  /** True when {@code value} may be used as a server or route id. */
  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  /**
   * Returns {@code value} when it is a valid id.
   *
   * @throws IllegalArgumentException naming {@code what} and the rule, when it is not
   */
  public static String require(String what, String value) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not a valid id: use 1 to 64 letters, digits, '-' or '_'");
    }
    return value;
  }
}
