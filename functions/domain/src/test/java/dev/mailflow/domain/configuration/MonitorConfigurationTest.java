package dev.mailflow.domain.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorConfigurationTest {

  @Test
  void construction_namesEveryRouteWhoseServersAreMissingAndEveryIdUsedTwice() {
    assertThatThrownBy(
            () ->
                new MonitorConfiguration(
                    List.of(server("MX01"), server("MX01")),
                    List.of(route("MX01", "MX09"), route("MX07", "MX01"), route("MX01", "MX09"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).faults())
                    .containsExactly(
                        "server MX01: the id is used twice",
                        "route MX01-to-MX09: target server MX09 is not defined",
                        "route MX07-to-MX01: source server MX07 is not defined",
                        "route MX01-to-MX09: the id is used twice",
                        "route MX01-to-MX09: target server MX09 is not defined"));
  }

  @Test
  void enabledRoutesBySource_groupsBySubmissionServerAndLeavesDisabledOut() {
    Route disabled =
        new Route("off", "MX02", "MX01", "a@b.se", "c@d.se", RoutePolicy.defaults(), false);
    MonitorConfiguration configuration =
        new MonitorConfiguration(
            List.of(server("MX01"), server("MX02")),
            List.of(route("MX01", "MX02"), route("MX02", "MX01"), disabled));

    assertThat(configuration.enabledRoutesBySource())
        .hasSize(2)
        .allSatisfy(
            (server, routes) -> assertThat(routes).allMatch(r -> r.source().equals(server.id())));
    assertThat(configuration.enabledRoutesBySource().values())
        .flatExtracting(routes -> routes)
        .doesNotContain(disabled);
    assertThat(configuration.route("off")).contains(disabled);
    assertThat(configuration.server("MX03")).isEmpty();
  }

  private static Server server(String id) {
    return Server.smtp(
        id, new SmtpEndpoint(id + ".example.com", 587, TransportSecurity.STARTTLS, null));
  }

  private static Route route(String source, String target) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@example.com",
        "probe@example.com",
        RoutePolicy.defaults(),
        true);
  }
}
