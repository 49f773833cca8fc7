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
 * @param about what kind of thing was refused, which decides what the reader is told to do
 */
public record ConfigurationNotice(String subject, String reason, Instant at, About about) {

  /** What a configuration notice is about. */
  public enum About {
    /** An item of the maintenance window table: it is ignored, so it silences nothing. */
    WINDOW_ITEM,
    /** A new version of the configuration document: the last good version stays in force. */
    CONFIGURATION_DOCUMENT
  }

  public ConfigurationNotice {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(about, "about");
  }

  /** A notice about a maintenance window item. */
  public ConfigurationNotice(String subject, String reason, Instant at) {
    this(subject, reason, at, About.WINDOW_ITEM);
  }
}
