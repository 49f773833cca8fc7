package dev.mailflow.domain.evaluation;

/**
 * Whether an evaluation run still has time to judge another route.
 *
 * <p>A run has a hard limit (the function's timeout); a route whose store is throttled can take an
 * API call timeout or more. The run asks before each route and stops starting routes once the time
 * left is too short for one more, so it ends in time, reports the routes it did not reach, and the
 * next run starts with them.
 */
@FunctionalInterface
public interface Deadline {

  /** True while there is time to judge one more route. */
  boolean allowsAnotherRoute();

  /** A run without a limit: tools, tests, and runs outside Lambda. */
  static Deadline none() {
    return () -> true;
  }
}
