package dev.mailflow.adapters.config;

import dev.mailflow.adapters.lambda.PrimingStep;

/**
 * The priming step of the configuration reader (see {@code ColdStartPriming}): a small document of
 * its own, parsed as the function's is, so that the first read of the real one finds the YAML
 * parser and the reader's classes loaded. The real document is read at the first invocation, as
 * always: a snapshot never holds a configuration.
 */
public final class ConfigurationPriming {

  private static final String SAMPLE =
      """
      sender: mailflow@priming.invalid
      servers:
        - {id: MX01, host: mx01.priming.invalid}
        - {id: MX02, host: mx02.priming.invalid, port: 2525, security: NONE}
      routes:
        - {source: MX02, target: MX01, recipient: probe@mx01.priming.invalid}
      """;

  private ConfigurationPriming() {}

  /** Parses the sample document. */
  public static PrimingStep sampleDocument() {
    return new PrimingStep(
        "configuration reader", () -> ConfigurationDocument.parse(SAMPLE, "priming sample"));
  }
}
