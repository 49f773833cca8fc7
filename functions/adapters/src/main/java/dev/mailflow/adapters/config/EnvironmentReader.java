package dev.mailflow.adapters.config;

import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a function's settings from its environment, collecting every missing or bad variable so
 * that a deployment with three mistakes fails once with three messages, each naming its variable.
 *
 * <p>Use one per settings record: read each variable, then call {@link #done()}.
 */
public final class EnvironmentReader {
  /** The variable {@link #routeMetrics()} reads. */
  public static final String ROUTE_METRICS = "MAILFLOW_ROUTE_METRICS";

  private final Map<String, String> environment;
  private final String function;
  private final List<String> faults = new ArrayList<>();
  private final Set<String> read = new LinkedHashSet<>();

  /**
   * @param environment the variables, usually {@code System.getenv()}
   * @param function the function's name, for messages
   */
  public EnvironmentReader(Map<String, String> environment, String function) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.function = Objects.requireNonNull(function, "function");
  }

  /** A variable that must be set and not blank. */
  public String required(String name) {
    read.add(name);
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      faults.add(name + " is not set");
      return "";
    }
    return value.trim();
  }

  /** A variable that may be absent. */
  public Optional<String> optional(String name) {
    read.add(name);
    String value = environment.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /**
   * Whether the function's metrics carry the {@code Route} dimension ({@value #ROUTE_METRICS},
   * {@code on} or {@code off}, default off): each route then adds metrics of its own, and
   * CloudWatch bills each as a custom metric.
   */
  public boolean routeMetrics() {
    String value = optional(ROUTE_METRICS).orElse("off");
    if (value.equalsIgnoreCase("on")) {
      return true;
    }
    if (!value.equalsIgnoreCase("off")) {
      faults.add(ROUTE_METRICS + " is '" + value + "', not on or off");
    }
    return false;
  }

  /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number < min || number > max) {
        faults.add(name + " is " + number + ", outside " + min + ".." + max);
        return fallback;
      }
      return number;
    } catch (NumberFormatException e) {
      faults.add(name + " is '" + value.get() + "', not a whole number");
      return fallback;
    }
  }

  /** A duration such as {@code 30s} or {@code PT30S}, or {@code fallback} when absent. */
  public Duration duration(String name, Duration fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      Duration parsed = DurationText.parse(value.get());
      if (parsed.isZero() || parsed.isNegative()) {
        faults.add(name + " must be positive, not " + value.get());
        return fallback;
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      faults.add(name + " " + e.getMessage());
      return fallback;
    }
  }

  /** A duration from {@code min} to {@code max}, or {@code fallback} when absent. */
  public Duration duration(String name, Duration fallback, Duration min, Duration max) {
    Duration parsed = duration(name, fallback);
    if (parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      faults.add(name + " is " + parsed + ", outside " + min + ".." + max);
      return fallback;
    }
    return parsed;
  }

  /**
   * Exactly one of the variables {@code names} must be set; answers which one, with its value (the
   * first name and an empty value, with a fault recorded, when none or several are set).
   */
  public Map.Entry<String, String> oneOf(String... names) {
    List<Map.Entry<String, String>> set = present(names);
    if (set.size() != 1) {
      faults.add("set exactly one of " + listed(names));
      return Map.entry(names[0], "");
    }
    return set.get(0);
  }

  /**
   * At most one of the variables {@code names} may be set; answers which one, with its value, if
   * one is.
   */
  public Optional<Map.Entry<String, String>> atMostOneOf(String... names) {
    List<Map.Entry<String, String>> set = present(names);
    if (set.size() > 1) {
      faults.add("set at most one of " + listed(names));
      return Optional.empty();
    }
    return set.stream().findFirst();
  }

  /** Those of the variables {@code names} that are set, with their values, in that order. */
  private List<Map.Entry<String, String>> present(String... names) {
    List<Map.Entry<String, String>> set = new ArrayList<>();
    for (String name : names) {
      optional(name).ifPresent(value -> set.add(Map.entry(name, value)));
    }
    return set;
  }

  /** "A and B", "A, B and C". */
  private static String listed(String... names) {
    int last = names.length - 1;
    return last == 0
        ? names[0]
        : String.join(", ", Arrays.asList(names).subList(0, last)) + " and " + names[last];
  }

  /** The variable naming the configuration document's SSM parameter. */
  public static final String CONFIG_PARAMETER = "MAILFLOW_CONFIG_PARAMETER";

  /** The variable naming the configuration document's S3 object, {@code s3://BUCKET/KEY}. */
  public static final String CONFIG_OBJECT = "MAILFLOW_CONFIG_OBJECT";

  /** The variable naming the configuration document's local file. */
  public static final String CONFIG_FILE = "MAILFLOW_CONFIG_FILE";

  /**
   * Where the configuration document is: exactly one of {@value #CONFIG_PARAMETER}, {@value
   * #CONFIG_OBJECT} and {@value #CONFIG_FILE} must be set where {@code required}, at most one
   * otherwise; an object must be named {@code s3://BUCKET/KEY}. A fault is recorded otherwise.
   */
  public DocumentLocation configurationDocument(boolean required) {
    Optional<Map.Entry<String, String>> named;
    if (required) {
      Map.Entry<String, String> one = oneOf(CONFIG_PARAMETER, CONFIG_OBJECT, CONFIG_FILE);
      named = one.getValue().isEmpty() ? Optional.empty() : Optional.of(one);
    } else {
      named = atMostOneOf(CONFIG_PARAMETER, CONFIG_OBJECT, CONFIG_FILE);
    }
    if (named.isEmpty()) {
      return DocumentLocation.NONE;
    }
    if (named.get().getKey().equals(CONFIG_OBJECT)) {
      try {
        S3ObjectAddress.parse(named.get().getValue());
      } catch (IllegalArgumentException e) {
        fault(CONFIG_OBJECT + " " + e.getMessage());
        return DocumentLocation.NONE;
      }
    }
    return DocumentLocation.of(named.get().getKey(), named.get().getValue());
  }

  /** The variable that sets the probe interval of every route, unless its configuration does. */
  public static final String PROBE_INTERVAL = "MAILFLOW_PROBE_INTERVAL";

  /** The variable that sets the warning latency of every route, unless its configuration does. */
  public static final String WARNING_LATENCY = "MAILFLOW_WARNING_LATENCY";

  /** The variable that sets the critical latency of every route, unless its configuration does. */
  public static final String CRITICAL_LATENCY = "MAILFLOW_CRITICAL_LATENCY";

  /** The variable that sets the loss timeout of every route, unless its configuration does. */
  public static final String LOSS_TIMEOUT = "MAILFLOW_LOSS_TIMEOUT";

  /** The variables {@link #defaultPolicy()} reads. */
  public static final Set<String> POLICY_VARIABLES =
      Set.of(PROBE_INTERVAL, WARNING_LATENCY, CRITICAL_LATENCY, LOSS_TIMEOUT);

  /**
   * The deployment's default route policy: the built-in defaults with the probe interval and the
   * latency thresholds the deployment sets. A configuration document's {@code defaults}, and each
   * route's own policy, still override it. The lookback stretches to what the policy needs.
   */
  public RoutePolicy defaultPolicy() {
    RoutePolicy builtIn = RoutePolicy.defaults();
    Duration interval = duration(PROBE_INTERVAL, builtIn.probeInterval());
    Duration warning = duration(WARNING_LATENCY, builtIn.warningLatency());
    Duration critical = duration(CRITICAL_LATENCY, builtIn.criticalLatency());
    Duration loss = duration(LOSS_TIMEOUT, builtIn.lossTimeout());
    Duration needed =
        RoutePolicy.minimumLookback(
            interval,
            loss,
            RoutePolicy.probesToSee(
                builtIn.failuresToOpen(),
                builtIn.successesToClose(),
                builtIn.recentFailuresToOpen(),
                builtIn.cleanProbesToClose()));
    try {
      return new RoutePolicy(
          interval,
          warning,
          critical,
          loss,
          builtIn.failuresToOpen(),
          builtIn.successesToClose(),
          builtIn.reminderInterval(),
          builtIn.maintenanceGrace(),
          builtIn.flushTolerance(),
          needed.compareTo(builtIn.lookback()) > 0 ? needed : builtIn.lookback(),
          builtIn.recentProbes(),
          builtIn.recentFailuresToOpen(),
          builtIn.cleanProbesToClose(),
          builtIn.probePhase());
    } catch (IllegalArgumentException e) {
      faults.add(
          PROBE_INTERVAL
              + ", "
              + WARNING_LATENCY
              + ", "
              + CRITICAL_LATENCY
              + " and "
              + LOSS_TIMEOUT
              + " do not fit together: "
              + e.getMessage());
      return builtIn;
    }
  }

  /** Records a fault found while checking a value read. */
  public void fault(String message) {
    faults.add(message);
  }

  /** The names of every variable read, for checking a deployment template against the code. */
  public Set<String> variablesRead() {
    return Set.copyOf(read);
  }

  /**
   * Ends reading.
   *
   * @throws IllegalStateException naming every missing or bad variable
   */
  public void done() {
    if (!faults.isEmpty()) {
      throw new IllegalStateException(
          "the " + function + " function is not configured: " + String.join("; ", faults));
    }
  }
}
