package dev.mailflow.domain.sending;

import java.util.List;

/**
 * The outcome of one send round, a result per enabled route.
 *
 * @param results one per enabled route
 */
public record SendReport(List<SendResult> results) {
  public SendReport {
    results = List.copyOf(results);
  }

  /** Probes the source servers accepted. */
  public long accepted() {
    return results.stream().filter(SendResult::accepted).count();
  }

  /** Probes attempted that the source servers refused or could not take. */
  public long sendFailures() {
    return results.stream().filter(r -> r.attempted() && !r.accepted()).count();
  }

  /** Probes sent or attempted whose outcome could not be written down. */
  public long unrecorded() {
    return results.stream().filter(r -> r.attempted() && !r.recorded()).count();
  }
}
