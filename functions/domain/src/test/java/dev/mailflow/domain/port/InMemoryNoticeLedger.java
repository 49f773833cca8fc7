package dev.mailflow.domain.port;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A notice ledger in memory. */
public final class InMemoryNoticeLedger implements NoticeLedger {
  private final Set<String> claimed = ConcurrentHashMap.newKeySet();

  @Override
  public boolean claim(String fingerprint, Instant now) {
    return claimed.add(fingerprint);
  }

  @Override
  public void confirm(String fingerprint, Instant now) {
    claimed.add(fingerprint);
  }

  @Override
  public void release(String fingerprint) {
    claimed.remove(fingerprint);
  }
}
