package dev.mailflow.domain.maintenance;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.Freq;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * When a recurring maintenance window happens: an RFC 5545 rule ({@code FREQ=MONTHLY;BYDAY=2TU}),
 * the zone whose wall clock it follows, the first start, and how long each occurrence lasts on the
 * wall clock.
 *
 * <p>The rule is expanded by lib-recur in wall-clock time, as if the zone had no daylight saving;
 * each occurrence then becomes real instants by the rule of {@link WallClockStretch}. The time of
 * day of every occurrence is the time of day of the first start, so a rule repeats at most once a
 * day: sub-daily frequencies and {@code BYHOUR}, {@code BYMINUTE} or {@code BYSECOND} are refused.
 * That makes an occurrence's start date its name, the name a skip or a move refers to. As in RFC
 * 5545, the first start is itself an occurrence only when the rule matches it.
 *
 * <p>Immutable once built; {@link #of} refuses what cannot be a series with an {@link
 * InvalidRecurrenceException} whose message an operator can act on.
 */
public final class Recurrence {

  /** Occurrences looked at by one expansion at most: a daily rule over 27 years. */
  static final int MOST_CANDIDATES = 10_000;

  private static final String EXAMPLE = "FREQ=MONTHLY;BYDAY=2TU";

  private final String rule;
  private final ZoneId zone;
  private final LocalDateTime firstStart;
  private final Duration length;
  private final RecurrenceRule parsed;

  private Recurrence(
      String rule, ZoneId zone, LocalDateTime firstStart, Duration length, RecurrenceRule parsed) {
    this.rule = rule;
    this.zone = zone;
    this.firstStart = firstStart;
    this.length = length;
    this.parsed = parsed;
  }

  /**
   * A recurrence, checked.
   *
   * @param rule an RFC 5545 RRULE value, with or without the {@code RRULE:} prefix
   * @param zone the zone whose wall clock the occurrences follow
   * @param firstStart the first start (DTSTART) on that wall clock; its time of day is every
   *     occurrence's
   * @param length how long each occurrence lasts on the wall clock
   * @throws InvalidRecurrenceException saying what is wrong
   */
  public static Recurrence of(String rule, ZoneId zone, LocalDateTime firstStart, Duration length) {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(firstStart, "firstStart");
    Objects.requireNonNull(length, "length");
    if (length.isZero() || length.isNegative()) {
      throw new InvalidRecurrenceException(
          "each occurrence must last longer than 0, not " + length);
    }
    String text = normalised(rule);
    RecurrenceRule parsed = parse(text, zone);
    Recurrence recurrence = new Recurrence(text, zone, firstStart, length, parsed);
    if (recurrence.firstOccurrence().isEmpty()) {
      throw new InvalidRecurrenceException(
          "the rule '" + text + "' has no occurrence from " + firstStart + " on");
    }
    return recurrence;
  }

