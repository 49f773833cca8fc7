package dev.mailflow.domain.probe;

import java.util.Objects;

/**
 * The keys in force: new tokens are signed with {@code current}; tokens signed with {@code current}
 * or {@code previous} are accepted.
 *
 * <p>To rotate, make the old current key the previous one and a new key current. Probes still in
 * flight keep verifying until the next rotation retires the old key; a probe that arrives after
 * that is refused with {@link TokenRejection#UNKNOWN_KEY}, which says exactly what happened.
 *
 * @param current the key that signs; required
 * @param previous the key retired last, still accepted; {@code null} when there is none
 */
public record SigningKeys(SigningKey current, SigningKey previous) {
  public SigningKeys {
    Objects.requireNonNull(current, "current signing key");
    if (previous != null && previous.id().equals(current.id())) {
      throw new IllegalArgumentException(
          "current and previous signing keys share the id "
              + current.id()
              + ": give the new key a new id, or tokens could not say which key signed them");
    }
  }

  /** Only one key, as before the first rotation. */
  public static SigningKeys of(SigningKey current) {
    return new SigningKeys(current, null);
  }

  /** True when {@code other} holds the same keys, current and previous: nothing was rotated. */
  public boolean sameAs(SigningKeys other) {
    return other != null
        && current.sameAs(other.current)
        && (previous == null ? other.previous == null : previous.sameAs(other.previous));
  }

  /** The accepted key with this id, or {@code null} when no key in force has it. */
  public SigningKey find(String keyId) {
    if (current.id().equals(keyId)) {
      return current;
    }
    if (previous != null && previous.id().equals(keyId)) {
      return previous;
    }
    return null;
  }
}
