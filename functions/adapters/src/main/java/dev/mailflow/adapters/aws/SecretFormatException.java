package dev.mailflow.adapters.aws;

/** A secret is not in the documented form; the message names the secret and field, never values. */
public class SecretFormatException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SecretFormatException(String message) {
    super(message);
  }
}
