package dev.mailflow.domain.route;

import java.util.Objects;

/**
 * A mail server that takes part in monitoring, such as MX01.
 *
 * @param id short stable name used in routes, windows and alerts
 * @param transport how probes that start at this server are handed over
 * @param submission where probes are submitted over SMTP; {@code null} for {@link Transport#SES}
 * @param origin what probes delivered through this server look like on arrival; {@link
 *     ExpectedOrigin#NONE} when nothing is expected
 */
public record Server(
    String id, Transport transport, SmtpEndpoint submission, ExpectedOrigin origin) {

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
    origin = origin == null ? ExpectedOrigin.NONE : origin;
  }

  /** A server that expects nothing of its probes' arrival. */
  public Server(String id, Transport transport, SmtpEndpoint submission) {
    this(id, transport, submission, ExpectedOrigin.NONE);
  }

  /** This server, expecting {@code origin} of the probes delivered through it. */
  public Server withOrigin(ExpectedOrigin origin) {
    return new Server(id, transport, submission, origin);
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
