package dev.mailflow.domain.configuration;

import java.util.Objects;

/**
 * A version of the configuration document that was refused while an earlier, good version stays in
 * force.
 *
 * @param name the document's name, such as the parameter name
 * @param reason every fault found, with its line
 * @param fingerprint names this version of the document, so it is reported once however often it is
 *     read again, and a new version that goes wrong is reported again
 */
public record RejectedDocument(String name, String reason, String fingerprint) {
  public RejectedDocument {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(fingerprint, "fingerprint");
  }
}
