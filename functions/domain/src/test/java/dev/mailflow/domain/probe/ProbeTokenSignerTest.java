package dev.mailflow.domain.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProbeTokenSignerTest {

  private static final String ROUTE = "MX02-to-MX01";
  private static final Instant SENT = Instant.parse("2006-07-28T10:19:01Z");
  private static final String NONCE = "q3Jx0bW8LkPz1mNe";

  private static final SigningKey RETIRED = key("k0", 'r');
  private static final SigningKey PREVIOUS = key("k1", 'p');
  private static final SigningKey CURRENT = key("k2", 'c');
  private static final SigningKey FORGER_WITH_CURRENT_ID = key("k2", 'f');

  private static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(new SigningKeys(CURRENT, PREVIOUS));
  private static final String GOOD = SIGNER.sign(ROUTE, SENT, NONCE);

  private static SigningKey key(String id, char fill) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) fill);
    return new SigningKey(id, secret);
  }

  private static String signedBy(SigningKey key) {
    return new ProbeTokenSigner(SigningKeys.of(key)).sign(ROUTE, SENT, NONCE);
  }

  private static ProbeToken validToken(TokenVerification verification) {
    assertThat(verification).isInstanceOf(TokenVerification.Valid.class);
    return ((TokenVerification.Valid) verification).token();
  }

  private static TokenRejection reasonOf(TokenVerification verification) {
    assertThat(verification).isInstanceOf(TokenVerification.Rejected.class);
    return ((TokenVerification.Rejected) verification).reason();
  }

  /** Replaces the field at {@code index} (0 = version ... 5 = mac) of a token. */
  private static String withField(String token, int index, String value) {
    String[] fields = token.split("\\.", -1);
    fields[index] = value;
    return String.join(".", fields);
  }

  @Test
  void sign_writesVersionKeyRouteMillisNonceAndHmacOfTheRest() throws Exception {
    String signed = "v1.k2.MX02-to-MX01.1154081941000.q3Jx0bW8LkPz1mNe";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CURRENT.secret(), "HmacSHA256"));
    String expectedMac =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));

    assertThat(GOOD).isEqualTo(signed + "." + expectedMac);
    assertThat(expectedMac).hasSize(43).doesNotContain("=");
  }

  @Test
  void verify_whenSignedByCurrentKey_returnsTheToken() {
    ProbeToken token = validToken(SIGNER.verify(GOOD));

    assertThat(token).isEqualTo(new ProbeToken("k2", ROUTE, SENT, NONCE));
  }

  @Test
  void verify_whenSentAtHasMilliseconds_keepsThem() {
    Instant sent = Instant.parse("2024-01-02T03:04:05.678Z");

    ProbeToken token = validToken(SIGNER.verify(SIGNER.sign(ROUTE, sent, NONCE)));

    assertThat(token.sentAt()).isEqualTo(sent);
  }

  @Test
  void verify_whenEveryFieldAtItsLongest_staysWithinMaxLengthAndVerifies() {
    String longId = "K".repeat(64);
    ProbeTokenSigner signer = new ProbeTokenSigner(SigningKeys.of(key(longId, 'x')));
    Instant latest = Instant.ofEpochMilli(253_402_300_799_999L);

    String token = signer.sign("R".repeat(64), latest, "N".repeat(32));

    assertThat(token.length()).isLessThanOrEqualTo(ProbeTokenSigner.MAX_TOKEN_LENGTH);
    assertThat(validToken(signer.verify(token)).sentAt()).isEqualTo(latest);
  }

  @ParameterizedTest
  @ValueSource(strings = {" %s", "%s ", "\t%s\t", "\r\n %s", "\r\n\t%s\r\n", "%s\n"})
  void verify_whenWrappedInFoldingWhitespace_acceptsTheToken(String wrapping) {
    ProbeToken token = validToken(SIGNER.verify(String.format(wrapping, GOOD)));

    assertThat(token.nonce()).isEqualTo(NONCE);
  }

  static Stream<Arguments> rejections() {
    String mac = GOOD.substring(GOOD.lastIndexOf('.') + 1);
    return Stream.of(
        arguments("null", null, TokenRejection.MALFORMED),
        arguments("empty", "", TokenRejection.MALFORMED),
        arguments("only folding whitespace", " \r\n\t ", TokenRejection.MALFORMED),
        arguments("not a token at all", "hello world", TokenRejection.MALFORMED),
        arguments("no version", GOOD.substring(3), TokenRejection.MALFORMED),
        arguments("space inside", GOOD.replace(".k2.", ".k2 ."), TokenRejection.MALFORMED),
        arguments("folded inside", GOOD.replace(".k2.", ".k2\r\n ."), TokenRejection.MALFORMED),
        arguments("non-ASCII inside", GOOD.replace("MX02", "MXö2"), TokenRejection.MALFORMED),
        arguments("seventh field", GOOD + ".extra", TokenRejection.MALFORMED),
        arguments("empty key id", withField(GOOD, 1, ""), TokenRejection.MALFORMED),
        arguments("key id of 65", withField(GOOD, 1, "k".repeat(65)), TokenRejection.MALFORMED),
        arguments("empty route id", withField(GOOD, 2, ""), TokenRejection.MALFORMED),
        arguments("millis not digits", withField(GOOD, 3, "12e4"), TokenRejection.MALFORMED),
        arguments("millis empty", withField(GOOD, 3, ""), TokenRejection.MALFORMED),
        arguments(
            "millis past year 9999",
            withField(GOOD, 3, "9999999999999999"),
            TokenRejection.MALFORMED),
        arguments("nonce of 7", withField(GOOD, 4, "abcdefg"), TokenRejection.MALFORMED),
        arguments("nonce of 33", withField(GOOD, 4, "a".repeat(33)), TokenRejection.MALFORMED),
        arguments("mac too long", GOOD + "A", TokenRejection.MALFORMED),
        arguments("version only", "v1", TokenRejection.TRUNCATED),
        arguments("cut after route", "v1.k2.MX02-to-MX01", TokenRejection.TRUNCATED),
        arguments(
            "cut before mac", GOOD.substring(0, GOOD.lastIndexOf('.')), TokenRejection.TRUNCATED),
        arguments(
            "mac empty", GOOD.substring(0, GOOD.lastIndexOf('.') + 1), TokenRejection.TRUNCATED),
        arguments("mac cut short", GOOD.substring(0, GOOD.length() - 5), TokenRejection.TRUNCATED),
        arguments("257 characters", "v1." + "a".repeat(254), TokenRejection.TOO_LONG),
        arguments("a megabyte", "x".repeat(1 << 20), TokenRejection.TOO_LONG),
        arguments("version 2", withField(GOOD, 0, "v2"), TokenRejection.UNSUPPORTED_VERSION),
        arguments("version 2 other shape", "v2~whatever~else", TokenRejection.UNSUPPORTED_VERSION),
        arguments("version 10", "v10." + GOOD.substring(3), TokenRejection.UNSUPPORTED_VERSION),
        arguments("retired key", signedBy(RETIRED), TokenRejection.UNKNOWN_KEY),
        arguments("never our key", withField(GOOD, 1, "k9"), TokenRejection.UNKNOWN_KEY),
        arguments(
            "forged with current key id",
            signedBy(FORGER_WITH_CURRENT_ID),
            TokenRejection.BAD_SIGNATURE),
        arguments(
            "mac of another token",
            withField(GOOD, 5, new StringBuilder(mac).reverse().toString()),
            TokenRejection.BAD_SIGNATURE),
        arguments(
            "mac upper-cased",
            withField(GOOD, 5, mac.toUpperCase()),
            TokenRejection.BAD_SIGNATURE));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejections")
  void verify_whenTokenIsNotAcceptable_rejectsWithReason(
      String description, String input, TokenRejection expected) {
    TokenVerification verification = SIGNER.verify(input);

    assertThat(reasonOf(verification)).isEqualTo(expected);
    assertThat(((TokenVerification.Rejected) verification).detail()).isNotBlank();
  }

  static Stream<Arguments> tamperedFields() {
    return Stream.of(
        arguments("version", 0, "v3", TokenRejection.UNSUPPORTED_VERSION),
        arguments("key id, to the other accepted key", 1, "k1", TokenRejection.BAD_SIGNATURE),
        arguments("key id, to a key we never had", 1, "k7", TokenRejection.UNKNOWN_KEY),
        arguments("route id", 2, "MX01-to-MX02", TokenRejection.BAD_SIGNATURE),
        arguments(
            "sent time, one millisecond later", 3, "1154081941001", TokenRejection.BAD_SIGNATURE),
        arguments(
            "sent time, with a leading zero", 3, "01154081941000", TokenRejection.BAD_SIGNATURE),
        arguments("nonce", 4, "q3Jx0bW8LkPz1mNf", TokenRejection.BAD_SIGNATURE),
        arguments("mac, one character", 5, null, TokenRejection.BAD_SIGNATURE));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("tamperedFields")
  void verify_whenOneFieldTampered_rejects(
      String description, int field, String replacement, TokenRejection expected) {
    String value = replacement;
    if (value == null) {
      String mac = GOOD.split("\\.")[5];
      value = (mac.charAt(0) == 'A' ? 'B' : 'A') + mac.substring(1);
    }
    String tampered = withField(GOOD, field, value);

    assertThat(tampered).isNotEqualTo(GOOD);
    assertThat(reasonOf(SIGNER.verify(tampered))).isEqualTo(expected);
  }

  @Test
  void verify_whenSignedByPreviousKey_acceptsItDuringRotation() {
    ProbeToken token = validToken(SIGNER.verify(signedBy(PREVIOUS)));

    assertThat(token.keyId()).isEqualTo("k1");
  }

  @Test
  void verify_afterNextRotation_rejectsTokensOfTheRetiredKeyAsUnknownKey() {
    String fromPrevious = signedBy(PREVIOUS);
    SigningKey next = key("k3", 'n');
    ProbeTokenSigner rotated = new ProbeTokenSigner(new SigningKeys(next, CURRENT));

    assertThat(reasonOf(rotated.verify(fromPrevious))).isEqualTo(TokenRejection.UNKNOWN_KEY);
    assertThat(validToken(rotated.verify(GOOD)).keyId()).isEqualTo("k2");
  }

  @Test
  void sign_alwaysUsesTheCurrentKey() {
    assertThat(GOOD).startsWith("v1.k2.");
  }

  @Test
  void sign_whenFieldInvalid_refusesWithTheRuleBroken() {
    assertThatThrownBy(() -> SIGNER.sign("MX02.MX01", SENT, NONCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("route id");
    assertThatThrownBy(() -> SIGNER.sign(ROUTE, SENT.plusNanos(1), NONCE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SIGNER.sign(ROUTE, SENT, "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nonce");
  }

  @Test
  void verify_whenFedRandomMutationsOfAToken_alwaysAnswersAndOnlyTheOriginalIsValid() {
    Random random = new Random(20060728);
    char[] alphabet = "v1.kK2-_MXtoa09 \r\n\tÿé~=+/".toCharArray();
    int valid = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder mutated = new StringBuilder(GOOD);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(mutated.length());
        switch (random.nextInt(3)) {
          case 0:
            mutated.setCharAt(at, alphabet[random.nextInt(alphabet.length)]);
            break;
          case 1:
            mutated.deleteCharAt(at);
            break;
          default:
            mutated.insert(at, alphabet[random.nextInt(alphabet.length)]);
        }
      }
      TokenVerification verification = SIGNER.verify(mutated.toString());
      assertThat(verification).isNotNull();
      if (verification instanceof TokenVerification.Valid) {
        valid++;
        assertThat(mutated.toString().strip()).isEqualTo(GOOD);
      }
    }
    assertThat(valid).isLessThan(20_000);
  }

  @Test
  void signAndVerify_fromManyThreadsAtOnce_agree() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            () -> {
              int valid = 0;
              for (int i = 0; i < 2_000; i++) {
                String nonce = String.format("n%02d%06d", thread, i);
                Instant sent = SENT.plusMillis(i);
                ProbeToken token = validToken(SIGNER.verify(SIGNER.sign(ROUTE, sent, nonce)));
                if (token.nonce().equals(nonce) && token.sentAt().equals(sent)) {
                  valid++;
                }
              }
              return valid;
            });
      }
      for (Future<Integer> result : pool.invokeAll(tasks)) {
        assertThat(result.get()).isEqualTo(2_000);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void newNonce_makesSixteenUrlSafeCharactersThatDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String nonce = ProbeTokenSigner.newNonce();
      assertThat(nonce).hasSize(16).matches("[A-Za-z0-9_-]{16}");
      assertThat(ProbeToken.isValidNonce(nonce)).isTrue();
      seen.add(nonce);
    }
    assertThat(seen).hasSize(1_000);
  }
}
