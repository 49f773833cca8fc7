package dev.mailflow.local.scenario;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a scenario expects of the run: exactly these notices, no more and no fewer, and optionally
 * the routes on which some probe's hop must be flagged for clock skew and the inbound mails the
 * receive function must turn away.
 *
 * @param notices the notices a subscriber must receive
 * @param clockSkewRoutes when present, exactly the routes with a hop flagged for clock skew
 * @param turnedAway when present, exactly the outcomes of the inbound mails the receive function
 *     did not record, in order: DUPLICATE, FORGED or REPLAYED
 */
public record Expectations(
    List<ExpectedNotice> notices,
    Optional<Set<String>> clockSkewRoutes,
    Optional<List<String>> turnedAway) {
  public Expectations {
    notices = List.copyOf(notices);
    clockSkewRoutes = clockSkewRoutes.map(Set::copyOf);
    turnedAway = turnedAway.map(List::copyOf);
  }

  /**
   * True when the scenario expects maintenance notices: then its subscriber takes them; otherwise
   * its subscription filters them away, as a team reading incidents only would.
   */
  public boolean wantsBulletins() {
    for (ExpectedNotice notice : notices) {
      if (notice.type().equals("MAINTENANCE") || notice.type().equals("HEARTBEAT")) {
        return true;
      }
    }
    return false;
  }
}
