package dev.mailflow.receive;

import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.receiving.ExpectedOrigins;
import dev.mailflow.domain.route.ExpectedOrigin;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each route's target server expects of its probes' arrival, from the configuration in force.
 *
 * <p>The check it feeds is a safeguard, not a condition of recording: while no configuration has
 * ever been read (the send and evaluate functions, which cannot run without one, raise their alarms
 * then), and for a route the configuration no longer names, nothing is expected and the probe is
 * recorded as before. Thread-safe when the supplier is.
 */
final class ConfiguredOrigins implements ExpectedOrigins {
  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredOrigins.class);

  private final Supplier<MonitorConfiguration> configuration;

  /**
   * @param configuration the configuration in force; may throw {@link
   *     ConfigurationUnavailableException} while none was ever read
   */
  ConfiguredOrigins(Supplier<MonitorConfiguration> configuration) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
  }

  @Override
  public ExpectedOrigin ofRoute(String routeId) {
    MonitorConfiguration current;
    try {
      current = configuration.get();
    } catch (ConfigurationUnavailableException e) {
      LOG.warn(
          "route={} origin not checked: no configuration could be read yet: {}",
          routeId,
          e.getMessage());
      return ExpectedOrigin.NONE;
    }
    return current
        .route(routeId)
        .map(Route::target)
        .flatMap(current::server)
        .map(Server::origin)
        .orElse(ExpectedOrigin.NONE);
  }
}
