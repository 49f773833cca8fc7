package dev.mailflow.local.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioRoute;
import dev.mailflow.local.scenario.ScenarioServer;
import java.util.Map;

/**
 * Writes the configuration document a scenario's monitor is deployed with: each server at its
 * submission port on 127.0.0.1 without TLS, each route to its probe mailbox with its whole policy
 * spelled out. The functions read it from the parameter store exactly as they read an operator's.
 */
final class ConfigurationDocumentWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigurationDocumentWriter() {}

  /**
   * The document, checked by the same parser the functions use.
   *
   * @param submissionPorts the port each server takes submission on
   */
  static String write(Scenario scenario, Map<String, Integer> submissionPorts) {
    ObjectNode root = JSON.createObjectNode();
    root.put("sender", scenario.monitor().sender());
    ArrayNode servers = root.putArray("servers");
    for (ScenarioServer server : scenario.servers()) {
      ObjectNode node =
          servers
              .addObject()
              .put("id", server.id())
              .put("host", "127.0.0.1")
              .put("port", submissionPorts.get(server.id()))
              .put("security", "NONE");
      if (server.originChecked()) {
        // SES sees every mail come from 127.0.0.1: the name the server greets SES with tells
        // its probes from anyone else's.
        node.putArray("relayHosts").add(server.hostname());
      }
    }
    ArrayNode routes = root.putArray("routes");
    for (ScenarioRoute route : scenario.routes()) {
      ObjectNode node =
          routes
              .addObject()
              .put("id", route.id())
              .put("source", route.source())
              .put("target", route.target())
              .put(
                  "recipient",
                  route.recipient(scenario.server(route.target()).orElseThrow().domain()));
      policy(node.putObject("policy"), route.policy());
    }
    String document = root.toPrettyString();
    ConfigurationDocument.parse(document, "the local run's configuration document");
    return document;
  }

  private static void policy(ObjectNode node, RoutePolicy policy) {
    node.put("probeInterval", policy.probeInterval().toString());
    node.put("warningLatency", policy.warningLatency().toString());
    node.put("criticalLatency", policy.criticalLatency().toString());
    node.put("lossTimeout", policy.lossTimeout().toString());
    node.put("failuresToOpen", policy.failuresToOpen());
    node.put("successesToClose", policy.successesToClose());
    node.put("reminderInterval", policy.reminderInterval().toString());
    node.put("maintenanceGrace", policy.maintenanceGrace().toString());
    node.put("flushTolerance", policy.flushTolerance().toString());
    node.put("lookback", policy.lookback().toString());
    node.put("probePhase", policy.probePhase().toString());
  }
}
