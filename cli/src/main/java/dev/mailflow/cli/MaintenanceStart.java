package dev.mailflow.cli;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.maintenance.InvalidRecurrenceException;
import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.Recurrence;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.RecurringWindow.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailflow maintenance start}: puts a new window, the documented table item. */
@Command(
    name = "start",
    description = {
      "Set a maintenance window on a server, a route or everything.",
      "Times without an offset are read in --zone (default: the local zone); the instants taken"
          + " are printed back.",
      "With --every, a recurring window: each occurrence starts at the time of day of --at on the"
          + " wall clock of --zone and lasts --for."
    })
final class MaintenanceStart implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "SCOPE",
      description = "server:ID, route:ID or all, such as server:MX01.")
  String scope;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Length length;

  static final class Length {
    @Option(
        names = "--for",
        paramLabel = "DURATION",
        required = true,
        description = "How long, such as 90m or 1h30m.")
    String duration;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        required = true,
        description = "When it ends, such as 23:30 (the next 23:30 after the start).")
    String until;
  }

  @Option(
      names = "--at",
      paramLabel = "TIME",
      description = "When it starts (default: now), such as 22:00 or 'tomorrow 22:00'.")
  String at;

  @Option(
      names = "--every",
      paramLabel = "RRULE",
      description =
          "Repeat it by an RFC 5545 rule, such as 'FREQ=MONTHLY;BYDAY=2TU' (at most daily); needs"
              + " --at and --for, and follows the wall clock of --zone across daylight saving.")
  String every;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
  String reason;

  @Option(
      names = "--by",
      paramLabel = "WHO",
      description = "Who sets it (default: the user name, USER).")
  String by;

  @Option(
      names = "--id",
      paramLabel = "ID",
      description =
          "The window's id (default: the scope's id and the start, such as mx01-20261201-2200).")
  String id;

  @Option(
      names = "--keep",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description =
          "How long the item stays after its end, through the table's TTL (default: ${DEFAULT-VALUE}).")
  String keep;

  @Option(
      names = "--longest",
      paramLabel = "DURATION",
      defaultValue = "7d",
      description =
          "The longest window the deployment accepts, its MAILFLOW_MAX_WINDOW_LENGTH (default:"
              + " ${DEFAULT-VALUE}): a longer one would be refused by the evaluate function.")
  String longest;

  @Override
  public Integer call() {
    Mailflow mailflow = Mailflow.of(spec);
    Instant now = mailflow.now();
    ZoneId zone = mailflow.zone();
    MaintenanceScope parsedScope = Windows.scope(scope);
    if (every != null) {
      return startSeries(mailflow, parsedScope);
    }
    Instant start = at == null ? now : TimeText.parse(at, now, zone);
    Instant end =
        length.duration != null
            ? start.plus(positive("--for", Windows.duration("--for", length.duration)))
            : TimeText.parse(length.until, start, zone);
    if (!end.isAfter(start)) {
      throw new UsageException(
          "the window would end at "
              + TimeText.describe(end, zone)
              + ", not after its start "
              + TimeText.describe(start, zone));
    }
    Duration allowed = Windows.duration("--longest", longest);
    if (Duration.between(start, end).compareTo(allowed) > 0) {
      // The evaluate function would refuse the item and report it: say so now, write nothing.
      throw new UsageException(
          "the window would last "
              + Wording.duration(Duration.between(start, end))
              + ", longer than the "
              + Wording.duration(allowed)
              + " the deployment accepts (MAILFLOW_MAX_WINDOW_LENGTH): end it sooner, put one"
              + " window after another, or give --longest if the deployment allows more");
    }
    Duration kept = Windows.duration("--keep", keep);
    String setBy = setBy(mailflow);
    Connection connection = mailflow.connection();
    requireKnown(connection, parsedScope);
    String windowId = windowId(defaultId(parsedScope, start, zone));
    MaintenanceWindow window =
        new MaintenanceWindow(windowId, parsedScope, start, end, reason.trim(), setBy);
    OptionalLong expiresAt = OptionalLong.of(Windows.expiresAt(end, kept));
    if (!Windows.writer(connection).create(window, zone, expiresAt)) {
      throw exists(windowId);
    }
    Output.of(spec)
        .print(
            Map.of("window", WindowText.json(window, expiresAt, now)),
            "Set maintenance window " + WindowText.text(window, now, zone));
    return Mailflow.OK;
  }

  /**
   * Puts a recurring window: its first start is {@code --at} in {@code --zone}, each occurrence
   * lasts {@code --for}. It has no TTL: a series stays until it is cancelled.
   */
  private int startSeries(Mailflow mailflow, MaintenanceScope parsedScope) {
    Instant now = mailflow.now();
    ZoneId zone = mailflow.zone();
    if (length.duration == null) {
      throw new UsageException(
          "a recurring window lasts a --for on each occurrence, such as --for 4h, not --until");
    }
    if (at == null) {
      throw new UsageException(
          "give --at, the time the series starts (such as 22:00 or '2026-12-01 22:00'):"
              + " every occurrence starts at its time of day");
    }
    Duration each = positive("--for", Windows.duration("--for", length.duration));
    Duration allowed = Windows.duration("--longest", longest);
    if (each.compareTo(allowed) > 0) {
      throw new UsageException(
          "each occurrence would last "
              + Wording.duration(each)
              + ", longer than the "
              + Wording.duration(allowed)
              + " the deployment accepts (MAILFLOW_MAX_WINDOW_LENGTH): shorten --for, or give"
              + " --longest if the deployment allows more");
    }
    LocalDateTime firstStart = LocalDateTime.ofInstant(TimeText.parse(at, now, zone), zone);
    Recurrence recurrence;
    try {
      recurrence = Recurrence.of(every, zone, firstStart, each);
    } catch (InvalidRecurrenceException e) {
      throw new UsageException("--every: " + e.getMessage());
    }
    String setBy = setBy(mailflow);
    Connection connection = mailflow.connection();
    requireKnown(connection, parsedScope);
    Instant firstOccurrence =
        recurrence.stretchFrom(recurrence.firstOccurrence().orElseThrow()).firstInstant();
    String windowId = windowId(defaultId(parsedScope, firstOccurrence, zone) + "-recurring");
    RecurringWindow series =
        new RecurringWindow(
            windowId,
            parsedScope,
            recurrence,
            new TreeSet<>(),
            new TreeMap<>(),
            reason.trim(),
            setBy);
    if (!Windows.writer(connection).create(series, OptionalLong.empty())) {
      throw exists(windowId);
    }
    List<Occurrence> next = SeriesText.next(series, now, SeriesText.NEXT);
    Output.of(spec)
        .print(
            Map.of("window", SeriesText.json(series, next, now)),
            "Set recurring maintenance window " + SeriesText.text(series, next, now, zone));
    return Mailflow.OK;
  }

  private String setBy(Mailflow mailflow) {
    if (reason.isBlank()) {
      throw new UsageException("--reason is empty: say why, such as \"monthly patches\"");
    }
    return firstNonBlank(by, mailflow.environment().get("USER"), "mailflow");
  }

  private static void requireKnown(Connection connection, MaintenanceScope scope) {
    connection
        .configurationIfNamed()
        .ifPresent(configuration -> Windows.requireKnown(scope, configuration));
  }

  private String windowId(String byDefault) {
    String windowId = id == null ? byDefault : id.trim();
    if (windowId.isEmpty()) {
      throw new UsageException("--id is empty");
    }
    return windowId;
  }

  private static UsageException exists(String windowId) {
    return new UsageException(
        "a maintenance window "
            + windowId
            + " exists already: give another --id, or see: mailflow maintenance show "
            + windowId);
  }

  /** The scope's id in lower case and the start in {@code zone}: mx01-20261201-2200. */
  static String defaultId(MaintenanceScope scope, Instant start, ZoneId zone) {
    String name = scope.kind() == MaintenanceScope.Kind.ALL ? "all" : scope.id();
    return name.toLowerCase(Locale.ROOT)
        + "-"
        + start.atZone(zone).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT));
  }

  private static Duration positive(String option, Duration duration) {
    if (duration.isZero()) {
      throw new UsageException(option + " must be longer than 0");
    }
    return duration;
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.trim();
      }
    }
    throw new IllegalArgumentException("no value");
  }
}
