package dev.mailflow.domain.fakes;

import dev.mailflow.domain.evaluation.NoticeLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A notice ledger in memory, whose unconfirmed claims lapse as the real one's do. */
public final class InMemoryNoticeLedger implements NoticeLedger {
  private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

  private final Map<String, Instant> claims = new ConcurrentHashMap<>();
  private final Map<String, Boolean> confirmed = new ConcurrentHashMap<>();

  @Override
  public synchronized boolean claim(String fingerprint, Instant now) {
    Instant claimedAt = claims.get(fingerprint);
    boolean lapsed =
        claimedAt != null
            && !confirmed.containsKey(fingerprint)
            && !now.isBefore(claimedAt.plus(CLAIM_LEASE));
    if (claimedAt == null || lapsed) {
      claims.put(fingerprint, now);
      return true;
    }
    return false;
  }

  @Override
  public void confirm(String fingerprint, Instant now) {
    confirmed.put(fingerprint, true);
  }

  @Override
  public boolean confirmed(String fingerprint, Instant now) {
    return confirmed.containsKey(fingerprint);
  }

  @Override
  public synchronized void release(String fingerprint) {
    claims.remove(fingerprint);
    confirmed.remove(fingerprint);
  }
}
