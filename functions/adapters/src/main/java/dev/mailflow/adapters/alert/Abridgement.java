package dev.mailflow.adapters.alert;

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
 * so a route probed every minute over a day could exceed them. Rather than fail to alert, the
 * writers shorten the notice step by step with {@link #shorter(Notice)}: first the evidence (the
 * newest probes are kept, since they say how things stand now), then the probe ids of backlog
 * flushes, last the reason. What was left out is always said: {@code evidenceOmitted} and {@code
 * abridged} in the JSON, a line in the text.
 *
 * @param evidenceShown at most this many evidence probes, the newest
 * @param probeIdsShownPerFlush at most this many probe ids per backlog flush, the first
 * @param reasonCharacters at most this many characters of the reason
 */
public record Abridgement(int evidenceShown, int probeIdsShownPerFlush, int reasonCharacters) {

  /** Everything shown. */
  public static final Abridgement NONE =
      new Abridgement(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  /** A reason is never shortened below this: it is what says what happened. */
  static final int REASON_FLOOR = 1000;

  static final String SHORTENED = " [shortened]";

  public Abridgement {
    if (evidenceShown < 0 || probeIdsShownPerFlush < 0 || reasonCharacters < REASON_FLOOR) {
      throw new IllegalArgumentException(
          "an abridgement shows zero or more probes and ids and at least "
              + REASON_FLOOR
              + " characters of the reason");
    }
  }

  /** True when this abridgement leaves something of {@code notice} out. */
  public boolean shortens(Notice notice) {
    return evidenceOmitted(notice) > 0
        || reason(notice).length() != reasonText(notice).length()
        || notice.flushes().stream().anyMatch(f -> f.size() > probeIdsShownPerFlush);
  }

  /**
   * The next shorter abridgement of {@code notice}, or empty when nothing more can be left out.
   * Halves the evidence down to none, then drops the flushes' probe ids, then shortens the reason.
   */
  public Optional<Abridgement> shorter(Notice notice) {
    int shown = evidence(notice).size();
    if (shown > 0) {
      return Optional.of(new Abridgement(shown / 2, probeIdsShownPerFlush, reasonCharacters));
    }
    boolean idsShown = notice.flushes().stream().anyMatch(f -> probeIds(f).size() > 0);
    if (idsShown) {
      return Optional.of(new Abridgement(0, 0, reasonCharacters));
    }
    if (reasonText(notice).length() > REASON_FLOOR && reasonCharacters > REASON_FLOOR) {
      return Optional.of(new Abridgement(0, 0, REASON_FLOOR));
    }
    return Optional.empty();
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
