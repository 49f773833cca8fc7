package dev.mailflow.domain.probe;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs probe tokens and checks the ones that come back.
 *
 * <p>The wire format is {@code v1.<keyId>.<routeId>.<sentAt epoch millis>.<nonce>.<mac>}, where
 * {@code mac} is the unpadded base64url HMAC-SHA256 of the UTF-8 bytes before its dot. It is short
 * enough for one header line, needs no encoding, and a person reading the headers of a stuck mail
 * sees the route and the send time without tools.
 *
 * <p>Build one per set of keys and share it: it is thread-safe, and each thread keeps its own
 * {@link Mac} per key, because looking up and initialising a {@code Mac} for every token doubles
 * the cost of its HMAC and adds about 900 bytes of garbage (see {@code ProbeTokenBenchmark}).
 * {@link #verify} never throws on bad input; it answers with a {@link TokenRejection}.
 */
public final class ProbeTokenSigner {

  /** Tokens longer than this are refused unread; the longest token Mailflow writes has 225. */
  public static final int MAX_TOKEN_LENGTH = 256;

  static final String VERSION = "v1";

  private static final String ALGORITHM = "HmacSHA256";
  private static final int FIELDS = 6;
  private static final int MAC_CHARS = 43;
  private static final int MAX_MILLIS_DIGITS = 15;
  private static final int NONCE_BYTES = 12;
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyMac current;
  private final KeyMac previous;

  /**
   * Prepares the signer for these keys.
   *
   * @throws IllegalStateException when the JDK offers no HMAC-SHA256, which no supported JDK lacks
   */
  public ProbeTokenSigner(SigningKeys keys) {
    Objects.requireNonNull(keys, "keys");
    this.current = new KeyMac(keys.current());
    this.previous = keys.previous() == null ? null : new KeyMac(keys.previous());
  }

  /**
   * A fresh random nonce of 16 url-safe characters (96 random bits), for a new probe.
   *
   * <p>96 bits make a collision within a route's lifetime of probes practically impossible.
   */
  public static String newNonce() {
    byte[] bytes = new byte[NONCE_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  /** The id of the key new tokens are signed with. */
  public String currentKeyId() {
    return current.id;
  }

  /**
   * Signs a token with the current key.
   *
   * @param routeId the route the probe travels; a valid id
   * @param sentAt when it is sent, to the millisecond
   * @param nonce the probe's id; see {@link ProbeToken#isValidNonce}
   * @return the value of the {@value ProbeToken#HEADER} header
   * @throws IllegalArgumentException when a field is not valid, as {@link ProbeToken} says
   */
  public String sign(String routeId, Instant sentAt, String nonce) {
    ProbeToken token = new ProbeToken(current.id, routeId, sentAt, nonce);
    String signed =
        VERSION
            + '.'
            + token.keyId()
            + '.'
            + token.routeId()
            + '.'
            + token.sentAt().toEpochMilli()
            + '.'
            + token.nonce();
    byte[] mac = current.mac(signed.getBytes(StandardCharsets.UTF_8));
    return signed + '.' + BASE64URL.encodeToString(mac);
  }

  /**
   * Checks a header value. Folding whitespace around the token (a folded header carries CRLF and a
   * space) is ignored.
   *
   * @param headerValue the {@value ProbeToken#HEADER} header as received; may be {@code null}
   * @return the token when it is ours and unaltered, otherwise the reason it is not
   */
  public TokenVerification verify(String headerValue) {
    if (headerValue == null) {
      return rejected(TokenRejection.MALFORMED, "no token");
    }
    int start = 0;
    int end = headerValue.length();
    while (start < end && isFoldingWhitespace(headerValue.charAt(start))) {
      start++;
    }
    while (end > start && isFoldingWhitespace(headerValue.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return rejected(TokenRejection.MALFORMED, "empty token");
    }
    if (end - start > MAX_TOKEN_LENGTH) {
      return rejected(
          TokenRejection.TOO_LONG,
          (end - start) + " characters, a token has at most " + MAX_TOKEN_LENGTH);
    }
    String token = headerValue.substring(start, end);
    // The version decides the rest of the format, so it is read before anything else.
    int versionEnd = versionEnd(token);
    if (versionEnd < 0) {
      return rejected(TokenRejection.MALFORMED, "does not start with a version such as v1");
    }
    if (versionEnd != VERSION.length() || !token.startsWith(VERSION)) {
      return rejected(
          TokenRejection.UNSUPPORTED_VERSION,
          "version " + token.substring(0, versionEnd) + ", expected " + VERSION);
    }
    if (token.length() > versionEnd && token.charAt(versionEnd) != '.') {
      return rejected(TokenRejection.MALFORMED, "no '.' after the version");
    }
    int[] dots = new int[FIELDS - 1];
    int dotCount = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (dotCount == dots.length) {
          return rejected(TokenRejection.MALFORMED, "more than " + FIELDS + " fields");
        }
        dots[dotCount++] = i;
      } else if (!ProbeToken.isTokenChar(c)) {
        return rejected(TokenRejection.MALFORMED, "character not allowed at position " + i);
      }
    }
    if (dotCount < dots.length) {
      return rejected(
          TokenRejection.TRUNCATED, (dotCount + 1) + " of " + FIELDS + " fields, cut short");
    }
    int keyStart = dots[0] + 1;
    int routeStart = dots[1] + 1;
    int millisStart = dots[2] + 1;
    int nonceStart = dots[3] + 1;
    int macStart = dots[4] + 1;
    if (!isIdLength(dots[1] - keyStart)) {
      return rejected(TokenRejection.MALFORMED, "key id must have 1 to 64 characters");
    }
    if (!isIdLength(dots[2] - routeStart)) {
      return rejected(TokenRejection.MALFORMED, "route id must have 1 to 64 characters");
    }
    long millis = parseMillis(token, millisStart, dots[3]);
    if (millis < 0) {
      return rejected(TokenRejection.MALFORMED, "sent time is not epoch milliseconds");
    }
    int nonceLength = dots[4] - nonceStart;
    if (nonceLength < ProbeToken.MIN_NONCE_LENGTH || nonceLength > ProbeToken.MAX_NONCE_LENGTH) {
      return rejected(TokenRejection.MALFORMED, "nonce must have 8 to 32 characters");
    }
    int macLength = token.length() - macStart;
    if (macLength < MAC_CHARS) {
      return rejected(
          TokenRejection.TRUNCATED, "signature has " + macLength + " of " + MAC_CHARS + " chars");
    }
    if (macLength > MAC_CHARS) {
      return rejected(TokenRejection.MALFORMED, "signature longer than " + MAC_CHARS + " chars");
    }
    String keyId = token.substring(keyStart, dots[1]);
    KeyMac key = find(keyId);
    if (key == null) {
      return rejected(
          TokenRejection.UNKNOWN_KEY,
          "key "
              + keyId
              + " is neither current ("
              + current.id
              + ") nor previous ("
              + (previous == null ? "none" : previous.id)
              + ")");
    }
    byte[] expected = BASE64URL.encode(key.mac(asciiBytes(token, 0, dots[4])));
    byte[] actual = asciiBytes(token, macStart, token.length());
    if (!MessageDigest.isEqual(expected, actual)) {
      return rejected(
          TokenRejection.BAD_SIGNATURE,
          "signature does not match key " + keyId + ": altered, or signed with another secret");
    }
    return new TokenVerification.Valid(
        new ProbeToken(
            keyId,
            token.substring(routeStart, dots[2]),
            Instant.ofEpochMilli(millis),
            token.substring(nonceStart, dots[4])));
  }

  private KeyMac find(String keyId) {
    if (current.id.equals(keyId)) {
      return current;
    }
    if (previous != null && previous.id.equals(keyId)) {
      return previous;
    }
    return null;
  }

  private static TokenVerification rejected(TokenRejection reason, String detail) {
    return new TokenVerification.Rejected(reason, detail);
  }

  /** Space, tab and the CR LF of a folded header line. */
  private static boolean isFoldingWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  /**
   * The end of a leading version ("v" and 1 to 3 digits, not followed by a letter or digit), or -1
   * when the value does not start with one.
   */
  private static int versionEnd(String token) {
    if (token.charAt(0) != 'v') {
      return -1;
    }
    int end = 1;
    while (end < token.length() && end <= 3 && isDigit(token.charAt(end))) {
      end++;
    }
    if (end == 1 || (end < token.length() && Character.isLetterOrDigit(token.charAt(end)))) {
      return -1;
    }
    return end;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdLength(int length) {
    return length >= 1 && length <= 64;
  }

  /** The decimal epoch millis in {@code [from, to)}, or -1 when they are not a valid one. */
  private static long parseMillis(String s, int from, int to) {
    if (to - from < 1 || to - from > MAX_MILLIS_DIGITS) {
      return -1;
    }
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= ProbeToken.MAX_EPOCH_MILLI ? value : -1;
  }

  /** The bytes of characters already checked to be ASCII; UTF-8 and ASCII agree on them. */
  private static byte[] asciiBytes(String s, int from, int to) {
    byte[] bytes = new byte[to - from];
    for (int i = from; i < to; i++) {
      bytes[i - from] = (byte) s.charAt(i);
    }
    return bytes;
  }

  /** One key and, per thread, a {@link Mac} initialised with it. */
  private static final class KeyMac {
    private final String id;
    private final ThreadLocal<Mac> mac;

    KeyMac(SigningKey key) {
      this.id = key.id();
      SecretKeySpec spec = new SecretKeySpec(key.secret(), ALGORITHM);
      Mac first = newMac(spec);
      this.mac = ThreadLocal.withInitial(() -> newMac(spec));
      this.mac.set(first);
    }

    byte[] mac(byte[] message) {
      // doFinal leaves the Mac initialised with the same key, ready for the next message.
      return mac.get().doFinal(message);
    }

    private static Mac newMac(SecretKeySpec spec) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(spec);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK cannot compute " + ALGORITHM, e);
      }
    }
  }
}
