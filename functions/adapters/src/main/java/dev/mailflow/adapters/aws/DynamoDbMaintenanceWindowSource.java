package dev.mailflow.adapters.aws;

import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.maintenance.MaintenanceWindowSource;
import dev.mailflow.domain.maintenance.RecurringWindow;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.maintenance.WindowLoad.RejectedWindow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The maintenance windows operators put in their own DynamoDB table, one item per window, with one
 * {@code aws dynamodb put-item} line (see docs/maintenance-windows.md).
 *
 * <p>Build one per container with the table name from the function's configuration; the evaluate
 * function calls {@link #load()} once per run and judges every route against the result.
 *
 * <h2>Item contract</h2>
 *
 * <p>This is a public contract: operators and their tools write these items.
 *
 * <pre>
 * partition key  windowId   S  mx01-patching
 *                scope      S  server:MX01, route:MX02-to-MX01 or all
 *                start      S  2026-12-01T22:00:00+01:00 (ISO-8601 with its UTC offset; Z allowed)
 *                end        S  2026-12-01T23:30:00+01:00, after start
 *                reason     S  monthly patches
 *                setBy      S  ops@example.com
 * TTL (optional) expiresAt  N  epoch seconds, when DynamoDB may delete the item
 * </pre>
 *
 * <p>A recurring window has {@code every} and no {@code end}:
 *
 * <pre>
 * partition key  windowId   S  mx01-patch-night
 *                scope      S  server:MX01, route:MX02-to-MX01 or all
 *                every      S  FREQ=MONTHLY;BYDAY=2TU (an RFC 5545 RRULE, at most daily)
 *                start      S  2026-12-08T22:00:00+01:00: the first start; its wall-clock time in
 *                              zone is every occurrence's start
 *                zone       S  Europe/Stockholm (IANA)
 *                duration   S  PT4H (ISO-8601), on the wall clock
 *                reason     S  monthly patches
 *                setBy      S  ops@example.com
 * (optional)     skip       SS 2027-01-12: occurrences, by start date, that do not happen
 * (optional)     moved      M  {"2027-02-09": {"S": "2027-02-10T22:00:00+01:00"}}: occurrences
 *                              that start at another time, lasting as long
 * TTL (optional) expiresAt  N  epoch seconds, when DynamoDB may delete the item
 * </pre>
 *
 * <p>A series comes back as one {@link RecurringWindow}; the evaluation expands it with {@link
 * WindowLoad#expandedBetween}.
 *
 * <p>A time without an offset is refused: "22:00" means a different instant in every time zone, and
 * a window an hour off either misses the maintenance or hides a real outage. Other attributes are
 * ignored, so operators may add their own (a ticket number). An item past its {@code expiresAt}
 * reads as deleted, because DynamoDB deletes expired items only some time later.
 *
 * <p>An item that breaks the contract never fails the load: it comes back in {@link
 * WindowLoad#rejected()} with its key, a reason naming each bad attribute and its value, and a
 * fingerprint of its content, so the evaluation reports it once and again only after it is edited.
 * Its window is not applied: a window nobody can read must not silence alerts.
 *
 * <h2>Why a Scan</h2>
 *
 * <p>Routes are read with queries; this table is read with a Scan, and rightly: it holds a handful
 * of items, it is read once per evaluation run rather than once per route, and every item must be
 * seen anyway, bad ones included, to report them. The Scan is strongly consistent, so a window put
 * just before patching holds from the very next run, and follows {@code LastEvaluatedKey} until the
 * whole table is read. A table that cannot be read at all is a {@link
 * dev.mailflow.domain.probe.StoreException}.
 */
public final class DynamoDbMaintenanceWindowSource implements MaintenanceWindowSource {

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbMaintenanceWindowSource.class);

  /** A page size of zero leaves the page size to DynamoDB (1 MB). */
  static final int DYNAMODB_PAGES = 0;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;
  private final int pageSize;
  private final Duration longestWindow;

  /**
   * @param dynamoDb the container's client
   * @param table the window table, as the template names it
   * @param clock tells which items have expired
   */
  public DynamoDbMaintenanceWindowSource(DynamoDbClient dynamoDb, String table, Clock clock) {
    this(dynamoDb, table, clock, WindowItem.DEFAULT_LONGEST, DYNAMODB_PAGES);
  }

  /**
   * @param longestWindow the longest window an item may hold; a longer one is refused and reported
   * @see #DynamoDbMaintenanceWindowSource(DynamoDbClient, String, Clock)
   */
  public DynamoDbMaintenanceWindowSource(
      DynamoDbClient dynamoDb, String table, Clock clock, Duration longestWindow) {
    this(dynamoDb, table, clock, longestWindow, DYNAMODB_PAGES);
  }

  /** As the public constructor, with at most {@code pageSize} items per scan page, for tests. */
  DynamoDbMaintenanceWindowSource(
      DynamoDbClient dynamoDb, String table, Clock clock, int pageSize) {
    this(dynamoDb, table, clock, WindowItem.DEFAULT_LONGEST, pageSize);
  }

  private DynamoDbMaintenanceWindowSource(
      DynamoDbClient dynamoDb, String table, Clock clock, Duration longestWindow, int pageSize) {
    this.longestWindow = Objects.requireNonNull(longestWindow, "longestWindow");
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    if (table == null || table.isBlank()) {
      throw new IllegalArgumentException("maintenance window table name is missing");
    }
    this.table = table;
    this.clock = Objects.requireNonNull(clock, "clock");
    if (pageSize < 0) {
      throw new IllegalArgumentException("page size must not be negative, not " + pageSize);
    }
    this.pageSize = pageSize;
  }

  @Override
  public WindowLoad load() {
    ScanRequest.Builder request = ScanRequest.builder().tableName(table).consistentRead(true);
    if (pageSize != DYNAMODB_PAGES) {
      request.limit(pageSize);
    }
    long now = clock.instant().getEpochSecond();
    List<MaintenanceWindow> windows = new ArrayList<>();
    List<RecurringWindow> series = new ArrayList<>();
    List<RejectedWindow> rejected = new ArrayList<>();
    try {
      for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(request.build()).items()) {
        OptionalLong expiresAt = WindowItem.expiresAt(item);
        if (expiresAt.isPresent() && expiresAt.getAsLong() <= now) {
          continue;
        }
        WindowItem.Reading reading = WindowItem.read(item, longestWindow);
        if (reading.window() != null) {
          windows.add(reading.window());
        } else if (reading.series() != null) {
          series.add(reading.series());
        } else {
          rejected.add(reading.rejected());
        }
      }
    } catch (SdkException e) {
      throw StoreFailure.of("Could not read the maintenance windows in table " + table, e);
    }
    // A Scan returns items in hash order; a stable order keeps logs and notices comparable.
    windows.sort(
        Comparator.comparing(MaintenanceWindow::start).thenComparing(MaintenanceWindow::id));
    series.sort(Comparator.comparing(RecurringWindow::id));
    rejected.sort(Comparator.comparing(RejectedWindow::key));
    LOG.debug(
        "Read {} maintenance windows, {} recurring ones and {} rejected items from table {}",
        windows.size(),
        series.size(),
        rejected.size(),
        table);
    return new WindowLoad(windows, series, rejected);
  }
}
