package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The key the mail fixtures in {@code src/test/resources/mail} were signed with, and a loader for
 * them. The tokens in the fixtures were made with {@code new ProbeTokenSigner(SIGNING_KEYS)}; a
 * fixture whose token must verify has to be re-signed if this key changes.
 */
final class Fixtures {

  static final SigningKey KEY =
      new SigningKey(
          "k2024",
          "mailflow-fixture-secret-not-for-production".getBytes(StandardCharsets.US_ASCII));
  static final SigningKeys SIGNING_KEYS = SigningKeys.of(KEY);
  static final ProbeTokenSigner SIGNER = new ProbeTokenSigner(SIGNING_KEYS);

  static final Route MX02_TO_MX01 =
      new Route(
          "MX02-to-MX01",
          "MX02",
          "MX01",
          "mailflow@contoso.com",
          "probe-mx01@contoso.com",
          RoutePolicy.defaults(),
          true);

  private Fixtures() {}

  /** The bytes of {@code mail/NAME}, exactly as stored. */
  static byte[] mail(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture mail/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mail with every line end made LF only. */
  static byte[] lfOnly(byte[] mail) {
    return new String(mail, StandardCharsets.ISO_8859_1)
        .replace("\r\n", "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The mail with every line end made CR LF. */
  static byte[] crlf(byte[] mail) {
    return new String(lfOnly(mail), StandardCharsets.ISO_8859_1)
        .replace("\n", "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
