package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.maintenance.InvalidRecurrenceException;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One item of the maintenance window table read as a window, or as the reasons it is not one.
 *
 * <p>Operators write these items by hand, so every fault is expected and none is thrown: an item is
 * either a {@link MaintenanceWindow} or a {@link RejectedWindow} that names each bad attribute and
 * its value. {@link DynamoDbMaintenanceWindowSource} documents the item contract.
 */
final class WindowItem {

  static final String WINDOW_ID = "windowId";
  static final String SCOPE = "scope";
  static final String START = "start";
  static final String END = "end";
  static final String REASON = "reason";
  static final String SET_BY = "setBy";
  static final String EXPIRES_AT = MailflowTables.TIME_TO_LIVE;
  static final String EVERY = "every";
  static final String ZONE = "zone";
  static final String DURATION = "duration";
  static final String SKIP = "skip";
  static final String MOVED = "moved";

  private static final String TIME_EXAMPLE = "2026-12-01T22:00:00+01:00";

  /**
   * The range a window's times must lie in. ISO-8601 allows years up to a billion; bounding them
   * here keeps every later sum (an end and its grace period) far from the limits of {@link
   * Instant}.
   */
  private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final String FINGERPRINT_PREFIX = "window-item:";
  private static final int FINGERPRINT_BYTES = 16;

  private WindowItem() {}

  /**
   * What an item is: a one-off window, a recurring one, or rejected with every fault it has;
   * exactly one of the three is set.
   */
  record Reading(MaintenanceWindow window, RecurringWindow series, RejectedWindow rejected) {}

  /**
   * The longest window an item may hold unless the deployment says otherwise: a patch night or a
   * migration weekend fits, a window that would silence a server for months does not.
   */
  static final Duration DEFAULT_LONGEST = Duration.ofDays(7);

  /** Reads {@code item} with the default longest window; never throws for a bad item. */
  static Reading read(Map<String, AttributeValue> item) {
    return read(item, DEFAULT_LONGEST);
  }

  /**
   * Reads {@code item}; never throws for a bad item.
   *
   * @param longest the longest window allowed: a longer one is refused and reported, never applied,
   *     since a window set by mistake to end in 9999 would silence its scope for ever
   */
  static Reading read(Map<String, AttributeValue> item, Duration longest) {
    if (item.containsKey(EVERY)) {
      return readSeries(item, longest);
    }
    List<String> faults = new ArrayList<>();
    String id = text(item, WINDOW_ID, "the window's name, such as mx01-patching", faults);
    MaintenanceScope scope = scope(item, faults);
    Instant start = time(item, START, faults);
    Instant end = time(item, END, faults);
    String reason = text(item, REASON, "why, such as \"monthly patches\"", faults);
    String setBy = text(item, SET_BY, "who set it, such as ops@example.com", faults);
    expiresAt(item, faults);
    if (start != null && end != null && Duration.between(start, end).compareTo(longest) > 0) {
      faults.add(
          "the window lasts "
              + Wording.duration(Duration.between(start, end))
              + ", longer than the longest allowed, "
              + Wording.duration(longest)
              + " (MAILFLOW_MAX_WINDOW_LENGTH): end it sooner, or put one window after another");
    }
    if (start != null && end != null && !end.isAfter(start)) {
      faults.add(
          END
              + " '"
              + item.get(END).s()
              + "' is not after "
              + START
              + " '"
              + item.get(START).s()
              + "'");
    }
    if (!faults.isEmpty()) {
      return rejected(item, faults);
    }
    return new Reading(new MaintenanceWindow(id, scope, start, end, reason, setBy), null, null);
  }

  private static Reading rejected(Map<String, AttributeValue> item, List<String> faults) {
    return new Reading(
        null, null, new RejectedWindow(key(item), String.join("; ", faults), fingerprint(item)));
  }

