package dev.mailflow.adapters.config;

import java.util.Objects;

/**
 * A document its store could give but that is refused before it is read as a configuration: too
 * large, or not text. {@link ConfigurationSource} treats it as an invalid document, told once for
 * each {@link #version()}, not as a store it cannot reach.
 */
public final class RefusedDocumentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String version;

  /**
   * @param message what is wrong with the document, naming it
   * @param version what tells this version of the document from the next, such as its ETag
   */
  public RefusedDocumentException(String message, String version) {
    super(message);
    this.version = Objects.requireNonNull(version, "version");
  }

  /** What tells this version of the document from the next, such as its ETag. */
  public String version() {
    return version;
  }
}
