package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.MailHeader;
import dev.mailflow.adapters.mail.MailLimits;
import dev.mailflow.domain.fakes.MutableClock;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.TokenRejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ProbeMailReaderTest {

  private static final Instant SENT = Instant.parse("2026-03-02T09:00:00Z");
  private static final Duration REFRESH = Duration.ofMinutes(5);
  private static final SigningKey OLD = key("k-old", "the-old-signing-key-of-the-sample-tests");
  private static final SigningKey NEW = key("k-new", "the-new-signing-key-of-the-sample-tests");

  private final MutableClock clock = new MutableClock(SENT);
  private final AtomicReference<Object> secret = new AtomicReference<>(SigningKeys.of(OLD));
  private final AtomicInteger reads = new AtomicInteger();

  private final Supplier<SigningKeys> keys =
      () -> {
        reads.incrementAndGet();
        Object value = secret.get();
        if (value instanceof RuntimeException failure) {
          throw failure;
        }
        return (SigningKeys) value;
      };

  private ProbeMailReader reader() {
    return new ProbeMailReader(keys, REFRESH, MailLimits.defaults(), clock);
  }

  private static SigningKey key(String id, String secret) {
    return new SigningKey(id, secret.getBytes(StandardCharsets.US_ASCII));
  }

  private static ArrivalReading read(ProbeMailReader reader, SigningKey signedWith) {
    return reader.read(
        Samples.probeMail(signedWith, SENT, "rotation00000001"),
        SENT.plusSeconds(5),
        AuthenticationVerdicts.unknown());
  }

  @Test
  void constructor_readsTheKeysOnce() {
    reader();

    assertThat(reads).hasValue(1);
  }

  @Test
  void constructor_whenTheKeysCannotBeRead_failsNamingTheCause() {
    secret.set(new IllegalStateException("secret mailflow/signing cannot be read: AccessDenied"));

    assertThatThrownBy(this::reader)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mailflow/signing");
  }

  @Test
  void read_withinTheRefreshPeriod_usesTheKeysReadWithoutAskingAgain() {
    ProbeMailReader reader = reader();
    clock.advance(REFRESH.minusSeconds(1));

    ArrivalReading reading = read(reader, OLD);

    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    assertThat(reads).hasValue(1);
  }

  @Test
  void read_afterTheRefreshPeriod_acceptsTheRotatedKeyAndStillThePreviousOne() {
    ProbeMailReader reader = reader();
    secret.set(new SigningKeys(NEW, OLD));
    clock.advance(REFRESH);

    assertThat(read(reader, NEW)).isInstanceOf(ArrivalReading.Read.class);
    assertThat(read(reader, OLD)).isInstanceOf(ArrivalReading.Read.class);
  }

  @Test
  void read_tokenOfAKeyRotatedInBeforeTheRefresh_readsTheKeysAtOnceAndAccepts() {
    ProbeMailReader reader = reader();
    secret.set(new SigningKeys(NEW, OLD));
    clock.advance(ProbeMailReader.EARLY_REFRESH_INTERVAL);

    ArrivalReading reading = read(reader, NEW);

    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    assertThat(reads).hasValue(2);
  }

  @Test
  void read_manyTokensOfUnknownKeys_readsTheKeysAtMostOncePerInterval() {
    ProbeMailReader reader = reader();
    SigningKey stranger = key("k-stranger", "a-key-that-no-secret-will-ever-hold");
    clock.advance(ProbeMailReader.EARLY_REFRESH_INTERVAL);

    for (int i = 0; i < 20; i++) {
      assertThat(read(reader, stranger))
          .isEqualTo(
              new ArrivalReading.Rejected(
                  ArrivalOutcome.FORGED,
                  TokenRejection.UNKNOWN_KEY,
                  "key k-stranger is neither current (k-old) nor previous (none)"));
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(reads).hasValue(2);
  }

  @Test
  void read_whenTheKeysCannotBeReadAgain_keepsTheKeysInForceAndRetriesAfterAPeriod() {
    ProbeMailReader reader = reader();
    secret.set(new IllegalStateException("secret mailflow/signing cannot be read: throttled"));
    clock.advance(REFRESH);

    assertThat(read(reader, OLD)).isInstanceOf(ArrivalReading.Read.class);
    assertThat(read(reader, OLD)).isInstanceOf(ArrivalReading.Read.class);
    assertThat(reads).hasValue(2);

    secret.set(SigningKeys.of(NEW));
    clock.advance(REFRESH);
    assertThat(read(reader, NEW)).isInstanceOf(ArrivalReading.Read.class);
    assertThat(reads).hasValue(3);
  }

  @Test
  void read_headerListOfAnSesEvent_givesTheSameArrivalAsTheRawMail() {
    ProbeMailReader reader = reader();
    byte[] mail = Samples.probeMail(OLD, SENT, "rotation00000001");

    ArrivalReading fromRaw =
        reader.read(mail, SENT.plusSeconds(5), AuthenticationVerdicts.unknown());
    ArrivalReading fromHeaders =
        reader.read(
            TestEvents.headerFields(mail).stream()
                .map(field -> new MailHeader(field[0], field[1]))
                .toList(),
            SENT.plusSeconds(5),
            AuthenticationVerdicts.unknown());

    assertThat(fromHeaders).isEqualTo(fromRaw).isInstanceOf(ArrivalReading.Read.class);
  }
}
