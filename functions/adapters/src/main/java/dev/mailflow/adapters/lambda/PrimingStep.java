package dev.mailflow.adapters.lambda;

import java.util.Objects;

/**
 * One piece of work a function does before its first invocation (see {@link ColdStartPriming}): a
 * cheap call that warms a client, or a sample run through a parser.
 *
 * @param name what it warms, for the log, such as {@code "DynamoDB probe table"}
 * @param work the work; it may throw, and {@link ColdStartPriming} logs and skips it then
 */
public record PrimingStep(String name, Runnable work) {

  public PrimingStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(work, "work");
  }
}
