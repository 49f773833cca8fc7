package dev.mailflow.local.simulation;

import dev.mailflow.local.scenario.Scenario;
import java.time.Instant;

/**
 * Follows a run as it happens, such as the terminal timeline. Events may come from the mail
 * servers' threads, one at a time, while the simulation waits for them.
 */
public interface RunListener {

  /** The pipeline is set up and the clock is about to start. */
  default void started(Scenario scenario, RunSetup setup) {}

  /** Something happened. */
  void event(RunEvent event);

  /** A step at {@code now} is done. */
  default void progress(Instant now) {}

  /** The scenario has been played to its end. */
  default void finished(RunResult result) {}
}
