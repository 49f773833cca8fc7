package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.route.ExpectedOrigin;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfiguredOriginsTest {

  private static final MonitorConfiguration CONFIGURATION =
      ConfigurationDocument.parse(
          """
          sender: mailflow@contoso.se
          servers:
            - {id: MX01, host: mx01.contoso.se, relayHosts: [198.51.100.10], dkimDomain: contoso.se}
            - {id: MX02, host: mx02.contoso.se}
          routes:
            - {source: MX02, target: MX01, recipient: probe@mx01.contoso.se}
            - {source: MX01, target: MX02, recipient: probe@mx02.contoso.se}
          """,
          "c.yaml");

  @Test
  void ofRoute_isWhatTheRoutesTargetExpects() {
    ConfiguredOrigins origins = new ConfiguredOrigins(() -> CONFIGURATION);

    assertThat(origins.ofRoute("MX02-to-MX01"))
        .isEqualTo(new ExpectedOrigin(List.of("198.51.100.10"), "contoso.se"));
    assertThat(origins.ofRoute("MX01-to-MX02")).isEqualTo(ExpectedOrigin.NONE);
    assertThat(origins.ofRoute("MX09-to-MX01")).isEqualTo(ExpectedOrigin.NONE);
  }

  @Test
  void ofRoute_whileNoConfigurationWasEverRead_expectsNothing() {
    ConfiguredOrigins origins =
        new ConfiguredOrigins(
            () -> {
              throw new ConfigurationUnavailableException(
                  "parameter /mailflow/config: not found", null);
            });

    assertThat(origins.ofRoute("MX02-to-MX01")).isEqualTo(ExpectedOrigin.NONE);
  }
}
