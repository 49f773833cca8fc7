package dev.mailflow.domain.port;

import dev.mailflow.domain.maintenance.WindowLoad;

/** Where operators put maintenance windows. */
public interface MaintenanceWindowSource {

  /** Every window, and every item that could not be read as one, with the reason. */
  WindowLoad load();
}