  /** Reads {@code zone} as an IANA time zone. @throws InvalidRecurrenceException when unknown */
  public static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      throw new InvalidRecurrenceException(
          "the time zone is missing: give an IANA zone such as Europe/Stockholm");
    }
    try {
      return ZoneId.of(zone.trim());
    } catch (DateTimeException e) {
      throw new InvalidRecurrenceException(
          "'" + zone + "' is not a time zone: give an IANA zone such as Europe/Stockholm", e);
    }
  }

  public String rule() {
    return rule;
  }

  public ZoneId zone() {
    return zone;
  }

  public LocalDateTime firstStart() {
    return firstStart;
  }

  public Duration length() {
    return length;
  }

  /** The first occurrence's wall-clock start, if the rule has any (a checked one has). */
  public Optional<LocalDateTime> firstOccurrence() {
    try {
      List<LocalDateTime> first = starts(firstStart, LocalDateTime.MAX, 1);
      return first.stream().findFirst();
    } catch (IllegalArgumentException neverMatches) {
      // lib-recur gives up on a rule that matches nothing, such as February 30th, this way.
      return Optional.empty();
    }
  }

  /** The wall-clock start of the occurrence on {@code date}, if the rule has one that day. */
  public Optional<LocalDateTime> startOn(LocalDate date) {
    return starts(date.atStartOfDay(), date.plusDays(1).atStartOfDay(), 1).stream().findFirst();
  }

  /** The wall-clock stretch an occurrence starting at {@code start} covers. */
  public WallClockStretch stretchFrom(LocalDateTime start) {
    return new WallClockStretch(start, start.plus(length), zone);
  }

  /**
   * The wall-clock starts of the occurrences in {@code [from, to)}, in order, at most {@code
   * limit}. Jumps to {@code from} rather than walking from the first start, so a series set years
   * ago costs no more than a new one.
   */
  public List<LocalDateTime> starts(LocalDateTime from, LocalDateTime to, int limit) {
    List<LocalDateTime> starts = new ArrayList<>();
    RecurrenceRuleIterator iterator = parsed.iterator(dateTime(firstStart));
    if (from.isAfter(firstStart)) {
      iterator.fastForward(dateTime(from));
    }
    while (starts.size() < limit && iterator.hasNext()) {
      LocalDateTime next = localDateTime(iterator.nextDateTime());
      if (!next.isBefore(to)) {
        break;
      }
      if (!next.isBefore(from)) {
        starts.add(next);
      }
    }
    return starts;
  }

  /** The wall-clock time {@code instant} shows in the zone. */
  LocalDateTime wallClock(Instant instant) {
    return LocalDateTime.ofInstant(instant, zone);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Recurrence
        && rule.equals(((Recurrence) other).rule)
        && zone.equals(((Recurrence) other).zone)
        && firstStart.equals(((Recurrence) other).firstStart)
        && length.equals(((Recurrence) other).length);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rule, zone, firstStart, length);
  }

  /** The rule, zone, first start and length, for people and logs. */
  @Override
  public String toString() {
    return rule + " from " + firstStart + " " + zone + " for " + length;
  }

  private static String normalised(String rule) {
    if (rule == null || rule.isBlank()) {
      throw new InvalidRecurrenceException(
          "the recurrence rule is missing: give an RFC 5545 rule such as " + EXAMPLE);
    }
    String text = rule.trim();
    if (text.toUpperCase(Locale.ROOT).startsWith("RRULE:")) {
      text = text.substring("RRULE:".length()).trim();
    }
    return text;
  }

  private static RecurrenceRule parse(String text, ZoneId zone) {
    RecurrenceRule parsed;
    try {
      parsed = new RecurrenceRule(text, RecurrenceRule.RfcMode.RFC5545_STRICT);
    } catch (InvalidRecurrenceRuleException | RuntimeException e) {
      throw new InvalidRecurrenceException(
          "'"
              + text
              + "' is not an RFC 5545 recurrence rule ("
              + e.getMessage()
              + "): write it such as "
              + EXAMPLE,
          e);
    }
    // lib-recur's enums are named only once a rule exists: Freq and Part must not initialise
    // before RecurrenceRule, whose own initialiser needs them.
    if (Set.of(Freq.HOURLY, Freq.MINUTELY, Freq.SECONDLY).contains(parsed.getFreq())) {
      throw new InvalidRecurrenceException(
          "the rule '"
              + text
              + "' repeats more than once a day (FREQ="
              + parsed.getFreq()
              + "): a maintenance window recurs at most daily");
    }
    for (RecurrenceRule.Part part :
        List.of(
            RecurrenceRule.Part.BYHOUR,
            RecurrenceRule.Part.BYMINUTE,
            RecurrenceRule.Part.BYSECOND)) {
      if (parsed.hasPart(part)) {
        throw new InvalidRecurrenceException(
            "the rule '"
                + text
                + "' sets the time of day with "
                + part
                + ": leave it out, every occurrence starts at the time of day of the start");
      }
    }
    DateTime until = parsed.getUntil();
    if (until != null) {
      parsed.setUntil(wallClockUntil(until, zone));
    }
    return parsed;
  }

  /**
   * RFC 5545 writes UNTIL in UTC or as a date; the rule is expanded in wall-clock time, so UNTIL is
   * read as the wall-clock time it means in the zone, a date as the end of that day.
   */
  private static DateTime wallClockUntil(DateTime until, ZoneId zone) {
    if (until.isAllDay()) {
      return new DateTime(until.getYear(), until.getMonth(), until.getDayOfMonth(), 23, 59, 59);
    }
    if (until.isFloating()) {
      return until;
    }
    return dateTime(LocalDateTime.ofInstant(Instant.ofEpochMilli(until.getTimestamp()), zone));
  }

  private static DateTime dateTime(LocalDateTime local) {
    // lib-recur counts months from 0.
    return new DateTime(
        local.getYear(),
        local.getMonthValue() - 1,
        local.getDayOfMonth(),
        local.getHour(),
        local.getMinute(),
        local.getSecond());
  }

  private static LocalDateTime localDateTime(DateTime dateTime) {
    return LocalDateTime.of(
        dateTime.getYear(),
        dateTime.getMonth() + 1,
        dateTime.getDayOfMonth(),
        dateTime.getHours(),
        dateTime.getMinutes(),
        dateTime.getSeconds());
  }
}
