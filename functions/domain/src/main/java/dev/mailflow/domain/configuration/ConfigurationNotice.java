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
 * @param fault identifies the refused version of the thing (its fingerprint), so that the notice
 *     published again after a failed publish, at a later run and so a later {@code at}, is
 *     recognisable as the same notice; {@code null} where there is none, and then {@code at} is
 *     what tells two notices on one subject apart
 */
public record ConfigurationNotice(
    String subject, String reason, Instant at, About about, String fault) {

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

  /** A notice without a fingerprint of what it refused. */
  public ConfigurationNotice(String subject, String reason, Instant at, About about) {
    this(subject, reason, at, about, null);
  }

  /** A notice about a maintenance window item. */
  public ConfigurationNotice(String subject, String reason, Instant at) {
    this(subject, reason, at, About.WINDOW_ITEM);
  }
}
