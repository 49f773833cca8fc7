package dev.mailflow.adapters.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.sending.OutgoingProbe;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Signed probes, a credentials store that can be rotated, and a check of what arrived. */
final class SmtpProbes {

  static final Instant SENT = Instant.parse("2026-03-02T10:00:00Z");

  static final ProbeTokenSigner SIGNER =
      new ProbeTokenSigner(
          SigningKeys.of(
              new SigningKey(
                  "k1", "smtp-test-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII))));

  private SmtpProbes() {}

  static Route route(String source, String target) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@contoso.se",
        "probe-" + target.toLowerCase(Locale.ROOT) + "@contoso.se",
        RoutePolicy.defaults(),
        true);
  }

  /** {@code count} probes on {@code route}, one millisecond apart, signed as SendRound signs. */
  static List<OutgoingProbe> probes(Route route, int count) {
    List<OutgoingProbe> probes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant sentAt = SENT.plusMillis(i);
      String nonce = ProbeTokenSigner.newNonce();
      probes.add(
          new OutgoingProbe(
              route,
              new ProbeToken(SIGNER.currentKeyId(), route.id(), sentAt, nonce),
              SIGNER.sign(route.id(), sentAt, nonce)));
    }
    return probes;
  }

  /** Asserts that {@code raw} is the mail of {@code probe}: its token verifies to the same one. */
  static void assertCarries(byte[] raw, OutgoingProbe probe) {
    ArrivalReading reading = new ArrivalReader(SIGNER).read(raw, SENT.plusSeconds(5));

    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    assertThat(((ArrivalReading.Read) reading).arrival().token()).isEqualTo(probe.token());
    assertThat(new String(raw, StandardCharsets.US_ASCII))
        .contains(ProbeToken.HEADER + ": " + probe.tokenText());
  }

  /**
   * Credentials as Secrets Manager keeps them: a cached copy that goes stale when the secret is
   * rotated, until {@link #forget} drops it.
   */
  static final class RotatableCredentials implements SmtpCredentialsProvider {
    private final Map<String, SmtpCredentials> stored = new ConcurrentHashMap<>();
    private final Map<String, SmtpCredentials> cached = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final List<String> forgotten = new ArrayList<>();

    RotatableCredentials store(String secret, String user, String password) {
      stored.put(secret, new SmtpCredentials(user, password));
      return this;
    }

    @Override
    public SmtpCredentials credentials(String secretName) {
      return cached.computeIfAbsent(
          secretName,
          name -> {
            reads.incrementAndGet();
            SmtpCredentials value = stored.get(name);
            if (value == null) {
              throw new IllegalStateException("secret " + name + " cannot be read: not found");
            }
            return value;
          });
    }

    @Override
    public synchronized void forget(String secretName) {
      forgotten.add(secretName);
      cached.remove(secretName);
    }
  }
}
