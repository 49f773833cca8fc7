package dev.mailflow.domain.evaluation;

import java.time.Instant;

/**
 * Remembers which notices were already sent, so that each is sent once: a problem such as a bad
 * maintenance window item once, not at every evaluation, and an incident notice once, even when the
 * run that sent it could not note it on the route's unsent list.
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

  /** True when {@code fingerprint} was claimed and confirmed: its notice went out. */
  boolean confirmed(String fingerprint, Instant now);

  /** Forgets a claim whose notice could not be published, so that the next run tries again. */
  void release(String fingerprint);
}
