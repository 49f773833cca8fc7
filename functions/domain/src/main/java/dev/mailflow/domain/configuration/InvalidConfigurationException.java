package dev.mailflow.domain.configuration;

import java.util.List;

/** The configuration has faults; each one names the server, route or field it is about. */
public class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<String> faults;

  public InvalidConfigurationException(List<String> faults) {
    super("invalid configuration: " + String.join("; ", faults));
    this.faults = List.copyOf(faults);
  }

  /** Every fault found, in document order. */
  public List<String> faults() {
    return faults;
  }
}
