package dev.mailflow.domain.maintenance;

/** Where operators put maintenance windows. */
public interface MaintenanceWindowSource {

  /** Every window, and every item that could not be read as one, with the reason. */
  WindowLoad load();
}
