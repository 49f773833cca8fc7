package dev.mailflow.domain.maintenance;

import java.util.List;

/**
 * The maintenance windows as read from their table, and the items that were not valid windows.
 *
 * @param windows the valid windows
 * @param rejected the items that could not be read, each with its key and the reason
 */
public record WindowLoad(List<MaintenanceWindow> windows, List<RejectedWindow> rejected) {
  public WindowLoad {
    windows = List.copyOf(windows);
    rejected = List.copyOf(rejected);
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
