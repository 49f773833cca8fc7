package dev.mailflow.local.simulation;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run has reported, in the order it happened. Mail servers report from their session
 * threads while the simulation waits for them, so the log is shared and synchronized.
 */
final class RunLog {
  private final List<RunEvent> events = new ArrayList<>();
  private final List<ReceivedNotice> notices = new ArrayList<>();

  synchronized void event(RunEvent event) {
    events.add(event);
  }

  synchronized void notice(ReceivedNotice notice) {
    notices.add(notice);
  }

  synchronized List<RunEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<ReceivedNotice> notices() {
    return List.copyOf(notices);
  }
}
