package dev.mailflow.adapters.logging;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;

/** One logger of {@link JsonLogProvider}: formats an event as one JSON line, or one text line. */
final class JsonLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;

  private final Level threshold;
  private final boolean text;
  private final transient PrintStream out;
  private final transient MDCAdapter mdc;

  JsonLogger(String name, Level threshold, boolean text, PrintStream out, MDCAdapter mdc) {
    this.name = name;
    this.threshold = threshold;
    this.text = text;
    this.out = out;
    this.mdc = mdc;
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, arguments);
    String line = text ? textLine(level, message, throwable) : jsonLine(level, message, throwable);
    // One println per event keeps concurrent threads' lines whole.
    out.println(line);
  }

  private String jsonLine(Level level, String message, Throwable throwable) {
    StringBuilder json = new StringBuilder(160 + message.length());
    json.append("{\"timestamp\":\"").append(Instant.now()).append('"');
    field(json, "level", level.name());
    field(json, "logger", shortName());
    field(json, "message", message);
    Map<String, String> context = mdc.getCopyOfContextMap();
    if (context != null) {
      for (Map.Entry<String, String> entry : context.entrySet()) {
        field(json, entry.getKey(), entry.getValue());
      }
    }
    if (throwable != null) {
      field(json, "error", throwable.getClass().getName() + ": " + throwable.getMessage());
      field(json, "stackTrace", stackTrace(throwable));
    }
    return json.append('}').toString();
  }

  private String textLine(Level level, String message, Throwable throwable) {
    StringBuilder context = new StringBuilder();
    Map<String, String> values = mdc.getCopyOfContextMap();
    if (values != null && !values.isEmpty()) {
      context.append(" [");
      values.forEach(
          (key, value) ->
              context
                  .append(context.length() > 2 ? " " : "")
                  .append(key)
                  .append('=')
                  .append(value));
      context.append(']');
    }
    String line = Instant.now() + " " + level + " " + shortName() + context + " - " + message;
    return throwable == null ? line : line + System.lineSeparator() + stackTrace(throwable);
  }

  private String shortName() {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }

  private static String stackTrace(Throwable throwable) {
    StringWriter writer = new StringWriter();
    throwable.printStackTrace(new PrintWriter(writer));
    return writer.toString();
  }

  private static void field(StringBuilder json, String key, String value) {
    json.append(',');
    JsonText.appendString(json, key);
    json.append(':');
    JsonText.appendString(json, value == null ? "" : value);
  }

  @Override
  public boolean isTraceEnabled() {
    return enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return enabled(Level.ERROR);
  }

  private boolean enabled(Level level) {
    // SLF4J numbers ERROR highest: a level is on when it is at least as severe as the threshold.
    return level.toInt() >= threshold.toInt();
  }
}
