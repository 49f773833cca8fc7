package dev.mailflow.domain.route;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how probes are submitted to a server.
 *
 * @param host name or address of the submission service
 * @param port TCP port, 1 to 65535
 * @param security connection protection
 * @param credentialsSecret the name of the secret holding the user name and password, or {@code
 *     null} when the server accepts unauthenticated submission from the monitor
 */
public record SmtpEndpoint(
    String host, int port, TransportSecurity security, String credentialsSecret) {
  /** A DNS name (underscores allowed, as internal names have them), an IPv4 or an IPv6 address. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9_.:\\[\\]-]{1,253}");

  public SmtpEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("SMTP host must not be blank");
    }
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException(
          "SMTP host '"
              + printable(host)
              + "' is not a host name or address: use letters, digits, '.', '-', '_', or an IPv6"
              + " address in brackets, at most 253 characters");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SMTP port " + port + " is outside 1..65535");
    }
    Objects.requireNonNull(security, "security");
    if (credentialsSecret != null && credentialsSecret.isBlank()) {
      credentialsSecret = null;
    }
  }

  /** The text with every character outside printable ASCII written as a Unicode escape. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .limit(80)
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                out.appendCodePoint(c);
              } else {
                out.append(String.format("\\u%04x", c));
              }
            });
    return out.toString();
  }

  /** True when submission needs a user name and password. */
  public boolean authenticated() {
    return credentialsSecret != null;
  }
}
