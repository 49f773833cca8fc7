package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.config.S3ObjectAddress;
import java.time.Clock;

/** Where a function reads its configuration document from, as its settings say. */
public final class ConfigurationSources {

  private ConfigurationSources() {}

  /**
   * The configuration source of a function: the SSM parameter, read with the function's SSM client,
   * or the S3 object, read with its S3 client, whichever its settings name; otherwise the local
   * file. See {@link ConfigurationSource#fromStoreOrFile}.
   */
  public static ConfigurationSource of(
      ConfigurationSettings settings, AwsClients clients, Clock clock) {
    if (settings.configObject().isPresent()) {
      return ConfigurationSource.fromStoreOrFile(
          settings.configObject(),
          settings.configFile(),
          name -> new S3ObjectDocument(clients.s3(), S3ObjectAddress.parse(name)),
          clock,
          settings.defaultPolicy());
    }
    return ConfigurationSource.fromStoreOrFile(
        settings.configParameter(),
        settings.configFile(),
        name -> new SsmParameterDocument(clients.ssm(), name),
        clock,
        settings.defaultPolicy());
  }
}
