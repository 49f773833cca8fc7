package dev.mailflow.adapters.config;

/** No valid monitor configuration could be read: the function cannot do its work. */
public class ConfigurationUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
