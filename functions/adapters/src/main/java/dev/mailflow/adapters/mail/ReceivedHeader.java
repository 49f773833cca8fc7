package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.ReceivedStamp;
import java.time.Instant;

/**
 * Reads a Received header into a {@link ReceivedStamp}.
 *
 * <p>RFC 5321 defines {@code from X by Y via V with P id I for F; date}, but every MTA bends it:
 * Exchange writes {@code with Microsoft SMTPSVC(6.0.3790.1830)} and {@code with Microsoft SMTP
 * Server (version=...)}, qmail writes only a comment, Gmail leaves out {@code from}, Postfix folds
 * it over five lines of comments. So the reader skips comments (they hold look-alike words such as
 * "invoked by uid 89"), takes the first word after {@code from} and {@code by}, the words after
 * {@code with} up to the next comment or clause, and the date after the last ';'. Anything it does
 * not find stays empty; it never throws.
 */
final class ReceivedHeader {

  private ReceivedHeader() {}

  private static final int NONE = 0;
  private static final int FROM = 1;
  private static final int BY = 2;
  private static final int WITH = 3;
  private static final int OTHER = 4;

  /** The stamp an unfolded Received header value describes. */
  static ReceivedStamp parse(String value) {
    int dateStart = lastSemicolonOutsideComments(value);
    int clausesEnd = dateStart < 0 ? value.length() : dateStart;
    Instant at = dateStart < 0 ? null : MailDate.parse(value, dateStart + 1, value.length());

    String from = "";
    String by = "";
    int withStart = -1;
    int withEnd = -1;
    int clause = NONE;
    int pos = 0;
    while (pos < clausesEnd) {
      char c = value.charAt(pos);
      if (isSpace(c) || c == ';') {
        pos++;
        continue;
      }
      if (c == '(') {
        pos = skipComment(value, pos, clausesEnd);
        if (clause == WITH) {
          clause = OTHER;
        }
        continue;
      }
      int wordStart = pos;
      while (pos < clausesEnd && !isWordEnd(value.charAt(pos))) {
        pos++;
      }
      int keyword = keyword(value, wordStart, pos);
      if (keyword != NONE) {
        clause = keyword;
      } else if (clause == FROM && from.isEmpty()) {
        from = value.substring(wordStart, pos);
      } else if (clause == BY && by.isEmpty()) {
        by = value.substring(wordStart, pos);
      } else if (clause == WITH) {
        if (withStart < 0) {
          withStart = wordStart;
        }
        withEnd = pos;
      }
    }
    String protocol = withStart < 0 ? "" : collapseSpaces(value, withStart, withEnd);
    return new ReceivedStamp(from, by, protocol, at);
  }

  /**
   * The date follows the last ';', but a comment after the date may hold one too. When a comment
   * never closes, every ';' after it looks commented out, so the plain last ';' is the better
   * guess.
   */
  private static int lastSemicolonOutsideComments(String s) {
    int last = -1;
    int pos = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '(') {
        pos = skipComment(s, pos, s.length());
      } else {
        if (c == ';') {
          last = pos;
        }
        pos++;
      }
    }
    return last >= 0 ? last : s.lastIndexOf(';');
  }

  /** The clause a word opens, or {@code NONE} when it is not a clause keyword. */
  private static int keyword(String s, int from, int to) {
    int length = to - from;
    if (length == 4 && s.regionMatches(true, from, "from", 0, 4)) {
      return FROM;
    }
    if (length == 2 && s.regionMatches(true, from, "by", 0, 2)) {
      return BY;
    }
    if (length == 4 && s.regionMatches(true, from, "with", 0, 4)) {
      return WITH;
    }
    if ((length == 2 && s.regionMatches(true, from, "id", 0, 2))
        || (length == 3 && s.regionMatches(true, from, "via", 0, 3))
        || (length == 3 && s.regionMatches(true, from, "for", 0, 3))) {
      return OTHER;
    }
    return NONE;
  }

  /** The index after the comment that opens at {@code pos}; comments nest and may escape. */
  static int skipComment(String s, int pos, int end) {
    int depth = 0;
    while (pos < end) {
      char c = s.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return pos;
      }
    }
    return end;
  }

  /** The text with each run of spaces and tabs made one space ("Microsoft SMTP Server"). */
  private static String collapseSpaces(String s, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    boolean space = false;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        space = true;
      } else {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isWordEnd(char c) {
    return isSpace(c) || c == '(' || c == ';';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
