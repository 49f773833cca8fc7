package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever route, time and nonce a probe carries, its token verifies as exactly what was signed;
 * and no token that differs from a signed one in a single character verifies at all, so a token
 * cannot be altered, only copied.
 */
class ProbeTokenPropertyTest {

  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "key-1",
                  "a secret of at least thirty-two bytes, for tests"
                      .getBytes(StandardCharsets.UTF_8))));

  @Property(tries = 500)
  void signedToken_verifiesAsExactlyWhatWasSigned(
      @ForAll("ids") String route,
      @ForAll("sentAt") Instant sentAt,
      @ForAll("nonces") String nonce) {
    TokenVerification verification = SIGNER.verify(SIGNER.sign(route, sentAt, nonce));

    assertThat(verification)
        .isEqualTo(new TokenVerification.Valid(new ProbeToken("key-1", route, sentAt, nonce)));
  }

  @Property(tries = 2000)
  void tokenChangedInOneCharacter_isRefused(
      @ForAll("ids") String route,
      @ForAll("sentAt") Instant sentAt,
      @ForAll("nonces") String nonce,
      @ForAll @IntRange(min = 0, max = 300) int position,
      @ForAll @IntRange(min = 0, max = 255) int replacement) {
    String token = SIGNER.sign(route, sentAt, nonce);
    int at = position % token.length();
    Assume.that(token.charAt(at) != (char) replacement);
    String changed = token.substring(0, at) + (char) replacement + token.substring(at + 1);

    assertThat(SIGNER.verify(changed)).isInstanceOf(TokenVerification.Rejected.class);
  }

  @Provide
  Arbitrary<String> ids() {
    return tokenChars().ofMinLength(1).ofMaxLength(64);
  }

  @Provide
  Arbitrary<String> nonces() {
    return tokenChars()
        .ofMinLength(ProbeToken.MIN_NONCE_LENGTH)
        .ofMaxLength(ProbeToken.MAX_NONCE_LENGTH);
  }

  private static StringArbitrary tokenChars() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('-', '_');
  }

  @Provide
  Arbitrary<Instant> sentAt() {
    return Arbitraries.longs()
        .between(ProbeToken.MIN_EPOCH_MILLI, ProbeToken.MAX_EPOCH_MILLI)
        .map(Instant::ofEpochMilli);
  }
}
