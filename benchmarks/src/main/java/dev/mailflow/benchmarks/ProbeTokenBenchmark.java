package dev.mailflow.benchmarks;

import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.TokenVerification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing and verifying a probe token: the send function signs one per probe, the receive function
 * verifies one per inbound mail.
 *
 * <p>{@link #hmacWithReusedMac} and {@link #hmacWithNewMacEachCall} are the pair that decided how
 * the signer holds its {@link Mac}: one per thread and key, because looking one up and initialising
 * it on every call doubles the time of the HMAC and adds about 900 bytes of garbage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProbeTokenBenchmark {

  private static final Instant SENT = Instant.parse("2024-01-02T10:00:00.250Z");
  private static final String ROUTE = "MX02-to-MX01";
  private static final String NONCE = "q3Jx0bW8LkPz1mNe";

  private byte[] secret;
  private ProbeTokenSigner signer;
  private String token;
  private byte[] signedPart;
  private Mac reusedMac;

  @Setup
  public void setUp() {
    secret = "benchmark-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.US_ASCII);
    signer = new ProbeTokenSigner(SigningKeys.of(new SigningKey("k2024", secret)));
    token = signer.sign(ROUTE, SENT, NONCE);
    signedPart = token.substring(0, token.lastIndexOf('.')).getBytes(StandardCharsets.UTF_8);
    try {
      reusedMac = Mac.getInstance("HmacSHA256");
      reusedMac.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256 in this JDK", e);
    }
    if (!(signer.verify(token) instanceof TokenVerification.Valid)) {
      throw new IllegalStateException("benchmark token does not verify: " + token);
    }
  }

  @Benchmark
  public String sign() {
    return signer.sign(ROUTE, SENT, NONCE);
  }

  @Benchmark
  public TokenVerification verify() {
    return signer.verify(token);
  }

  /** The HMAC alone, with one initialised {@code Mac} kept for every call. */
  @Benchmark
  public byte[] hmacWithReusedMac() {
    return reusedMac.doFinal(signedPart);
  }

  /** What signing would cost if it looked up and initialised a {@code Mac} on every call. */
  @Benchmark
  public byte[] hmacWithNewMacEachCall() throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    return mac.doFinal(signedPart);
  }
}
