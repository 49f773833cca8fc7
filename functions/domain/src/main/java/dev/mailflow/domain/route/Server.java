package dev.mailflow.domain.route;

import java.util.Objects;

/**
 * A mail server that takes part in monitoring, such as MX01.
 *
 * @param id short stable name used in routes, windows and alerts
 * @param submission where probes that start at this server are submitted
 */
public record Server(String id, SmtpEndpoint submission) {
  public Server {
    Identifier.require("server id", id);
    Objects.requireNonNull(submission, "submission");
  }
}
