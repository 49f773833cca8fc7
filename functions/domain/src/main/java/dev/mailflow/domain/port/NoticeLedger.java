package dev.mailflow.domain.port;

import java.time.Instant;

/**
 * Remembers which one-off notices (such as a bad maintenance window item) were already sent, so
 * that a problem is reported once, not at every evaluation.
 */
public interface NoticeLedger {

  /**
   * True the first time {@code fingerprint} is claimed, false ever after. A claim that is neither
   * confirmed nor released lapses after a short lease, so a run that died between claiming and
   * publishing does not lose the notice: a later run claims it again.
   */
  boolean claim(String fingerprint, Instant now);

  /** Keeps the claim for good (for the ledger's retention): the notice was published. */
  void confirm(String fingerprint, Instant now);

  /** Forgets a claim whose notice could not be published, so that the next run tries again. */
  void release(String fingerprint);
}
