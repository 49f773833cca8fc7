package dev.mailflow.adapters.mail;

import java.time.Instant;

/**
 * Reads the dates mail servers write into Date and Received headers.
 *
 * <p>Hosts write dates in many dialects, and one bad date must cost at most one hop's delay, so
 * this reader is tolerant and answers {@code null} instead of throwing. It is also cheap: it runs
 * for every Received header of every inbound mail, so it scans characters itself instead of trying
 * a list of {@code DateTimeFormatter}s and catching their exceptions.
 *
 * <p>Understood:
 *
 * <ul>
 *   <li>RFC 5322, with or without the day name, 2-, 3- or 4-digit years, with or without seconds,
 *       numeric zones ({@code +0200}, {@code -0000}, {@code +02:00}), the obsolete names UT, GMT,
 *       UTC and the US zones (EST ... PDT), and single military letters, read as UTC as RFC 5322
 *       asks because their sign was never used consistently. Trailing comments such as {@code
 *       (CEST)} and extra spaces are ignored.
 *   <li>A zone name with an offset, {@code UTC+0200}, and the month-first layout of C's asctime and
 *       JavaScript ({@code Fri Jul 28 12:19:01 UTC+0200 2006}).
 *   <li>ISO-8601 ({@code 2006-07-28T11:07:47.123Z}, {@code 2006-07-28 13:07:47+02:00}) and Go's
 *       {@code time.Time} text ({@code 2006-07-28 13:07:47.999999999 +0200 CEST m=+0.000123}).
 * </ul>
 *
 * <p>A date without a zone, or with a zone name whose offset is not known (CEST, IST...), is
 * answered with {@code null}. RFC 5322 would read an unknown name as UTC; a delay off by hours is
 * worse for us than an unknown one, because it would be believed.
 */
public final class MailDate {

  private static final int SECONDS_PER_DAY = 86_400;

  private MailDate() {}

  /**
   * The instant a date header means.
   *
   * @param text the date as written; may be {@code null}
   * @return the instant, or {@code null} when the text is not a date this reader understands
   */
  public static Instant parse(CharSequence text) {
    return text == null ? null : parse(text, 0, text.length());
  }

  /** The instant the date in {@code text[from, to)} means, or {@code null}; see {@link #parse}. */
  static Instant parse(CharSequence text, int from, int to) {
    Reader in = new Reader(text, from, to);
    in.skipSpaceAndComments();
    return in.isIsoDateAhead() ? in.isoOrGo() : in.rfc5322OrMonthFirst();
  }

