package dev.mailflow.domain.probe;

/**
 * Where a probe is in its life.
 *
 * <p>LOST and LATE are not written by anyone: they follow from the probe's age and the route's loss
 * timeout (see {@link Probe#stateAt}), so declaring a probe lost costs no write and a mail that
 * turns up later is LATE by the same rule everywhere.
 */
public enum ProbeState {
  /** Built, not yet submitted. */
  PENDING,
  /** Accepted by the source server; not arrived yet, and not yet overdue. */
  SENT,
  /** The source server refused it or could not be reached. */
  SEND_FAILED,
  /** Arrived within the loss timeout. */
  DELIVERED,
  /** Arrived after the loss timeout, when it had already been declared lost. */
  LATE,
  /** Not arrived, and older than the loss timeout. */
  LOST
}
