package dev.mailflow.adapters.logging;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J backend that writes one JSON object per line to standard output, which CloudWatch Logs
 * keeps as structured fields.
 *
 * <p>A full logging framework costs a Lambda function tens of milliseconds of cold start for
 * features it does not use; this writes the fields Logs Insights queries need and nothing else. The
 * level comes from {@code AWS_LAMBDA_LOG_LEVEL} (Lambda's own setting) or {@code
 * MAILFLOW_LOG_LEVEL}, default INFO; {@code MAILFLOW_LOG_FORMAT=text} gives plain lines for a
 * terminal. Function modules register it in {@code META-INF/services}.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();
  private ILoggerFactory loggers;

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggers;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {
    Map<String, String> environment = System.getenv();
    Level level = level(environment);
    boolean text = "text".equalsIgnoreCase(environment.getOrDefault("MAILFLOW_LOG_FORMAT", "json"));
    PrintStream out = System.out;
    Map<String, Logger> cache = new ConcurrentHashMap<>();
    loggers = name -> cache.computeIfAbsent(name, n -> new JsonLogger(n, level, text, out, mdc));
  }

  private static Level level(Map<String, String> environment) {
    String name =
        environment.getOrDefault(
            "AWS_LAMBDA_LOG_LEVEL", environment.getOrDefault("MAILFLOW_LOG_LEVEL", "INFO"));
    try {
      String upper = name.trim().toUpperCase(Locale.ROOT);
      return Level.valueOf(upper.equals("FATAL") ? "ERROR" : upper);
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }
}