  /** Days from 1970-01-01 to the given date of the proleptic Gregorian calendar. */
  static long epochDay(int year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yearOfEra = y - era * 400;
    long dayOfYear = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** A cursor over the text; every read method returns -1 (or null) when the text does not fit. */
  private static final class Reader {
    private static final int NO_OFFSET = Integer.MIN_VALUE;
    private static final int[] MONTHS = {
      key("jan"), key("feb"), key("mar"), key("apr"), key("may"), key("jun"),
      key("jul"), key("aug"), key("sep"), key("oct"), key("nov"), key("dec")
    };
    private static final int UT = key("ut");
    private static final int GMT = key("gmt");
    private static final int UTC = key("utc");
    private static final int EDT = key("edt");
    private static final int EST = key("est");
    private static final int CDT = key("cdt");
    private static final int CST = key("cst");
    private static final int MDT = key("mdt");
    private static final int MST = key("mst");
    private static final int PDT = key("pdt");
    private static final int PST = key("pst");

    private final CharSequence s;
    private final int end;
    private int pos;

    // The parts read so far.
    private int year;
    private int month;
    private int day;
    private int hour;
    private int minute;
    private int second;
    private int nanos;

    Reader(CharSequence s, int from, int to) {
      this.s = s;
      this.pos = from;
      this.end = to;
    }

    boolean isIsoDateAhead() {
      return pos + 4 < end
          && isDigit(s.charAt(pos))
          && isDigit(s.charAt(pos + 1))
          && isDigit(s.charAt(pos + 2))
          && isDigit(s.charAt(pos + 3))
          && s.charAt(pos + 4) == '-';
    }

    /** {@code 2006-07-28T13:07:47.5+02:00}, or Go's {@code 2006-07-28 13:07:47 +0200 CEST}. */
    Instant isoOrGo() {
      year = digits(4, 4);
      if (!expect('-')) {
        return null;
      }
      month = digits(2, 2);
      if (month < 0 || !expect('-')) {
        return null;
      }
      day = digits(2, 2);
      if (day < 0) {
        return null;
      }
      if (pos < end && (s.charAt(pos) == 'T' || s.charAt(pos) == 't')) {
        pos++;
      } else if (!skipSpaces()) {
        return null;
      }
      if (!time()) {
        return null;
      }
      skipSpaces();
      return instant(zone());
    }

    /** {@code [Fri,] 28 Jul 2006 13:07:47 +0200}, or {@code [Fri] Jul 28 13:07:47 [zone] 2006}. */
    Instant rfc5322OrMonthFirst() {
      if (pos < end && isLetter(s.charAt(pos))) {
        int wordStart = pos;
        int wordMonth = monthName();
        if (wordMonth > 0) {
          pos = wordStart;
          return monthFirst();
        }
        pos = wordStart;
        skipLetters();
        if (pos < end && s.charAt(pos) == ',') {
          pos++;
        }
        skipSpaceAndComments();
        if (pos < end && isLetter(s.charAt(pos))) {
          return monthFirst();
        }
      }
      day = digits(1, 2);
      if (day < 0) {
        return null;
      }
      skipSeparators();
      month = monthName();
      if (month < 0) {
        return null;
      }
      skipSeparators();
      year = year();
      if (year < 0 || !skipSpaces() || !time()) {
        return null;
      }
      skipSpaceAndComments();
      return instant(zone());
    }

    /** {@code Jul 28 13:07:47 [zone] 2006}: asctime, Unix date and JavaScript Date text. */
    private Instant monthFirst() {
      month = monthName();
      if (month < 0 || !skipSpaces()) {
        return null;
      }
      day = digits(1, 2);
      if (day < 0 || !skipSpaces() || !time()) {
        return null;
      }
      skipSpaces();
      int offset = NO_OFFSET;
      if (pos < end && !isDigit(s.charAt(pos))) {
        offset = zone();
        skipSpaces();
      }
      year = year();
      return year < 0 ? null : instant(offset);
    }

    /** {@code HH:MM[:SS[.fraction]]}. */
    private boolean time() {
      hour = digits(1, 2);
      if (hour < 0 || !expect(':')) {
        return false;
      }
      minute = digits(2, 2);
      if (minute < 0) {
        return false;
      }
      second = 0;
      nanos = 0;
      if (pos < end && s.charAt(pos) == ':') {
        pos++;
        second = digits(2, 2);
        if (second < 0) {
          return false;
        }
        if (pos < end && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
          pos++;
          int start = pos;
          int fraction = 0;
          while (pos < end && isDigit(s.charAt(pos))) {
            if (pos - start < 9) {
              fraction = fraction * 10 + (s.charAt(pos) - '0');
            }
            pos++;
          }
          if (pos == start) {
            return false;
          }
          for (int scale = Math.min(pos - start, 9); scale < 9; scale++) {
            fraction *= 10;
          }
          nanos = fraction;
        }
      }
      return true;
    }

    /**
     * The zone's offset in seconds, {@code NO_OFFSET} when there is none or its offset is unknown.
     */
    private int zone() {
      if (pos >= end) {
        return NO_OFFSET;
      }
      char c = s.charAt(pos);
      if (c == '+' || c == '-') {
        return numericOffset();
      }
      if (!isLetter(c)) {
        return NO_OFFSET;
      }
      int start = pos;
      skipLetters();
      int named = namedZone(start, pos);
      if (named == NO_OFFSET) {
        return NO_OFFSET;
      }
      // "UTC+0200" and "GMT +02:00": a name that says "relative to UTC" followed by the offset.
      int afterName = pos;
      skipSpaces();
      if (pos < end && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && named == 0) {
        int offset = numericOffset();
        if (offset != NO_OFFSET) {
          return offset;
        }
      }
      pos = afterName;
      return named;
    }

    /** {@code +hhmm}, {@code +hh:mm}, {@code +hh} or {@code +h}. */
    private int numericOffset() {
      int sign = s.charAt(pos) == '-' ? -1 : 1;
      pos++;
      int start = pos;
      while (pos < end && isDigit(s.charAt(pos)) && pos - start < 4) {
        pos++;
      }
      int count = pos - start;
      int hours;
      int minutes = 0;
      if (count == 4) {
        hours = number(start, start + 2);
        minutes = number(start + 2, start + 4);
      } else if (count == 1 || count == 2) {
        hours = number(start, pos);
        if (count == 2 && pos < end && s.charAt(pos) == ':') {
          pos++;
          minutes = digits(2, 2);
          if (minutes < 0) {
            return NO_OFFSET;
          }
        }
      } else {
        return NO_OFFSET;
      }
      if (hours > 18 || minutes > 59) {
        return NO_OFFSET;
      }
      return sign * (hours * 3600 + minutes * 60);
    }

    /** The offset of a zone name RFC 5322 defines, or {@code NO_OFFSET}. */
    private int namedZone(int from, int to) {
      int length = to - from;
      if (length == 1) {
        char letter = lower(s.charAt(from));
        return letter == 'j' ? NO_OFFSET : 0;
      }
      if (length == 2) {
        return key(from, 2) == UT ? 0 : NO_OFFSET;
      }
      if (length != 3) {
        return NO_OFFSET;
      }
      int key = key(from, 3);
      if (key == GMT || key == UTC) {
        return 0;
      }
      if (key == EDT) {
        return -4 * 3600;
      }
      if (key == EST || key == CDT) {
        return -5 * 3600;
      }
      if (key == CST || key == MDT) {
        return -6 * 3600;
      }
      if (key == MST || key == PDT) {
        return -7 * 3600;
      }
      return key == PST ? -8 * 3600 : NO_OFFSET;
    }

    /** 1 to 12 for a month name (its first three letters decide), -1 otherwise. */
    private int monthName() {
      int start = pos;
      skipLetters();
      if (pos - start < 3) {
        return -1;
      }
      int key = key(start, 3);
      for (int i = 0; i < MONTHS.length; i++) {
        if (key == MONTHS[i]) {
          return i + 1;
        }
      }
      return -1;
    }

    /** A 2-, 3- or 4-digit year, read as RFC 5322 says for the short ones. */
    private int year() {
      int start = pos;
      int value = digits(2, 4);
      if (value < 0) {
        return -1;
      }
      int count = pos - start;
      if (count == 2) {
        return value < 50 ? 2000 + value : 1900 + value;
      }
      return count == 3 ? 1900 + value : value;
    }

    private Instant instant(int offsetSeconds) {
      if (offsetSeconds == NO_OFFSET
          || month < 1
          || month > 12
          || day < 1
          || day > daysInMonth(year, month)
          || hour > 23
          || minute > 59
          || second > 60) {
        return null;
      }
      // A leap second cannot be an Instant; the second before it is within a second of the truth.
      int seconds = Math.min(second, 59);
      long epochSecond =
          epochDay(year, month, day) * SECONDS_PER_DAY
              + hour * 3600L
              + minute * 60L
              + seconds
              - offsetSeconds;
      return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Reads {@code min} to {@code max} digits; -1 when there are fewer than {@code min}. */
    private int digits(int min, int max) {
      int start = pos;
      int value = 0;
      while (pos < end && pos - start < max && isDigit(s.charAt(pos))) {
        value = value * 10 + (s.charAt(pos) - '0');
        pos++;
      }
      return pos - start < min ? -1 : value;
    }

    private int number(int from, int to) {
      int value = 0;
      for (int i = from; i < to; i++) {
        value = value * 10 + (s.charAt(i) - '0');
      }
      return value;
    }

    private boolean expect(char c) {
      if (pos < end && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    /** Skips spaces and tabs; true when there was at least one. */
    private boolean skipSpaces() {
      int start = pos;
      while (pos < end && isSpace(s.charAt(pos))) {
        pos++;
      }
      return pos > start;
    }

    /** Skips the spaces or '-' between day, month and year ("28 Jul 2006", "28-Jul-2006"). */
    private void skipSeparators() {
      while (pos < end && (isSpace(s.charAt(pos)) || s.charAt(pos) == '-')) {
        pos++;
      }
    }

    private void skipSpaceAndComments() {
      while (pos < end) {
        char c = s.charAt(pos);
        if (isSpace(c)) {
          pos++;
        } else if (c == '(') {
          int depth = 0;
          while (pos < end) {
            char d = s.charAt(pos++);
            if (d == '(') {
              depth++;
            } else if (d == ')' && --depth == 0) {
              break;
            }
          }
        } else {
          return;
        }
      }
    }

    private void skipLetters() {
      while (pos < end && isLetter(s.charAt(pos))) {
        pos++;
      }
    }

    private int key(int from, int length) {
      int key = 0;
      for (int i = from; i < from + length; i++) {
        key = key << 8 | lower(s.charAt(i));
      }
      return key;
    }

    private static int key(String lowerCase) {
      int key = 0;
      for (int i = 0; i < lowerCase.length(); i++) {
        key = key << 8 | lowerCase.charAt(i);
      }
      return key;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
  }
}