  /**
   * Reads an item with {@code every}: a recurring window. Its {@code start} is the first start,
   * whose wall-clock time in {@code zone} every occurrence starts at; each lasts {@code duration}
   * on the wall clock; it has no {@code end}.
   */
  private static Reading readSeries(Map<String, AttributeValue> item, Duration longest) {
    List<String> faults = new ArrayList<>();
    String id = text(item, WINDOW_ID, "the window's name, such as mx01-patch-night", faults);
    MaintenanceScope scope = scope(item, faults);
    String every = text(item, EVERY, "an RFC 5545 rule such as FREQ=MONTHLY;BYDAY=2TU", faults);
    Instant start = time(item, START, faults);
    ZoneId zone = zone(item, faults);
    Duration length = duration(item, longest, faults);
    String reason = text(item, REASON, "why, such as \"monthly patches\"", faults);
    String setBy = text(item, SET_BY, "who set it, such as ops@example.com", faults);
    expiresAt(item, faults);
    if (item.containsKey(END)) {
      faults.add(
          END
              + " does not belong on a recurring window: each occurrence lasts its "
              + DURATION
              + "; leave "
              + END
              + " out");
    }
    SortedSet<LocalDate> skipped = skipped(item, faults);
    SortedMap<LocalDate, LocalDateTime> moved = moved(item, zone, faults);
    Recurrence recurrence = null;
    if (every != null && start != null && zone != null && length != null) {
      try {
        recurrence = Recurrence.of(every, zone, LocalDateTime.ofInstant(start, zone), length);
      } catch (InvalidRecurrenceException e) {
        faults.add(EVERY + ": " + e.getMessage());
      }
    }
    if (!faults.isEmpty()) {
      return rejected(item, faults);
    }
    return new Reading(
        null, new RecurringWindow(id, scope, recurrence, skipped, moved, reason, setBy), null);
  }

  private static ZoneId zone(Map<String, AttributeValue> item, List<String> faults) {
    String text = text(item, ZONE, "an IANA time zone such as Europe/Stockholm", faults);
    if (text == null) {
      return null;
    }
    try {
      return Recurrence.zone(text);
    } catch (InvalidRecurrenceException e) {
      faults.add(ZONE + ": " + e.getMessage());
      return null;
    }
  }

  private static Duration duration(
      Map<String, AttributeValue> item, Duration longest, List<String> faults) {
    String text = text(item, DURATION, "an ISO-8601 duration such as PT4H", faults);
    if (text == null) {
      return null;
    }
    Duration length;
    try {
      length = Duration.parse(text.trim());
    } catch (DateTimeParseException e) {
      faults.add(DURATION + " '" + text + "' is not an ISO-8601 duration such as PT4H or PT1H30M");
      return null;
    }
    if (length.isZero() || length.isNegative()) {
      faults.add(DURATION + " '" + text + "' must be longer than 0");
      return null;
    }
    if (length.compareTo(longest) > 0) {
      faults.add(
          "each occurrence lasts "
              + Wording.duration(length)
              + ", longer than the longest allowed, "
              + Wording.duration(longest)
              + " (MAILFLOW_MAX_WINDOW_LENGTH)");
      return null;
    }
    return length;
  }

  private static SortedSet<LocalDate> skipped(
      Map<String, AttributeValue> item, List<String> faults) {
    SortedSet<LocalDate> dates = new TreeSet<>();
    AttributeValue value = item.get(SKIP);
    if (value == null) {
      return dates;
    }
    if (!value.hasSs()) {
      faults.add(
          SKIP + " must be a string set (SS) of dates, not " + AttributeDescription.of(value));
      return dates;
    }
    for (String text : value.ss()) {
      date(SKIP, text, faults).ifPresent(dates::add);
    }
    return dates;
  }

  private static SortedMap<LocalDate, LocalDateTime> moved(
      Map<String, AttributeValue> item, ZoneId zone, List<String> faults) {
    SortedMap<LocalDate, LocalDateTime> moved = new TreeMap<>();
    AttributeValue value = item.get(MOVED);
    if (value == null) {
      return moved;
    }
    if (!value.hasM()) {
      faults.add(
          MOVED
              + " must be a map (M) from an occurrence's date to its new start, not "
              + AttributeDescription.of(value));
      return moved;
    }
    for (Map.Entry<String, AttributeValue> entry : value.m().entrySet()) {
      Optional<LocalDate> date = date(MOVED, entry.getKey(), faults);
      String label = MOVED + "." + entry.getKey();
      if (entry.getValue().s() == null) {
        faults.add(
            label
                + " must be a time (S) such as "
                + TIME_EXAMPLE
                + ", not "
                + AttributeDescription.of(entry.getValue()));
        continue;
      }
      Instant start = time(label, entry.getValue().s(), faults);
      if (date.isPresent() && start != null && zone != null) {
        moved.put(date.get(), LocalDateTime.ofInstant(start, zone));
      }
    }
    return moved;
  }

  private static Optional<LocalDate> date(String name, String text, List<String> faults) {
    try {
      return Optional.of(LocalDate.parse(text.trim()));
    } catch (DateTimeParseException e) {
      faults.add(name + " '" + text + "' is not an occurrence's date such as 2026-12-08");
      return Optional.empty();
    }
  }

