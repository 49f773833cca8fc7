package dev.mailflow.receive;

import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.MailHeader;
import dev.mailflow.adapters.mail.MailLimits;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.TokenRejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArrivalReader} that follows the signing keys in force, so a key rotation reaches a
 * running container without a restart.
 *
 * <p>The keys are read when it is built (a secret that cannot be read fails the cold start, naming
 * the secret), then again once {@code refreshEvery} has passed. The send function signs with a new
 * key as soon as it sees one, so a token may name a key this container has not read yet: a token
 * refused for an {@linkplain TokenRejection#UNKNOWN_KEY unknown key} makes it read the keys at once
 * and try again, at most once per {@link #EARLY_REFRESH_INTERVAL}, so a stream of foreign tokens
 * cannot turn into a stream of Secrets Manager calls. When the keys cannot be read again, the keys
 * in force stay in force and the failure is logged.
 *
 * <p>Thread-safe.
 */
final class ProbeMailReader {

  /** The shortest time between two reads of the keys forced by an unknown key. */
  static final Duration EARLY_REFRESH_INTERVAL = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(ProbeMailReader.class);

  private final Supplier<SigningKeys> keys;
  private final Duration refreshEvery;
  private final MailLimits limits;
  private final Clock clock;

  private Keyed current; // guarded by this
  private Instant readAt; // guarded by this

  /**
   * Reads the keys and prepares the reader.
   *
   * @param keys reads the keys in force, each time it is called
   * @param refreshEvery how long keys read are used before they are read again
   * @param limits the bounds within which mail is read
   * @param clock time source for {@code refreshEvery}
   * @throws IllegalStateException when the keys cannot be read
   */
  ProbeMailReader(
      Supplier<SigningKeys> keys, Duration refreshEvery, MailLimits limits, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.current = keyed(keys.get());
    this.readAt = clock.instant();
  }

  /** Reads the header list of an SES receipt event; see {@link ArrivalReader}. */
  ArrivalReading read(
      List<MailHeader> newestFirst, Instant arrivedAt, AuthenticationVerdicts serviceVerdicts) {
    return read(reader -> reader.read(newestFirst, arrivedAt, serviceVerdicts));
  }

  /** Reads a raw mail; see {@link ArrivalReader}. */
  ArrivalReading read(byte[] raw, Instant arrivedAt, AuthenticationVerdicts serviceVerdicts) {
    return read(reader -> reader.read(raw, arrivedAt, serviceVerdicts));
  }

  private ArrivalReading read(Function<ArrivalReader, ArrivalReading> reading) {
    Keyed keyed = keyed(refreshEvery);
    ArrivalReading result = reading.apply(keyed.reader);
    if (isUnknownKey(result)) {
      Keyed refreshed = keyed(EARLY_REFRESH_INTERVAL);
      if (refreshed != keyed) {
        return reading.apply(refreshed.reader);
      }
    }
    return result;
  }

  /** The keys in force, read again first when {@code age} has passed since they were read. */
  private synchronized Keyed keyed(Duration age) {
    Instant now = clock.instant();
    if (now.isBefore(readAt.plus(age))) {
      return current;
    }
    // Set before reading, so a failing secret is tried again only after another period.
    readAt = now;
    SigningKeys latest;
    try {
      latest = keys.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      LOG.warn(
          "The signing keys could not be read again; keys {} stay in force",
          describe(current.keys),
          e);
      return current;
    }
    if (!latest.sameAs(current.keys)) {
      LOG.info("Signing keys changed from {} to {}", describe(current.keys), describe(latest));
      current = keyed(latest);
    }
    return current;
  }

  private Keyed keyed(SigningKeys signingKeys) {
    return new Keyed(signingKeys, new ArrivalReader(new ProbeTokenSigner(signingKeys), limits));
  }

  private static boolean isUnknownKey(ArrivalReading reading) {
    return reading instanceof ArrivalReading.Rejected rejected
        && rejected.cause() == TokenRejection.UNKNOWN_KEY;
  }

  /** Key ids only: secrets never reach a log. */
  private static String describe(SigningKeys signingKeys) {
    return "current="
        + signingKeys.current().id()
        + " previous="
        + (signingKeys.previous() == null ? "none" : signingKeys.previous().id());
  }

  private record Keyed(SigningKeys keys, ArrivalReader reader) {}
}
