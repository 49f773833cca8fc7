package dev.mailflow.adapters.config;

import dev.mailflow.domain.route.RoutePolicy;
import java.util.Optional;

/**
 * Where a function's settings say the configuration document is, and the deployment's default
 * policy it is read with: what every function that reads the document shares, so each builds its
 * {@link ConfigurationSource} the same way.
 */
public interface ConfigurationSettings {

  /** The SSM parameter of the document ({@code MAILFLOW_CONFIG_PARAMETER}), if named. */
  Optional<String> configParameter();

  /**
   * The S3 object of the document ({@code MAILFLOW_CONFIG_OBJECT}, {@code s3://BUCKET/KEY}), if
   * named instead: for a document larger than a parameter holds.
   */
  Optional<String> configObject();

  /** The document's local file ({@code MAILFLOW_CONFIG_FILE}), if named instead. */
  Optional<String> configFile();

  /** The policy of a route unless the document says otherwise. */
  RoutePolicy defaultPolicy();
}
