package dev.mailflow.local.scenario;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A mail server of a scenario, as it behaves at the start; timeline events change it later.
 *
 * @param id its id in routes and windows, such as MX01
 * @param domain the mail domain it is the final server for; its probe mailboxes are there
 * @param processing how long it holds a mail before it relays it, the ordinary few seconds
 * @param retryInterval how long it waits after a mail's first failed attempt before trying it
 *     again, and how long it leaves a next hop alone after a connection to it failed
 * @param maxRetryInterval the longest it waits between attempts: each failed attempt of a mail
 *     doubles its wait, up to this
 * @param clockSkew how far its clock is off (negative: behind), seen in its Received stamps
 * @param greylist how long it greylists a new sender and recipient from another server; zero for
 *     not at all
 * @param delay extra time it holds every mail before relaying, as a slow relay does; zero normally
 * @param relayVia the server it hands all other servers' mail to (a smart host), if any
 * @param originChecked true when the monitor's configuration names it as the relay host of its
 *     probes ({@code relayHosts}): a probe SES gets from any other host is refused
 */
public record ScenarioServer(
    String id,
    String domain,
    Duration processing,
    Duration retryInterval,
    Duration maxRetryInterval,
    Duration clockSkew,
    Duration greylist,
    Duration delay,
    Optional<String> relayVia,
    boolean originChecked) {
  public ScenarioServer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(processing, "processing");
    Objects.requireNonNull(retryInterval, "retryInterval");
    Objects.requireNonNull(maxRetryInterval, "maxRetryInterval");
    if (maxRetryInterval.compareTo(retryInterval) < 0) {
      throw new IllegalArgumentException(
          "maxRetryInterval "
              + maxRetryInterval
              + " is shorter than retryInterval "
              + retryInterval);
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(greylist, "greylist");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(relayVia, "relayVia");
  }

  /**
   * How long it waits after the {@code failedAttempts}-th failed attempt of a mail: the retry
   * interval after the first, twice that after the second, and so on, never longer than the
   * maximum.
   */
  public Duration retryAfter(int failedAttempts) {
    Duration wait = retryInterval;
    for (int attempt = 1;
        attempt < failedAttempts && wait.compareTo(maxRetryInterval) < 0;
        attempt++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : wait;
  }

  /** The host name it greets with and stamps in its Received headers. */
  public String hostname() {
    return domain;
  }
}
