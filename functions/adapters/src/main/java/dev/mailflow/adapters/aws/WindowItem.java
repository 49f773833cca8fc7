package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
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
import java.util.OptionalLong;
import java.util.TreeMap;
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

  /** What an item is: a window, or rejected with every fault it has. */
  record Reading(MaintenanceWindow window, RejectedWindow rejected) {}

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
      return new Reading(
          null, new RejectedWindow(key(item), String.join("; ", faults), fingerprint(item)));
    }
    return new Reading(new MaintenanceWindow(id, scope, start, end, reason, setBy), null);
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
