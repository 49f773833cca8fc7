package dev.mailflow.domain.probe;

import dev.mailflow.domain.route.Identifier;
import java.util.Arrays;
import java.util.Objects;

/**
 * A secret that signs probe tokens, with the id that tokens name it by.
 *
 * <p>The secret is copied in and out, so no caller can change a key another one holds, and {@link
 * #toString} shows only the id, so a key that ends up in a log line does not leak. Keys compare by
 * identity: two keys with the same id and different secrets are a configuration error that {@link
 * SigningKeys} refuses.
 */
public final class SigningKey {

  /** HMAC-SHA256 gains nothing from a longer key and loses strength with a shorter one. */
  public static final int MIN_SECRET_BYTES = 32;

  private final String id;
  private final byte[] secret;

  /**
   * Makes a key.
   *
   * @param id the id written into tokens; a valid {@link Identifier}
   * @param secret at least {@value #MIN_SECRET_BYTES} random bytes
   * @throws IllegalArgumentException naming the key when either is unusable
   */
  public SigningKey(String id, byte[] secret) {
    this.id = Identifier.require("signing key id", id);
    Objects.requireNonNull(secret, "secret of signing key " + id);
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "secret of signing key "
              + id
              + " has "
              + secret.length
              + " bytes: use at least "
              + MIN_SECRET_BYTES);
    }
    this.secret = secret.clone();
  }

  public String id() {
    return id;
  }

  /** A copy of the secret. */
  public byte[] secret() {
    return secret.clone();
  }

  /**
   * True when {@code other} has the same id and the same secret: the same key, read again. A
   * rotation is told apart from a mere re-read of the secret this way.
   */
  public boolean sameAs(SigningKey other) {
    return other != null && id.equals(other.id) && Arrays.equals(secret, other.secret);
  }

  @Override
  public String toString() {
    return "SigningKey[id=" + id + ", secret=hidden]";
  }
}
