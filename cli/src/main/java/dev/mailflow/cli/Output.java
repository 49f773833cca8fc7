package dev.mailflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command prints on standard output: text for people, or with {@code --json} one JSON
 * document for programs, built from plain maps and lists so its field names are the documented ones
 * (docs/cli.md).
 */
final class Output {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;
  private final boolean json;

  private Output(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  static Output of(CommandSpec spec) {
    return new Output(spec.commandLine().getOut(), Mailflow.of(spec).options().json);
  }

  /** Prints {@code document} as JSON when {@code --json} is given, otherwise {@code text}. */
  void print(Map<String, ?> document, String text) {
    if (json) {
      try {
        out.println(JSON.writeValueAsString(document));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a map of texts and numbers is always JSON", e);
      }
    } else {
      out.print(text);
      if (!text.endsWith("\n")) {
        out.println();
      }
    }
    out.flush();
  }

  /** An instant in JSON: ISO-8601 in UTC, or null. */
  static String instant(Instant instant) {
    return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
  }

  /** A duration for people: {@code 1h30m}, {@code 45s}, {@code 2d3h}. */
  static String duration(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return duration.isZero() ? "0s" : duration.toMillis() + "ms";
    }
    StringBuilder text = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long rest = seconds % 60;
    if (days > 0) {
      text.append(days).append('d');
    }
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (rest > 0) {
      text.append(rest).append('s');
    }
    return text.toString();
  }
}
