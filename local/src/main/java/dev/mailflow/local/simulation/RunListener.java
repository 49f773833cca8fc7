package dev.mailflow.local.simulation;

import dev.mailflow.local.scenario.Scenario;
import java.time.Duration;
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

  /**
   * The send, receive or evaluate function is about to be invoked, on the simulation's thread: what
   * it writes and the AWS calls it makes until {@link #invoked} are its own.
   *
   * @param function {@code send}, {@code receive} or {@code evaluate}
   */
  default void invoking(String function) {}

  /**
   * The invocation {@link #invoking} announced has returned or failed.
   *
   * @param wallTime how long the handler ran, on the wall clock
   */
  default void invoked(String function, Duration wallTime) {}

  /** A step at {@code now} is done. */
  default void progress(Instant now) {}

  /** The scenario has been played to its end. */
  default void finished(RunResult result) {}
}
