package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.configuration.InvalidConfigurationException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A configuration document is edited by hand and read by every run: whatever it says, reading it
 * either gives a configuration or throws one of the two documented exceptions, {@link
 * InvalidConfigurationException} (faults with their lines) or {@link DocumentException} (not YAML
 * at all). Any other exception would escape the keep-the-last-good-document path and stop
 * monitoring.
 */
class ConfigurationDocumentPropertyTest {

  private static final List<String> LINES =
      List.of(
          "sender: mailflow@contoso.se",
          "defaults:",
          "  probeInterval: %s",
          "  lossTimeout: %s",
          "  reminderInterval: %s",
          "  lookback: %s",
          "  failuresToOpen: %s",
          "servers:",
          "  - id: %s",
          "    host: %s",
          "    port: %s",
          "    security: %s",
          "    transport: %s",
          "routes:",
          "  - source: %s",
          "    target: %s",
          "    recipient: %s",
          "    enabled: %s",
          "    policy:",
          "      lossTimeout: %s",
          "%s: %s",
          "  %s",
          "- %s",
          "&a %s",
          "*a");

  private static final List<String> VALUES =
      List.of(
          "MX01",
          "MX02",
          "mx01.contoso.se",
          "probe@mx01.contoso.se",
          "10m",
          "PT5M",
          "P106751991167300D",
          "9223372036854775807s",
          "-5m",
          "0",
          "65536",
          "2147483648",
          "smtps",
          "ses",
          "true",
          "\"\\u0000\"",
          "\"\\ud800\"",
          "[a, b",
          "{a: 1}",
          "!!binary AAAA",
          "!!java.lang.Object {}",
          "~",
          "'''",
          ":",
          "*undefined");

  @Property(tries = 3000)
  void anyDocument_readsOrFailsWithADocumentedException(@ForAll("documents") String document) {
    try {
      assertThat(ConfigurationDocument.parse(document, "mailflow.yaml")).isNotNull();
    } catch (InvalidConfigurationException | DocumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<String> documents() {
    Arbitrary<String> value =
        Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(20));
    Arbitrary<String> line =
        Combinators.combine(Arbitraries.of(LINES), value, value)
            .as((pattern, first, second) -> String.format(pattern, first, second));
    return line.list().ofMaxSize(30).map(lines -> String.join("\n", lines));
  }
}
