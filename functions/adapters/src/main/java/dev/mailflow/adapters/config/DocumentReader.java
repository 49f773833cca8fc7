package dev.mailflow.adapters.config;

import dev.mailflow.domain.configuration.InvalidConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed values from a {@link DocumentNode} and collects every fault with its line, so that a
 * person fixes a whole file in one pass rather than one error per attempt.
 */
public final class DocumentReader {
  private final String source;
  private final List<String> faults = new ArrayList<>();

  public DocumentReader(String source) {
    this.source = source;
  }

  /** Records a fault about {@code node}. */
  public void fault(DocumentNode node, String message) {
    faults.add("line " + node.line() + ": " + node.path() + ": " + message);
  }

  /** Every fault found so far. */
  public List<String> faults() {
    return List.copyOf(faults);
  }

  /** Throws with every fault, prefixed by the source, if there are any. */
  public void throwIfFaulty() {
    if (!faults.isEmpty()) {
      List<String> located = new ArrayList<>(faults.size());
      for (String fault : faults) {
        located.add(source + ": " + fault);
      }
      throw new InvalidConfigurationException(located);
    }
  }

  /** The node must be a map whose keys are all among {@code known}; unknown ones are faults. */
  public boolean requireMap(DocumentNode node, Set<String> known) {
    if (!node.isMap()) {
      fault(node, "expected a map of fields, found " + node.text());
      return false;
    }
    for (String key : node.fields().keySet()) {
      if (!known.contains(key)) {
        DocumentNode value = node.fields().get(key);
        String hint = closest(key, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
        fault(value, "unknown field '" + key + "'" + hint);
      }
    }
    return true;
  }

  /** A required text field; records a fault and answers empty when missing or not text. */
  public Optional<String> requiredText(DocumentNode map, String name) {
    Optional<DocumentNode> value = map.field(name);
    if (value.isEmpty()) {
      fault(map, "'" + name + "' is missing");
      return Optional.empty();
    }
    return text(value.get());
  }

  /** An optional text field. */
  public Optional<String> optionalText(DocumentNode map, String name) {
    return map.field(name).flatMap(this::text);
  }

  private Optional<String> text(DocumentNode value) {
    if (!value.isScalar() || value.text().isBlank()) {
      fault(value, "expected a text value, found " + (value.isScalar() ? "nothing" : value.text()));
      return Optional.empty();
    }
    return Optional.of(value.text().trim());
  }

  /** An optional whole number between {@code min} and {@code max}. */
  public Optional<Integer> optionalInt(DocumentNode map, String name, int min, int max) {
    return map.field(name)
        .flatMap(
            value -> {
              try {
                int number = Integer.parseInt(value.text().trim());
                if (number < min || number > max) {
                  fault(value, name + " " + number + " is outside " + min + ".." + max);
                  return Optional.empty();
                }
                return Optional.of(number);
              } catch (NumberFormatException e) {
                fault(value, name + " '" + value.text() + "' is not a whole number");
                return Optional.empty();
              }
            });
  }

  /** An optional true/false. */
  public Optional<Boolean> optionalBoolean(DocumentNode map, String name) {
    return map.field(name)
        .flatMap(
            value -> {
              String text = value.text().trim().toLowerCase(Locale.ROOT);
              if (text.equals("true") || text.equals("false")) {
                return Optional.of(Boolean.parseBoolean(text));
              }
              fault(value, name + " '" + value.text() + "' is not true or false");
              return Optional.empty();
            });
  }

  /** An optional duration such as {@code 90s}, {@code 5m}, {@code 1h30m} or {@code PT5M}. */
  public Optional<Duration> optionalDuration(DocumentNode map, String name) {
    return map.field(name).flatMap(value -> duration(value, name));
  }

  /** A duration value. */
  public Optional<Duration> duration(DocumentNode value, String name) {
    try {
      return Optional.of(DurationText.parse(value.text()));
    } catch (IllegalArgumentException e) {
      fault(value, name + " " + e.getMessage());
      return Optional.empty();
    }
  }

  /** An optional value among {@code allowed} (case-insensitive), answered upper-case. */
  public Optional<String> optionalChoice(DocumentNode map, String name, Set<String> allowed) {
    return optionalText(map, name)
        .flatMap(
            text -> {
              String upper = text.toUpperCase(Locale.ROOT);
              if (allowed.contains(upper)) {
                return Optional.of(upper);
              }
              fault(
                  map.field(name).orElseThrow(), name + " '" + text + "' is not one of " + allowed);
              return Optional.empty();
            });
  }

  private static Optional<String> closest(String key, Set<String> known) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : known) {
      int distance = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
