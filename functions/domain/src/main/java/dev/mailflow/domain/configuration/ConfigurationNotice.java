package dev.mailflow.domain.configuration;

import java.time.Instant;
import java.util.Objects;

/**
 * A problem in what operators wrote (a maintenance window item, the configuration document) that
 * Mailflow cannot act on: told to the alert subscribers once, so it is fixed, not ignored.
 *
 * @param subject what is wrong, e.g. "maintenance window item patch-mx01"
 * @param reason why it was refused
 * @param at when it was found
 */
public record ConfigurationNotice(String subject, String reason, Instant at) {
  public ConfigurationNotice {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