  /**
   * The item of {@code window} as the contract documents it, its times written with the offset they
   * have in {@code zone}: the item an operator's {@code put-item} line would put. {@link #read}
   * reads it back as the same window.
   */
  static Map<String, AttributeValue> item(
      MaintenanceWindow window, ZoneId zone, OptionalLong expiresAt) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(WINDOW_ID, text(window.id()));
    item.put(SCOPE, text(window.scope().toString()));
    item.put(START, text(time(window.start(), zone)));
    item.put(END, text(time(window.end(), zone)));
    item.put(REASON, text(window.reason()));
    item.put(SET_BY, text(window.setBy()));
    expiresAt.ifPresent(
        seconds ->
            item.put(EXPIRES_AT, AttributeValue.builder().n(Long.toString(seconds)).build()));
    return item;
  }

  /**
   * The item of {@code series} as the contract documents it, its times written with the offset they
   * have in the series' zone. {@link #read} reads it back as the same series.
   */
  static Map<String, AttributeValue> item(RecurringWindow series, OptionalLong expiresAt) {
    Recurrence recurrence = series.recurrence();
    ZoneId zone = recurrence.zone();
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put(WINDOW_ID, text(series.id()));
    item.put(SCOPE, text(series.scope().toString()));
    item.put(EVERY, text(recurrence.rule()));
    item.put(START, text(time(recurrence.firstStart(), zone)));
    item.put(ZONE, text(zone.getId()));
    item.put(DURATION, text(recurrence.length().toString()));
    item.put(REASON, text(series.reason()));
    item.put(SET_BY, text(series.setBy()));
    if (!series.skipped().isEmpty()) {
      item.put(SKIP, dates(series.skipped()));
    }
    Map<String, AttributeValue> moved = new LinkedHashMap<>();
    series.moved().forEach((date, start) -> moved.put(date.toString(), text(time(start, zone))));
    // Always written, empty too, so a move can set one entry of it without reading it first.
    item.put(MOVED, AttributeValue.builder().m(moved).build());
    expiresAt.ifPresent(
        seconds ->
            item.put(EXPIRES_AT, AttributeValue.builder().n(Long.toString(seconds)).build()));
    return item;
  }

  /** A wall-clock time of {@code zone} as the contract writes a time, the earlier at an overlap. */
  static String time(LocalDateTime wallClock, ZoneId zone) {
    return wallClock
        .atZone(zone)
        .withEarlierOffsetAtOverlap()
        .toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** Occurrence dates as the contract writes them: a string set of ISO dates. */
  static AttributeValue dates(java.util.Collection<LocalDate> dates) {
    return AttributeValue.builder().ss(dates.stream().map(LocalDate::toString).toList()).build();
  }

  /** {@code instant} as the contract writes a time: ISO-8601 with the offset of {@code zone}. */
  static String time(Instant instant, ZoneId zone) {
    return instant.atZone(zone).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static AttributeValue text(String value) {
    return AttributeValue.builder().s(value).build();
  }

  /**
   * The item's TTL in epoch seconds, when it has a readable one. DynamoDB deletes an expired item
   * some time after its TTL, not at once; until then it must read as deleted.
   */
  static OptionalLong expiresAt(Map<String, AttributeValue> item) {
    return expiresAt(item, new ArrayList<>());
  }

  /**
   * A stable name for the item as it is now: a hash of every attribute, key included, in a fixed
   * order. Loading the same item again gives the same fingerprint, so a bad item is reported once;
   * editing any attribute gives a new one, so an item edited but still bad is reported again.
   */
  static String fingerprint(Map<String, AttributeValue> item) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    digestMap(digest, item);
    byte[] hash = digest.digest();
    return FINGERPRINT_PREFIX + HexFormat.of().formatHex(hash, 0, FINGERPRINT_BYTES);
  }

  /** The item's key as an operator finds it: the windowId, or a description when it has none. */
  static String key(Map<String, AttributeValue> item) {
    AttributeValue id = item.get(WINDOW_ID);
    if (id == null) {
      return "(no " + WINDOW_ID + ")";
    }
    return id.s() != null ? id.s() : WINDOW_ID + " " + AttributeDescription.of(id);
  }

  private static String text(
      Map<String, AttributeValue> item, String name, String expected, List<String> faults) {
    AttributeValue value = item.get(name);
    if (value == null) {
      faults.add(name + " is missing: give " + expected);
      return null;
    }
    if (value.s() == null) {
      faults.add(name + " must be a string (S), not " + AttributeDescription.of(value));
      return null;
    }
    if (value.s().isBlank()) {
      faults.add(name + " is empty: give " + expected);
      return null;
    }
    return value.s();
  }

  private static MaintenanceScope scope(Map<String, AttributeValue> item, List<String> faults) {
    String text = text(item, SCOPE, "server:ID, route:ID or all", faults);
    if (text == null) {
      return null;
    }
    try {
      return MaintenanceScope.parse(text);
    } catch (IllegalArgumentException e) {
      faults.add(SCOPE + " '" + text + "' is not valid: " + e.getMessage());
      return null;
    }
  }

  private static Instant time(Map<String, AttributeValue> item, String name, List<String> faults) {
    String text =
        text(item, name, "an ISO-8601 time with its UTC offset, such as " + TIME_EXAMPLE, faults);
    if (text == null) {
      return null;
    }
    return time(name, text, faults);
  }

  /** {@code text} as the contract writes a time, or null with a fault naming {@code name}. */
  private static Instant time(String name, String text, List<String> faults) {
    try {
      Instant instant =
          OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
        faults.add(name + " '" + text + "' lies outside the years 1970 to 9999");
        return null;
      }
      return instant;
    } catch (DateTimeParseException withoutOffset) {
      if (isLocalTime(text.trim())) {
        faults.add(
            name
                + " '"
                + text
                + "' has no UTC offset, so it could be any time zone's: write it as "
                + TIME_EXAMPLE
                + " or in UTC with Z");
      } else {
        faults.add(
            name
                + " '"
                + text
                + "' is not an ISO-8601 time with a UTC offset, such as "
                + TIME_EXAMPLE);
      }
      return null;
    }
  }

  private static boolean isLocalTime(String text) {
    try {
      LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static OptionalLong expiresAt(Map<String, AttributeValue> item, List<String> faults) {
    AttributeValue value = item.get(EXPIRES_AT);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.n() == null) {
      // DynamoDB would silently never expire it; say so instead.
      faults.add(
          EXPIRES_AT
              + " must be a number (N) of epoch seconds, not "
              + AttributeDescription.of(value));
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(new BigDecimal(value.n()).longValue());
    } catch (NumberFormatException e) {
      faults.add(EXPIRES_AT + " '" + value.n() + "' is not a number of epoch seconds");
      return OptionalLong.empty();
    }
  }

  private static void digestMap(MessageDigest digest, Map<String, AttributeValue> map) {
    digestInt(digest, map.size());
    for (Map.Entry<String, AttributeValue> entry : new TreeMap<>(map).entrySet()) {
      digestText(digest, entry.getKey());
      digestValue(digest, entry.getValue());
    }
  }

  private static void digestValue(MessageDigest digest, AttributeValue value) {
    AttributeValue.Type type = value.type();
    digestText(digest, type.name());
    switch (type) {
      case S:
        digestText(digest, value.s());
        break;
      case N:
        digestText(digest, value.n());
        break;
      case B:
        digestBytes(digest, value.b().asByteArrayUnsafe());
        break;
      case BOOL:
        digestText(digest, value.bool().toString());
        break;
      case NUL:
        break;
      case SS:
        digestSorted(digest, value.ss());
        break;
      case NS:
        digestSorted(digest, value.ns());
        break;
      case BS:
        List<String> encoded = new ArrayList<>(value.bs().size());
        for (SdkBytes bytes : value.bs()) {
          encoded.add(HexFormat.of().formatHex(bytes.asByteArrayUnsafe()));
        }
        digestSorted(digest, encoded);
        break;
      case L:
        digestInt(digest, value.l().size());
        for (AttributeValue element : value.l()) {
          digestValue(digest, element);
        }
        break;
      case M:
        digestMap(digest, value.m());
        break;
      default:
        digestText(digest, value.toString());
    }
  }

  /** Sets have no order in DynamoDB: the same set may come back in another one. */
  private static void digestSorted(MessageDigest digest, List<String> set) {
    List<String> sorted = new ArrayList<>(set);
    sorted.sort(null);
    digestInt(digest, sorted.size());
    for (String element : sorted) {
      digestText(digest, element);
    }
  }

  /** Length first, so that no two different sequences of texts hash the same bytes. */
  private static void digestText(MessageDigest digest, String text) {
    digestBytes(digest, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void digestBytes(MessageDigest digest, byte[] bytes) {
    digestInt(digest, bytes.length);
    digest.update(bytes);
  }

  private static void digestInt(MessageDigest digest, int value) {
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
  }
}
