package dev.mailflow.local.simulation;

import java.util.Map;

/**
 * Where a run's mail servers listen.
 *
 * @param submissionPorts each server's submission port on 127.0.0.1
 * @param inboundPort the port of the inbound bridge that stands for SES
 */
public record RunSetup(Map<String, Integer> submissionPorts, int inboundPort) {
  public RunSetup {
    submissionPorts = Map.copyOf(submissionPorts);
  }
}
