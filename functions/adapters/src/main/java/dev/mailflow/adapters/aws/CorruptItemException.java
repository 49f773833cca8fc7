package dev.mailflow.adapters.aws;

/**
 * An item in a table does not have the shape its table contract gives it: an attribute missing, of
 * the wrong type, or unreadable. Hand-edited or half-migrated items end up like this; the reader
 * skips them and logs this message, which names the attribute and the value.
 */
final class CorruptItemException extends Exception {
  private static final long serialVersionUID = 1L;

  CorruptItemException(String message) {
    super(message);
  }
}
