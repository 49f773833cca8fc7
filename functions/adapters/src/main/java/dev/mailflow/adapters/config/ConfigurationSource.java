package dev.mailflow.adapters.config;

import dev.mailflow.domain.configuration.InvalidConfigurationException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.route.RoutePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current monitor configuration, read from its document at most once per refresh interval.
 *
 * <p>A warm function reuses the configuration it read, so the parameter store is asked at most once
 * a minute however often the function runs. A document that cannot be read or is invalid never
 * replaces a good one: the last good configuration stays in force and the fault is logged with
 * every detail. Only when no good configuration was ever read does {@link #current()} fail.
 */
public final class ConfigurationSource {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSource.class);

  private final Supplier<String> document;
  private final String name;
  private final Clock clock;
  private final Duration refreshInterval;
  private final Function<String, MonitorConfiguration> parser;

  private MonitorConfiguration configuration;
  private String lastText;
  private Instant readAt;
  private RejectedDocument rejected;

  private static final String FINGERPRINT_PREFIX = "configuration-document:";
  private static final int FINGERPRINT_BYTES = 16;

  /** How long a function uses a configuration it read before reading it again. */
  public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);

  /**
   * The configuration of a deployed function: from its store (an SSM parameter or an S3 object)
   * when one is named, otherwise from the local file, read again at most every {@link
   * #REFRESH_INTERVAL}.
   *
   * @param store the document's name in its store ({@code MAILFLOW_CONFIG_PARAMETER} or {@code
   *     MAILFLOW_CONFIG_OBJECT}), if set
   * @param file the file's path ({@code MAILFLOW_CONFIG_FILE}), if set instead
   * @param storeReader reads the document by its name in the store; built only when one is named
   * @param clock time source
   * @param defaultPolicy the deployment's default route policy
   */
  public static ConfigurationSource fromStoreOrFile(
      Optional<String> store,
      Optional<String> file,
      Function<String, Supplier<String>> storeReader,
      Clock clock,
      RoutePolicy defaultPolicy) {
    if (store.isPresent()) {
      return new ConfigurationSource(
          storeReader.apply(store.get()), store.get(), clock, REFRESH_INTERVAL, defaultPolicy);
    }
    String path = file.orElseThrow(() -> new IllegalArgumentException("no configuration named"));
    return new ConfigurationSource(
        new FileDocument(Path.of(path)), path, clock, REFRESH_INTERVAL, defaultPolicy);
  }

  /**
   * @param document reads the document's text; may throw when the store is unreachable
   * @param name the document's name in messages, such as the parameter name
   * @param clock time source
   * @param refreshInterval how long a read document stays in use
   */
  public ConfigurationSource(
      Supplier<String> document, String name, Clock clock, Duration refreshInterval) {
    this(document, name, clock, refreshInterval, RoutePolicy.defaults());
  }

  /**
   * @param defaultPolicy the policy of a route where neither it nor the document's {@code defaults}
   *     says otherwise: the deployment's defaults
   */
  public ConfigurationSource(
      Supplier<String> document,
      String name,
      Clock clock,
      Duration refreshInterval,
      RoutePolicy defaultPolicy) {
    this(
        document,
        name,
        clock,
        refreshInterval,
        text -> ConfigurationDocument.parse(text, name, defaultPolicy));
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
  }

  /** With a parser of the test's own, to show what becomes of a fault no parser foresaw. */
  ConfigurationSource(
      Supplier<String> document,
      String name,
      Clock clock,
      Duration refreshInterval,
      Function<String, MonitorConfiguration> parser) {
    this.parser = Objects.requireNonNull(parser, "parser");
    this.document = Objects.requireNonNull(document, "document");
    this.name = Objects.requireNonNull(name, "name");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
  }

  /**
   * The configuration in force.
   *
   * @throws ConfigurationUnavailableException when no valid configuration has been read yet
   */
  public synchronized MonitorConfiguration current() {
    Instant now = clock.instant();
    if (configuration != null && readAt != null && now.isBefore(readAt.plus(refreshInterval))) {
      return configuration;
    }
    readAt = now;
    String text;
    try {
      text = document.get();
    } catch (RefusedDocumentException e) {
      // Its store gave it, so it is the document in force there: refused as an invalid one is.
      return refuse("refused version " + e.version(), e.getMessage(), e);
    } catch (RuntimeException e) {
      return keepOrFail("cannot be read: " + e.getMessage(), e);
    }
    if (configuration != null && text.equals(lastText)) {
      rejected = null;
      return configuration;
    }
    try {
      MonitorConfiguration parsed = parser.apply(text);
      if (configuration != null) {
        LOG.info(
            "configuration {} changed: {} servers, {} routes",
            name,
            parsed.servers().size(),
            parsed.routes().size());
      }
      configuration = parsed;
      lastText = text;
      rejected = null;
      return parsed;
    } catch (InvalidConfigurationException e) {
      return refuse(text, String.join("; ", e.faults()), e);
    } catch (DocumentException e) {
      return refuse(text, e.getMessage(), e);
    } catch (RuntimeException e) {
      // A fault the reader did not foresee must not stop monitoring either: whatever a new
      // document does wrong, the last good configuration stays in force.
      LOG.error("configuration {} could not be read as a configuration", name, e);
      return refuse(text, String.valueOf(e), e);
    }
  }

  /**
   * The version of the document refused at the last read, while the last good configuration stays
   * in force; empty when the document in the store is the one in force, or none was ever good.
   */
  public synchronized Optional<RejectedDocument> rejected() {
    return Optional.ofNullable(rejected);
  }

  private MonitorConfiguration refuse(String text, String faults, RuntimeException cause) {
    MonitorConfiguration kept = keepOrFail("is invalid: " + faults, cause);
    rejected = new RejectedDocument(name, faults, fingerprint(text));
    return kept;
  }

  /** Names this version of the document: a hash of its name and text. */
  private String fingerprint(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(name.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
      return FINGERPRINT_PREFIX + HexFormat.of().formatHex(hash, 0, FINGERPRINT_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private MonitorConfiguration keepOrFail(String problem, RuntimeException cause) {
    if (configuration == null) {
      throw new ConfigurationUnavailableException("configuration " + name + " " + problem, cause);
    }
    LOG.error("configuration {} {}; the last good configuration stays in force", name, problem);
    return configuration;
  }
}
