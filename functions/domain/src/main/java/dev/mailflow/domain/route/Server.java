package dev.mailflow.domain.route;

import java.util.Objects;

/**
 * A mail server that takes part in monitoring, such as MX01.
 *
 * @param id short stable name used in routes, windows and alerts
 * @param transport how probes that start at this server are handed over
 * @param submission where probes are submitted over SMTP; {@code null} for {@link Transport#SES}
 */
public record Server(String id, Transport transport, SmtpEndpoint submission) {

  /** How probes are handed to a server. */
  public enum Transport {
    /** Submitted over SMTP to the server's submission port. */
    SMTP,
    /** Sent through the Amazon SES API: the "server" is SES itself. */
    SES
  }

  public Server {
    Identifier.require("server id", id);
    Objects.requireNonNull(transport, "transport");
    if (transport == Transport.SMTP && submission == null) {
      throw new IllegalArgumentException("server " + id + ": an SMTP server needs a host");
    }
  }

  /** A server probes are submitted to over SMTP. */
  public static Server smtp(String id, SmtpEndpoint submission) {
    return new Server(id, Transport.SMTP, submission);
  }

  /** The Amazon SES API as a source of probes. */
  public static Server ses(String id) {
    return new Server(id, Transport.SES, null);
  }
}
