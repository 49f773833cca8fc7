package dev.mailflow.adapters.alert;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AffectedRoute;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.BacklogFlush;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.NoticeWording;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Submission;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The readable plain-text form of a notice, for e-mail subscribers and anything else that shows
 * SNS's {@code default} message to a person.
 *
 * <p>A notice says in its first sentence what happened, then gives the route, severity, condition
 * and incident, the reason, the evidence probes as a small table (sent at, state and verdict,
 * latency, probe id, the server's reply), where slow probes waited, backlog flushes, what
 * maintenance hid, and what to do next. The sentences are {@link NoticeWording}'s; this class lays
 * them out. Instants are ISO-8601 in UTC; give the constructor a zone (such as {@code
 * Europe/Stockholm}) to show the header instants in that zone as well.
 *
 * <p>Subjects are made to pass SNS's rules: printable ASCII, no line breaks, under 100 characters.
 *
 * <p>Immutable and thread-safe: build one per container and reuse it.
 */
public final class NoticeText {

  /** SNS refuses subjects of 100 characters or more. */
  public static final int SUBJECT_LIMIT = 99;

  static final String SUBJECT_PREFIX = "[Mailflow] ";

  private static final int TAG_BYTES = 4;

  private static final String INDENT = "  ";
  private static final int WRAP = 100;
  private static final int FLUSH_IDS_IN_TEXT = 12;
  private static final int HOPS_IN_TEXT = 5;

  private final ZoneId alsoIn;

  /** Instants in UTC only. */
  public NoticeText() {
    this.alsoIn = null;
  }

  /** Instants in UTC, and the header's instants in {@code alsoIn} as well. */
  public NoticeText(ZoneId alsoIn) {
    this.alsoIn = Objects.requireNonNull(alsoIn, "alsoIn");
  }

  /**
   * "[Mailflow] OPENED CRITICAL MX02-to-MX01: 1 lost after maintenance": what broke, in printable
   * ASCII, at most {@value #SUBJECT_LIMIT} characters.
   */
  public String subject(Notice notice) {
    return subjectOf(notice.headline(), notice.key());
  }

  /** "[Mailflow] CONFIGURATION: maintenance window item patch-mx01 ignored". */
  public String subject(ConfigurationNotice notice) {
    return subjectOf(NoticeWording.headline(notice), NoticeJson.key(notice));
  }

  /** "[Mailflow] MAINTENANCE started: mx01-patching on server:MX01". */
  public String subject(Bulletin bulletin) {
    return subjectOf(bulletin.headline(), bulletin.key());
  }

  /** A one-line message for SMS subscribers. */
  public String shortMessage(Bulletin bulletin) {
    return subject(bulletin).substring(SUBJECT_PREFIX.length());
  }

  /** A maintenance notice or heartbeat as plain text: what happened, then its facts. */
  public String body(Bulletin bulletin) {
    Objects.requireNonNull(bulletin, "bulletin");
    StringBuilder text = new StringBuilder(1024);
    text.append(wrap(bulletin.text(), "")).append("\n\n");
    List<String[]> facts = new ArrayList<>();
    facts.add(
        new String[] {
          "Notice",
          bulletin.type()
              + " "
              + bulletin.event()
              + " at "
              + ReadableTime.instant(bulletin.at(), alsoIn)
        });
    for (Map.Entry<String, String> fact : bulletin.facts().entrySet()) {
      if (!fact.getValue().isEmpty()) {
        facts.add(new String[] {fact.getKey(), fact.getValue()});
      }
    }
    text.append(table(facts));
    text.append("\n")
        .append(
            wrap(
                "Not an incident: subscriptions that do not want these filter them away with"
                    + " {\"event_type\": [{\"anything-but\": [\""
                    + bulletin.type()
                    + "\"]}]}.",
                ""))
        .append('\n');
    text.append("\n-- \nMailflow notice ").append(bulletin.key()).append('\n');
    return text.toString();
  }

  /** A one-line message for SMS subscribers: the subject without the prefix. */
  public String shortMessage(Notice notice) {
    return subject(notice).substring(SUBJECT_PREFIX.length());
  }

  /** A one-line message for SMS subscribers. */
  public String shortMessage(ConfigurationNotice notice) {
    return subject(notice).substring(SUBJECT_PREFIX.length());
  }

  /** The whole notice as plain text. */
  public String body(Notice notice) {
    return body(notice, Abridgement.NONE);
  }

  /** The notice as plain text, showing what {@code abridgement} keeps and saying what it left. */
  public String body(Notice notice, Abridgement abridgement) {
    Objects.requireNonNull(notice, "notice");
    Objects.requireNonNull(abridgement, "abridgement");
    StringBuilder text = new StringBuilder(2048);
    text.append(wrap(NoticeWording.firstSentence(notice), "")).append("\n\n");

    List<String[]> facts = new ArrayList<>();
    if (notice.aboutFault()) {
      facts.add(new String[] {"Suspect", notice.fault().suspect().describe()});
      facts.add(
          new String[] {"Routes", NoticeWording.count(notice.routes().size(), "route", "routes")});
    } else {
      facts.add(new String[] {"Route", notice.routeId() + " (" + route(notice) + ")"});
    }
    facts.add(
        new String[] {
          "Notice", notice.type() + " at " + ReadableTime.instant(notice.at(), alsoIn)
        });
    facts.add(new String[] {"Severity", notice.severity().name()});
    facts.add(new String[] {"Condition", String.valueOf(notice.condition())});
    facts.add(
        new String[] {
          "Incident",
          notice.incidentId()
              + (notice.type() == NoticeType.RESOLVED ? ", was open since " : ", open since ")
              + ReadableTime.instant(notice.openedAt(), alsoIn)
        });
    text.append(table(facts));

    text.append("\nWhy\n").append(wrap(abridgement.reason(notice), INDENT)).append('\n');

    if (notice.aboutFault()) {
      text.append("\nRoutes of this fault, each with its own incident\n")
          .append(routesTable(abridgement.routes(notice)));
      int omitted = abridgement.routesOmitted(notice);
      if (omitted > 0) {
        text.append(INDENT)
            .append("... and ")
            .append(NoticeWording.count(omitted, "more route", "more routes"))
            .append(", left out to fit the message\n");
      }
    }

    List<AssessedProbe> evidence = abridgement.evidence(notice);
    if (!notice.evidence().isEmpty()) {
      text.append("\nEvidence: ")
          .append(NoticeWording.count(notice.evidence().size(), "probe", "probes"))
          .append(", oldest sent first\n");
      int omitted = abridgement.evidenceOmitted(notice);
      if (omitted > 0) {
        text.append(INDENT)
            .append("(the ")
            .append(NoticeWording.count(omitted, "oldest probe is", "oldest probes are"))
            .append(" left out to keep this message within the size limit; the route's probe")
            .append(" records have them)\n");
      }
      text.append(evidenceTable(evidence, notice.aboutFault()));
      text.append(hops(evidence));
    }

    if (!notice.flushes().isEmpty()) {
      text.append("\nBacklog flushes: queued mail delivered at once, reported as one event\n");
      for (BacklogFlush flush : notice.flushes()) {
        text.append(wrap("- " + flush.describe(), INDENT)).append('\n');
        text.append(wrap("probes: " + flushIds(flush, abridgement), INDENT + INDENT)).append('\n');
      }
    }

    if (notice.suppressedByMaintenance() > 0) {
      text.append("\nMaintenance\n")
          .append(
              wrap(NoticeWording.coveredByMaintenance(notice.suppressedByMaintenance()), INDENT))
          .append('\n');
    }

    text.append("\nWhat to do\n");
    for (String step : NoticeWording.whatToDo(notice, evidence)) {
      text.append(wrap("- " + step, INDENT)).append('\n');
    }
    text.append("\n-- \nMailflow notice ").append(notice.key()).append('\n');
    return text.toString();
  }

  /** A configuration notice as plain text. */
  public String body(ConfigurationNotice notice) {
    Objects.requireNonNull(notice, "notice");
    StringBuilder text = new StringBuilder(512);
    text.append(wrap(NoticeWording.firstSentence(notice), "")).append("\n\n");
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"Found at", ReadableTime.instant(notice.at(), alsoIn)});
    facts.add(new String[] {"Severity", NoticeJson.CONFIGURATION_SEVERITY.name()});
    text.append(table(facts));
    text.append("\nWhy\n").append(wrap(notice.reason(), INDENT)).append('\n');
    text.append("\nWhat to do\n")
        .append(wrap("- " + NoticeWording.whatToDo(notice), INDENT))
        .append('\n');
    text.append("\n-- \nMailflow notice ").append(NoticeJson.key(notice)).append('\n');
    return text.toString();
  }

  private static String route(Notice notice) {
    return notice.source() + " -> " + notice.target();
  }

  private static String routesTable(List<AffectedRoute> routes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"route", "servers", "condition", "incident"});
    for (AffectedRoute route : routes) {
      rows.add(
          new String[] {
            route.routeId(),
            route.source() + " -> " + route.target(),
            route.condition().name(),
            route.incidentId()
          });
    }
    return table(rows);
  }

  /** The evidence probes, with the route of each when they come from several routes. */
  private static String evidenceTable(List<AssessedProbe> evidence, boolean withRoute) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        withRoute
            ? new String[] {
              "sent at (UTC)", "route", "state/verdict", "latency", "probe id", "server reply"
            }
            : new String[] {
              "sent at (UTC)", "state/verdict", "latency", "probe id", "server reply"
            });
    boolean anyCovered = false;
    for (AssessedProbe probe : evidence) {
      String outcome = outcome(probe);
      if (probe.maintenanceAffected()) {
        outcome += "*";
        anyCovered = true;
      }
      String sent = ReadableTime.instant(probe.probe().sentAt());
      String latency = ReadableTime.duration(probe.latency());
      rows.add(
          withRoute
              ? new String[] {
                sent,
                probe.probe().routeId(),
                outcome,
                latency,
                probe.probe().probeId(),
                reply(probe)
              }
              : new String[] {sent, outcome, latency, probe.probe().probeId(), reply(probe)});
    }
    String table = table(rows);
    return anyCovered
        ? table + INDENT + "* covered by maintenance: not counted towards this incident\n"
        : table;
  }

  /**
   * Where the slow and late probes waited: each hop's receiving host and the delay before it, so
   * the reader sees which server held the mail without opening the JSON.
   */
  private static String hops(List<AssessedProbe> evidence) {
    StringBuilder text = new StringBuilder();
    int listed = 0;
    for (AssessedProbe probe : evidence) {
      Verdict verdict = probe.verdict();
      boolean waited =
          verdict == Verdict.SLOW || verdict == Verdict.CRITICALLY_SLOW || verdict == Verdict.LATE;
      if (!waited || probe.probe().delivery() == null) {
        continue;
      }
      List<Hop> hops = probe.probe().delivery().hops();
      if (hops.isEmpty() || listed == HOPS_IN_TEXT) {
        continue;
      }
      List<String> parts = new ArrayList<>(hops.size());
      for (Hop hop : hops) {
        String host = hop.by().isEmpty() ? "(unnamed host)" : hop.by();
        if (hop.clockSkew()) {
          // Its delay was read off the wrong clock: say how far off instead.
          parts.add(host + " (" + NoticeWording.clockOff(hop.clockOffset()) + ")");
        } else {
          parts.add(host + " " + (hop.delay() == null ? "?" : ReadableTime.duration(hop.delay())));
        }
      }
      text.append(wrap("- " + probe.probe().probeId() + ": " + String.join(", ", parts), INDENT))
          .append('\n');
      listed++;
    }
    return text.length() == 0
        ? ""
        : "\nWhere the slow probes waited (each host that took the mail, after how long)\n" + text;
  }

  private static String outcome(AssessedProbe probe) {
    String state = String.valueOf(probe.state());
    String verdict = String.valueOf(probe.verdict());
    return state.equals(verdict) ? state : state + "/" + verdict;
  }

  /** The reply for probes whose fate the source server's log explains; blank for the rest. */
  private static String reply(AssessedProbe probe) {
    Submission submission = probe.probe().submission();
    Verdict verdict = probe.verdict();
    if (submission == null || !(verdict == Verdict.SEND_FAILED || verdict == Verdict.LOST)) {
      return "";
    }
    String reply = oneLine(submission.reply());
    return submission.replyCode() > 0 ? submission.replyCode() + " " + reply : reply;
  }

  private static String flushIds(BacklogFlush flush, Abridgement abridgement) {
    List<String> shown = abridgement.probeIds(flush);
    int inText = Math.min(shown.size(), FLUSH_IDS_IN_TEXT);
    String ids = String.join(", ", shown.subList(0, inText));
    int more = flush.size() - inText;
    if (more > 0) {
      ids += (inText > 0 ? " and " : "") + more + " more";
    }
    return ids;
  }

  /** Columns padded to their widest cell; the last column is not padded. */
  private static String table(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns - 1; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(INDENT);
      for (int c = 0; c < columns; c++) {
        line.append(row[c]);
        if (c < columns - 1) {
          line.append(" ".repeat(widths[c] - row[c].length() + 3));
        }
      }
      text.append(stripTrailing(line)).append('\n');
    }
    return text.toString();
  }

  private static String stripTrailing(CharSequence line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    return line.subSequence(0, end).toString();
  }

  /** Wraps at word boundaries to {@value #WRAP} columns, continuing lines under the text. */
  private static String wrap(String text, String indent) {
    String continuation = indent + (text.startsWith("- ") ? "  " : "");
    StringBuilder out = new StringBuilder(text.length() + 16);
    StringBuilder line = new StringBuilder(indent);
    for (String word : oneLine(text).split(" ")) {
      if (word.isEmpty()) {
        continue;
      }
      boolean atStart = line.length() == indent.length() || line.length() == continuation.length();
      if (!atStart && line.length() + 1 + word.length() > WRAP) {
        out.append(line).append('\n');
        line = new StringBuilder(continuation);
        atStart = true;
      }
      if (!atStart) {
        line.append(' ');
      }
      line.append(word);
    }
    return out.append(line).toString();
  }

  /** Line breaks and tabs (multi-line SMTP replies) as spaces. */
  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ").trim();
  }

  /**
   * The subject SNS accepts: accents dropped (Göteborg becomes Goteborg), everything else outside
   * printable ASCII replaced, runs of spaces collapsed, the headline cut with "..." when longer
   * than fits, and the notice's {@link #tag} at the end, so the subject is at most {@value
   * #SUBJECT_LIMIT} characters and two copies of one notice have the same subject.
   */
  static String subjectOf(String headline, String key) {
    String tag = " " + tag(key);
    String plain =
        // NFKD splits accents from letters and turns the domain's "\u2026" into "...".
        Normalizer.normalize(SUBJECT_PREFIX + headline, Normalizer.Form.NFKD)
            .replaceAll("\\p{M}+", "");
    StringBuilder subject = new StringBuilder(plain.length());
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      char safe = c >= ' ' && c < 0x7f ? c : Character.isWhitespace(c) ? ' ' : '?';
      if (safe == ' ' && subject.length() > 0 && subject.charAt(subject.length() - 1) == ' ') {
        continue;
      }
      subject.append(safe);
    }
    String text = subject.toString().trim();
    int room = SUBJECT_LIMIT - tag.length();
    if (text.length() > room) {
      text = text.substring(0, room - 3).trim() + "...";
    }
    return text + tag;
  }

  /**
   * A short tag of the notice's key, {@code #3f9a2c1b}: the first eight hex digits of its SHA-256.
   * It stands in the subject, where the whole key does not fit, so that a person or a mail rule can
   * recognise a copy of a notice delivered twice.
   */
  public static String tag(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "#" + HexFormat.of().formatHex(hash, 0, TAG_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "NoticeText[" + (alsoIn == null ? "UTC" : "UTC and " + alsoIn.getId()) + "]";
  }
}
