package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.configuration.InvalidConfigurationException;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.route.ExpectedOrigin;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.TransportSecurity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationDocumentTest {
  private static final String YAML =
      """
      sender: mailflow@contoso.se
      defaults:
        probeInterval: 10m
        lossTimeout: 20m
      servers:
        - id: MX01
          host: mx01.contoso.se
        - id: MX02
          host: mx02.contoso.se
          security: smtps
          credentialsSecret: mailflow/smtp/mx02
        - id: SES
          transport: ses
      routes:
        - source: MX02
          target: MX01
          recipient: probe@mx01.contoso.se
        - source: MX01
          target: MX02
          recipient: probe@mx02.contoso.se
          enabled: false
          policy:
            lossTimeout: 2h
            failuresToOpen: 3
      """;

  @Test
  void parse_readsServersRoutesDefaultsAndOverrides() {
    MonitorConfiguration configuration = ConfigurationDocument.parse(YAML, "mailflow.yaml");

    Server mx02 = configuration.server("MX02").orElseThrow();
    assertThat(mx02.submission().security()).isEqualTo(TransportSecurity.SMTPS);
    assertThat(mx02.submission().port()).isEqualTo(465);
    assertThat(mx02.submission().credentialsSecret()).isEqualTo("mailflow/smtp/mx02");
    assertThat(configuration.server("MX01").orElseThrow().submission().port()).isEqualTo(587);
    assertThat(configuration.server("SES").orElseThrow().transport())
        .isEqualTo(Server.Transport.SES);

    Route first = configuration.route("MX02-to-MX01").orElseThrow();
    assertThat(first.sender()).isEqualTo("mailflow@contoso.se");
    assertThat(first.policy().probeInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(first.policy().lossTimeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(first.policy().warningLatency()).isEqualTo(RoutePolicy.defaults().warningLatency());
    assertThat(first.enabled()).isTrue();

    Route second = configuration.route("MX01-to-MX02").orElseThrow();
    assertThat(second.enabled()).isFalse();
    assertThat(second.policy().lossTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(second.policy().failuresToOpen()).isEqualTo(3);
    // The lookback stretched beyond the default 2h to hold seven probes past a 2h loss timeout:
    // the default clean stretch of six, and one.
    assertThat(second.policy().lookback()).isEqualTo(Duration.ofMinutes(190));
    assertThat(second.policy().cleanProbesToClose()).isEqualTo(6);
    assertThat(first.policy().lookback()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void parse_readsTheSameDocumentWrittenAsJson() {
    String json =
        """
        {"sender": "mailflow@contoso.se",
         "servers": [{"id": "MX01", "host": "mx01.contoso.se"},
                     {"id": "MX02", "host": "mx02.contoso.se", "port": 2525, "security": "NONE"}],
         "routes": [{"source": "MX02", "target": "MX01", "recipient": "probe@mx01.contoso.se"}]}
        """;

    MonitorConfiguration configuration =
        ConfigurationDocument.parse(json, "parameter /mailflow/config");

    assertThat(configuration.routes()).extracting(Route::id).containsExactly("MX02-to-MX01");
    assertThat(configuration.server("MX02").orElseThrow().submission().port()).isEqualTo(2525);
  }

  @Test
  void parse_reportsEveryFaultWithItsLineAndWhatItIsAbout() {
    String yaml =
        """
        servers:
          - id: MX01
            host: mx01.contoso.se
            port: 99999
          - id: MX 02
            host: mx02.contoso.se
          - host: mx03.contoso.se
        routes:
          - source: MX01
            target: MX09
            recipient: probe@contoso.se
            sender: mailflow@contoso.se
            policy:
              lossTimout: 20m
              criticalLatency: soon
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "mailflow.yaml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .satisfies(
            e ->
                assertThat(((InvalidConfigurationException) e).faults())
                    .containsExactly(
                        "mailflow.yaml: line 4: servers[0].port: port 99999 is outside 1..65535",
                        "mailflow.yaml: line 5: servers[1].id: server id 'MX 02' is not valid: use 1"
                            + " to 64 letters, digits, '-' or '_'",
                        "mailflow.yaml: line 7: servers[2]: 'id' is missing",
                        "mailflow.yaml: line 10: routes[0].target: target server MX09 is not"
                            + " defined under servers",
                        "mailflow.yaml: line 14: routes[0].policy.lossTimout: unknown field"
                            + " 'lossTimout' (did you mean 'lossTimeout'?)",
                        "mailflow.yaml: line 15: routes[0].policy.criticalLatency: criticalLatency"
                            + " 'soon' is not a duration: write it as 90s, 5m, 1h30m, 1d or PT5M"));
  }

  @Test
  void parse_reportsRoutesWhoseServersAreMissingWithTheDocumentsName() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - {id: MX01, host: mx01.contoso.se}
        routes:
          - {source: MX01, target: MX02, recipient: probe@contoso.se}
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "mailflow.yaml"))
        .hasMessageContaining(
            "mailflow.yaml: line 5: routes[0].target: target server MX02 is not defined under"
                + " servers");
  }

  @Test
  void parse_refusesAPolicyThatContradictsItselfNamingTheRoute() {
    String yaml = routeFromAToBWithPolicy("{warningLatency: 10m, criticalLatency: 5m}");

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining(
            "c.yaml: line 7: routes[0].policy: route A-to-B: invalid route policy:")
        .hasMessageContaining("warningLatency PT10M is above criticalLatency PT5M");
  }

  @Test
  void parse_readsTheIntermittentRuleOfARoute() {
    String yaml =
        routeFromAToBWithPolicy(
            "{recentProbes: 6, recentFailuresToOpen: 3, cleanProbesToClose: 4}");

    RoutePolicy policy = ConfigurationDocument.parse(yaml, "c.yaml").routes().get(0).policy();

    assertThat(policy.recentProbes()).isEqualTo(6);
    assertThat(policy.recentFailuresToOpen()).isEqualTo(3);
    assertThat(policy.cleanProbesToClose()).isEqualTo(4);
  }

  @Test
  void parse_refusesAnIntermittentRuleThatCanNeverBeMet() {
    String yaml = routeFromAToBWithPolicy("{recentProbes: 3, recentFailuresToOpen: 4}");

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining("c.yaml: line 7: routes[0].policy: route A-to-B")
        .hasMessageContaining("recentFailuresToOpen must be between 1 and recentProbes (3), not 4");
  }

  @Test
  void parse_readsAProbePhase_spreadUnlessTheDocumentSetsOne() {
    RoutePolicy unset =
        ConfigurationDocument.parse(routeFromAToBWithPolicy("{}"), "c.yaml")
            .routes()
            .get(0)
            .policy();
    RoutePolicy fixed =
        ConfigurationDocument.parse(routeFromAToBWithPolicy("{probePhase: 90s}"), "c.yaml")
            .routes()
            .get(0)
            .policy();
    RoutePolicy spread =
        ConfigurationDocument.parse(routeFromAToBWithPolicy("{probePhase: spread}"), "c.yaml")
            .routes()
            .get(0)
            .policy();

    assertThat(unset.probePhase()).isEqualTo(ProbePhase.SPREAD);
    assertThat(fixed.probePhase()).isEqualTo(ProbePhase.at(Duration.ofSeconds(90)));
    assertThat(spread.probePhase()).isEqualTo(ProbePhase.SPREAD);
  }

  @Test
  void parse_refusesAProbePhaseThatIsNoDurationOrNotWithinTheInterval() {
    assertThatThrownBy(
            () ->
                ConfigurationDocument.parse(
                    routeFromAToBWithPolicy("{probePhase: early}"), "c.yaml"))
        .hasMessageContaining("c.yaml: line 7:")
        .hasMessageContaining("probePhase");
    assertThatThrownBy(
            () ->
                ConfigurationDocument.parse(
                    routeFromAToBWithPolicy("{probeInterval: 5m, probePhase: 5m}"), "c.yaml"))
        .hasMessageContaining("c.yaml: line 7: routes[0].policy: route A-to-B")
        .hasMessageContaining("probePhase PT5M must be below probeInterval PT5M");
  }

  @Test
  void parse_aMesh_makesEveryOrderedPairOfItsServersARoute_toTheTargetsProbeMailbox() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - {id: A, host: a.example.com, probeMailbox: probe@a.example.com}
          - {id: B, host: b.example.com, probeMailbox: probe@b.example.com}
          - {id: C, host: c.example.com, probeMailbox: probe@c.example.com}
        meshes:
          - {servers: [A, B, C], policy: {probeInterval: 10m}}
        """;

    MonitorConfiguration configuration = ConfigurationDocument.parse(yaml, "c.yaml");

    assertThat(configuration.routes())
        .extracting(Route::id)
        .containsExactly("A-to-B", "A-to-C", "B-to-A", "B-to-C", "C-to-A", "C-to-B");
    Route bToA = configuration.route("B-to-A").orElseThrow();
    assertThat(bToA.recipient()).isEqualTo("probe@a.example.com");
    assertThat(bToA.sender()).isEqualTo("mailflow@contoso.se");
    assertThat(bToA.policy().probeInterval()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void parse_aMeshOfAllServers_leavesARouteListedUnderRoutesAsItIs() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - {id: A, host: a.example.com, probeMailbox: probe@a.example.com}
          - {id: B, host: b.example.com, probeMailbox: probe@b.example.com}
        routes:
          - {source: A, target: B, recipient: other@b.example.com, enabled: false}
        meshes:
          - {servers: all}
        """;

    MonitorConfiguration configuration = ConfigurationDocument.parse(yaml, "c.yaml");

    assertThat(configuration.routes()).extracting(Route::id).containsExactly("A-to-B", "B-to-A");
    assertThat(configuration.route("A-to-B").orElseThrow().recipient())
        .isEqualTo("other@b.example.com");
    assertThat(configuration.route("A-to-B").orElseThrow().enabled()).isFalse();
  }

  @Test
  void parse_aMeshOfNinetyServers_fitsInTheConfigurationParameter() {
    StringBuilder yaml = new StringBuilder("sender: mailflow@contoso.se\nservers:\n");
    for (int i = 1; i <= 90; i++) {
      String host = "mx%02d.contoso.se".formatted(i);
      yaml.append(
          "  - {id: MX%02d, host: %s, probeMailbox: mailflow-probe@%s}\n".formatted(i, host, host));
    }
    yaml.append("meshes:\n  - servers: all\n");

    MonitorConfiguration configuration = ConfigurationDocument.parse(yaml.toString(), "c.yaml");

    // An advanced SSM parameter holds 8 KB.
    assertThat(yaml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(8192);
    assertThat(configuration.routes()).hasSize(90 * 89);
  }

  @Test
  void parse_refusesAMeshOfUnknownServers_orOfServersWithoutAProbeMailbox_withTheirLines() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - {id: A, host: a.example.com, probeMailbox: probe@a.example.com}
          - {id: B, host: b.example.com}
        meshes:
          - {servers: [A, B]}
          - {servers: [A, X]}
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining("c.yaml: line 6: meshes[0].servers: server B has no probeMailbox")
        .hasMessageContaining(
            "c.yaml: line 7: meshes[1].servers[1]: mesh server X is not defined under servers")
        .hasMessageContaining("a mesh needs at least two servers, not 1");
  }

  @Test
  void parse_refusesTextThatIsNotYamlSayingWhere() {
    assertThatThrownBy(() -> ConfigurationDocument.parse("servers: [\n  {id: A,\n", "c.yaml"))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("c.yaml: line ");
    assertThatThrownBy(() -> ConfigurationDocument.parse("  ", "c.yaml"))
        .hasMessage("c.yaml: the document is empty");
  }

  @Test
  void parse_refusesAnSmtpFieldOnAnSesServer() {
    String yaml =
        """
        servers: [{id: SES, transport: ses, host: email.eu-west-1.amazonaws.com}]
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining("'host' does not apply to an SES server");
  }

  @Test
  void parse_readsWhatAServersProbesLookLikeOnArrival_andNothingWhereItSaysNothing() {
    String yaml =
        """
        servers:
          - {id: MX01, host: mx01.contoso.se, relayHosts: [198.51.100.0/28, mx01.contoso.se]}
          - {id: MX02, host: mx02.contoso.se, relayHosts: 2001:db8::25, dkimDomain: Contoso.se}
          - {id: MX03, host: mx03.contoso.se}
        """;

    MonitorConfiguration configuration = ConfigurationDocument.parse(yaml, "c.yaml");

    assertThat(configuration.server("MX01").orElseThrow().origin())
        .isEqualTo(new ExpectedOrigin(List.of("198.51.100.0/28", "mx01.contoso.se"), ""));
    assertThat(configuration.server("MX02").orElseThrow().origin())
        .isEqualTo(new ExpectedOrigin(List.of("2001:db8::25"), "contoso.se"));
    assertThat(configuration.server("MX03").orElseThrow().origin()).isEqualTo(ExpectedOrigin.NONE);
  }

  @Test
  void parse_refusesARelayHostThatIsNoHostWithItsLine() {
    String yaml =
        """
        servers:
          - id: MX01
            host: mx01.contoso.se
            relayHosts: [198.51.100.0/40]
          - {id: MX02, host: mx02.contoso.se, relayHosts: []}
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining("line 4")
        .hasMessageContaining("prefix length outside 0..32")
        .hasMessageContaining("relayHosts is empty");
  }

  @Test
  void parse_acceptsAnEmptyRouteList() {
    MonitorConfiguration configuration =
        ConfigurationDocument.parse("servers: [{id: A, host: a.example.com}]\nroutes: []", "c");

    assertThat(configuration.routes()).isEqualTo(List.of());
  }

  @Test
  void parse_reportsAServerOrRouteDefinedTwiceWithItsLine() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - {id: A, host: a.example.com}
          - {id: A, host: a2.example.com}
        routes:
          - {source: A, target: A, recipient: probe@a.example.com}
          - {source: A, target: A, recipient: probe@a.example.com}
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .hasMessageContaining("c.yaml: line 4: servers[1].id: server A is defined twice")
        .hasMessageContaining("c.yaml: line 7: routes[1]: route A-to-A is defined twice");
  }

  @Test
  void parse_refusesAKeyGivenTwiceInOneMapWithBothLines() {
    String yaml =
        """
        sender: mailflow@contoso.se
        defaults:
          probeInterval: 5m
          probeInterval: 1m
        servers:
          - {id: A, host: a.example.com, host: b.example.com}
        routes: []
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .isInstanceOf(DocumentException.class)
        .hasMessageContaining(
            "c.yaml: line 4: defaults.probeInterval: 'probeInterval' is given twice (first on line"
                + " 3); keep one")
        .hasMessageContaining("line 6: servers[0].host: 'host' is given twice (first on line 6)");
  }

  @Test
  void parse_refusesDurationsThatWouldOverflowLaterWithTheirLines() {
    String yaml =
        """
        sender: mailflow@contoso.se
        defaults:
          reminderInterval: P106751991167300D
          lookback: P106751991167300D
        servers:
          - {id: A, host: a.example.com}
        routes:
          - {source: A, target: A, recipient: p@a.example.com, policy: {maintenanceGrace: 99999d}}
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "line 3: defaults.reminderInterval: reminderInterval 'P106751991167300D' is longer than"
                + " 3660d")
        .hasMessageContaining("line 4: defaults.lookback: lookback 'P106751991167300D'")
        .hasMessageContaining(
            "line 8: routes[0].policy.maintenanceGrace: maintenanceGrace '99999d' is longer");
  }

  @Test
  void parse_refusesAHostThatIsNoNameOrAddressWithItsLine() {
    String yaml =
        """
        sender: mailflow@contoso.se
        servers:
          - id: A
            host: "\\u0000"
          - id: B
            host: "mx\\u0000b.se"
        routes: []
        """;

    assertThatThrownBy(() -> ConfigurationDocument.parse(yaml, "c.yaml"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("c.yaml: line 4: servers[0].host: SMTP host must not be blank")
        .hasMessageContaining(
            "c.yaml: line 6: servers[1].host: SMTP host 'mx\\u0000b.se' is not a host name or"
                + " address");
  }

  @Test
  void parse_overADeploymentsDefaults_letsTheDocumentAndEachRouteOverrideThem() {
    RoutePolicy deployment = RoutePolicy.defaults().withProbeInterval(Duration.ofMinutes(10));
    String yaml =
        """
        sender: mailflow@contoso.se
        defaults: {lossTimeout: 30m}
        servers: [{id: A, host: a.example.com}, {id: B, host: b.example.com}]
        routes:
          - {source: A, target: B, recipient: probe@b.example.com}
          - {source: B, target: A, recipient: probe@a.example.com, policy: {probeInterval: 1m}}
        """;

    MonitorConfiguration configuration = ConfigurationDocument.parse(yaml, "c.yaml", deployment);

    Route first = configuration.route("A-to-B").orElseThrow();
    assertThat(first.policy().probeInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(first.policy().lossTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(configuration.route("B-to-A").orElseThrow().policy().probeInterval())
        .isEqualTo(Duration.ofMinutes(1));
  }

  /** A document with one route, A to B, whose policy (on line 7) is {@code policy}. */
  private static String routeFromAToBWithPolicy(String policy) {
    return """
        sender: mailflow@contoso.se
        servers: [{id: A, host: a.example.com}, {id: B, host: b.example.com}]
        routes:
          - source: A
            target: B
            recipient: probe@b.example.com
            policy: %s
        """
        .formatted(policy);
  }
}
