package dev.mailflow.local.scenario;

import java.util.List;

/**
 * A scenario file that cannot be played: each fault names its line and what is wrong, so a person
 * fixes the whole file in one pass.
 */
public class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> faults;

  public ScenarioException(List<String> faults, Throwable cause) {
    super(String.join("\n", faults), cause);
    this.faults = List.copyOf(faults);
  }

  public ScenarioException(List<String> faults) {
    this(faults, null);
  }

  /** Every fault, one per line of the message. */
  public List<String> faults() {
    return faults;
  }
}
