package dev.mailflow.domain.probe;

import dev.mailflow.domain.route.Identifier;
import java.time.Instant;
import java.util.Objects;

/**
 * What a probe mail carries to prove that Mailflow sent it: which key signed it, the route, the
 * instant it was sent and a nonce that names the probe.
 *
 * <p>It travels signed in the {@value #HEADER} header, written and checked by {@link
 * ProbeTokenSigner}. Every field is kept to characters that need no escaping in a mail header, so
 * the header stays readable to a person tracing a mail: {@code
 * v1.k2024.MX02-to-MX01.1154081941000.q3Jx0bW8LkPz1mNe.<mac>}.
 *
 * @param keyId the id of the signing key, so keys can be rotated without breaking probes in flight
 * @param routeId the route the probe travels
 * @param sentAt when the probe was sent, to the millisecond (the wire format carries epoch millis,
 *     so a finer instant would not survive the round trip)
 * @param nonce 8 to 32 letters, digits, '-' or '_'; the probe's id within its route
 */
public record ProbeToken(String keyId, String routeId, Instant sentAt, String nonce) {

  /** The mail header that carries the signed token, on the way out and on the way in. */
  public static final String HEADER = "X-Mailflow-Probe";

  /** Earliest instant a token can carry: epoch millis are written without a sign. */
  static final long MIN_EPOCH_MILLI = 0L;

  /** Latest instant a token can carry (9999-12-31T23:59:59.999Z): 15 decimal digits at most. */
  static final long MAX_EPOCH_MILLI = 253_402_300_799_999L;

  static final int MIN_NONCE_LENGTH = 8;
  static final int MAX_NONCE_LENGTH = 32;

  public ProbeToken {
    Identifier.require("key id of probe token", keyId);
    Identifier.require("route id of probe token", routeId);
    Objects.requireNonNull(sentAt, "sentAt");
    if (sentAt.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "sentAt "
              + sentAt
              + " is finer than a millisecond: truncate it with truncatedTo(ChronoUnit.MILLIS)"
              + " so the token and the probe record agree");
    }
    if (sentAt.isBefore(Instant.ofEpochMilli(MIN_EPOCH_MILLI))
        || sentAt.isAfter(Instant.ofEpochMilli(MAX_EPOCH_MILLI))) {
      throw new IllegalArgumentException(
          "sentAt " + sentAt + " is outside the years 1970 to 9999 a probe token can carry");
    }
    if (!isValidNonce(nonce)) {
      throw new IllegalArgumentException(
          "nonce '"
              + nonce
              + "' is not valid: use "
              + MIN_NONCE_LENGTH
              + " to "
              + MAX_NONCE_LENGTH
              + " letters, digits, '-' or '_'");
    }
  }

  /** The probe's id: its nonce, unique within the route. */
  public String probeId() {
    return nonce;
  }

  /** True when {@code value} may be used as a nonce. */
  public static boolean isValidNonce(String value) {
    if (value == null || value.length() < MIN_NONCE_LENGTH || value.length() > MAX_NONCE_LENGTH) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!isTokenChar(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The characters ids and nonces are made of: letters, digits, '-' and '_' (base64url too). */
  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
