package dev.mailflow.adapters.alert;

import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Notice;
import java.util.List;
import java.util.Optional;

/**
 * How much of a notice a message shows, when the whole notice would not fit where it goes.
 *
 * <p>SNS takes at most 256 KB per message and a DynamoDB item at most 400 KB. A notice is small in
 * practice, but its evidence, its flushes' probe ids and its reason grow with the route's lookback,
 * so a route probed every minute over a day could exceed them, and a fault's list of routes grows
 * with the routes it spans: a server in a mesh of a few hundred servers is on hundreds of routes.
 * Rather than fail to alert, the writers shorten the notice step by step with {@link
 * #shorter(Notice)}: first the evidence (the newest probes are kept, since they say how things
 * stand now), then the probe ids of backlog flushes, then a fault's routes (the first are kept, in
 * configuration order; the count of all stays), last the reason. What was left out is always said:
 * {@code evidenceOmitted}, {@code routesOmitted} and {@code abridged} in the JSON, a line in the
 * text.
 *
 * @param evidenceShown at most this many evidence probes, the newest
 * @param probeIdsShownPerFlush at most this many probe ids per backlog flush, the first
 * @param routesShown at most this many of a fault's routes, the first
 * @param reasonCharacters at most this many characters of the reason
 */
public record Abridgement(
    int evidenceShown, int probeIdsShownPerFlush, int routesShown, int reasonCharacters) {

  /** Everything shown. */
  public static final Abridgement NONE =
      new Abridgement(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** A reason is never shortened below this: it is what says what happened. */
  static final int REASON_FLOOR = 1000;

  static final String SHORTENED = " [shortened]";

  public Abridgement {
    if (evidenceShown < 0
        || probeIdsShownPerFlush < 0
        || routesShown < 0
        || reasonCharacters < REASON_FLOOR) {
      throw new IllegalArgumentException(
          "an abridgement shows zero or more probes, ids and routes and at least "
              + REASON_FLOOR
              + " characters of the reason");
    }
  }

  /** True when this abridgement leaves something of {@code notice} out. */
  public boolean shortens(Notice notice) {
    return evidenceOmitted(notice) > 0
        || routesOmitted(notice) > 0
        || reason(notice).length() != reasonText(notice).length()
        || notice.flushes().stream().anyMatch(f -> f.size() > probeIdsShownPerFlush);
  }

  /**
   * The next shorter abridgement of {@code notice}, or empty when nothing more can be left out.
   * Halves the evidence down to none, then drops the flushes' probe ids, then halves a fault's
   * routes down to none, then shortens the reason.
   */
  public Optional<Abridgement> shorter(Notice notice) {
    int shown = evidence(notice).size();
    if (shown > 0) {
      return Optional.of(
          new Abridgement(shown / 2, probeIdsShownPerFlush, routesShown, reasonCharacters));
    }
    boolean idsShown = notice.flushes().stream().anyMatch(f -> probeIds(f).size() > 0);
    if (idsShown) {
      return Optional.of(new Abridgement(0, 0, routesShown, reasonCharacters));
    }
    int routes = faultRoutes(notice).size();
    if (routes > 0) {
      return Optional.of(new Abridgement(0, 0, routes / 2, reasonCharacters));
    }
    if (reasonText(notice).length() > REASON_FLOOR && reasonCharacters > REASON_FLOOR) {
      return Optional.of(new Abridgement(0, 0, 0, REASON_FLOOR));
    }
    return Optional.empty();
  }

  /** The routes of a fault's notice shown, with how each stands: the first {@link #routesShown}. */
  public List<AffectedRoute> routes(Notice notice) {
    List<AffectedRoute> all = notice.routes();
    return all.size() <= routesShown ? all : all.subList(0, routesShown);
  }

  /** The ids of the routes of the notice's fault shown, the first {@link #routesShown}. */
  public List<String> faultRoutes(Notice notice) {
    if (!notice.aboutFault()) {
      return List.of();
    }
    List<String> all = notice.fault().routes();
    return all.size() <= routesShown ? all : all.subList(0, routesShown);
  }

  /** How many of a fault's routes are left out. */
  public int routesOmitted(Notice notice) {
    return notice.aboutFault() ? notice.fault().routes().size() - faultRoutes(notice).size() : 0;
  }

  /** The evidence shown: the newest {@link #evidenceShown} probes, oldest first. */
  public List<AssessedProbe> evidence(Notice notice) {
    List<AssessedProbe> all = notice.evidence();
    return all.size() <= evidenceShown ? all : all.subList(all.size() - evidenceShown, all.size());
  }

  /** How many evidence probes are left out. */
  public int evidenceOmitted(Notice notice) {
    return notice.evidence().size() - evidence(notice).size();
  }

  /** The probe ids of {@code flush} shown. */
  public List<String> probeIds(BacklogFlush flush) {
    List<String> all = flush.probeIds();
    return all.size() <= probeIdsShownPerFlush ? all : all.subList(0, probeIdsShownPerFlush);
  }

  /** The reason shown, marked when shortened. */
  public String reason(Notice notice) {
    String reason = reasonText(notice);
    if (reason.length() <= reasonCharacters) {
      return reason;
    }
    int end = reasonCharacters - SHORTENED.length();
    if (Character.isHighSurrogate(reason.charAt(end - 1))) {
      end--;
    }
    return reason.substring(0, end) + SHORTENED;
  }

  private static String reasonText(Notice notice) {
    return notice.reason() == null ? "" : notice.reason();
  }
}
