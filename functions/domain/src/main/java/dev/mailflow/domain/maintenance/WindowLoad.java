package dev.mailflow.domain.maintenance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The maintenance windows as read from their table, and the items that were not valid windows.
 *
 * <p>A recurring window is read as one {@link RecurringWindow}; {@link #expandedBetween} turns each
 * into the concrete windows of its occurrences around the time that matters, which is what the
 * evaluation judges probes against.
 *
 * @param windows the valid one-off windows, and the occurrences of series once expanded
 * @param series the valid recurring windows not yet expanded
 * @param rejected the items that could not be read, each with its key and the reason
 */
public record WindowLoad(
    List<MaintenanceWindow> windows, List<RecurringWindow> series, List<RejectedWindow> rejected) {
  public WindowLoad {
    windows = List.copyOf(windows);
    series = List.copyOf(series);
    rejected = List.copyOf(rejected);
  }

  /** One-off windows only. */
  public WindowLoad(List<MaintenanceWindow> windows, List<RejectedWindow> rejected) {
    this(windows, List.of(), rejected);
  }

  /**
   * The one-off windows and the occurrences of every series whose window overlaps {@code [from,
   * to)}, in order of start; no series is left. A series whose rule fails while it is expanded is
   * rejected instead, so it silences nothing and is reported like any bad item.
   */
  public WindowLoad expandedBetween(Instant from, Instant to) {
    List<MaintenanceWindow> expanded = new ArrayList<>(windows);
    List<RejectedWindow> refused = new ArrayList<>(rejected);
    for (RecurringWindow recurring : series) {
      try {
        expanded.addAll(recurring.windowsBetween(from, to));
      } catch (IllegalArgumentException e) {
        refused.add(
            new RejectedWindow(
                recurring.id(),
                "its recurrence cannot be expanded: " + e.getMessage(),
                recurring.fingerprint()));
      }
    }
    expanded.sort(
        Comparator.comparing(MaintenanceWindow::start).thenComparing(MaintenanceWindow::id));
    refused.sort(Comparator.comparing(RejectedWindow::key));
    return new WindowLoad(expanded, List.of(), refused);
  }

  /**
   * An item of the window table that is not a valid window.
   *
   * @param key the item's key, so the operator can find it
   * @param reason what is wrong with it
   * @param fingerprint identifies this item in this form: a fixed item gets a new fingerprint and
   *     is reported again if it goes wrong again
   */
  public record RejectedWindow(String key, String reason, String fingerprint) {}
}
