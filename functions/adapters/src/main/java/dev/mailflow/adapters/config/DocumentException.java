package dev.mailflow.adapters.config;

/** A document (configuration, scenario) is not well-formed YAML or JSON; says where. */
public class DocumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public DocumentException(String message) {
    super(message);
  }

  public DocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
