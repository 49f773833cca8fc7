package dev.mailflow.local.scenario;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a scenario expects of the run: exactly these notices, no more and no fewer, and optionally
 * the routes on which some probe's hop must be flagged for clock skew.
 *
 * @param notices the notices a subscriber must receive
 * @param clockSkewRoutes when present, exactly the routes with a hop flagged for clock skew
 */
public record Expectations(List<ExpectedNotice> notices, Optional<Set<String>> clockSkewRoutes) {
  public Expectations {
    notices = List.copyOf(notices);
    clockSkewRoutes = clockSkewRoutes.map(Set::copyOf);
  }
}
