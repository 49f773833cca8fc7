package dev.mailflow.domain.route;

import java.util.Objects;

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
  public SmtpEndpoint {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("SMTP host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SMTP port " + port + " is outside 1..65535");
    }
    Objects.requireNonNull(security, "security");
    if (credentialsSecret != null && credentialsSecret.isBlank()) {
      credentialsSecret = null;
    }
  }

  /** True when submission needs a user name and password. */
  public boolean authenticated() {
    return credentialsSecret != null;
  }
}
