package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.ConfigurationSource;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;

/**
 * Reads a document (the monitor configuration) from an SSM parameter, decrypting a SecureString.
 *
 * <p>Used through {@code ConfigurationSource}, which decides how often to call it.
 */
public final class SsmParameterDocument implements Supplier<String> {
  private final SsmClient ssm;
  private final String parameterName;

  public SsmParameterDocument(SsmClient ssm, String parameterName) {
    this.ssm = Objects.requireNonNull(ssm, "ssm");
    this.parameterName = Objects.requireNonNull(parameterName, "parameterName");
  }

  /**
   * The configuration source of a function: the SSM parameter when its settings name one, read with
   * the function's SSM client, otherwise the local file; see {@link
   * ConfigurationSource#fromParameterOrFile}.
   */
  public static ConfigurationSource configuration(
      ConfigurationSettings settings, AwsClients clients, Clock clock) {
    return ConfigurationSource.fromParameterOrFile(
        settings.configParameter(),
        settings.configFile(),
        name -> new SsmParameterDocument(clients.ssm(), name),
        clock,
        settings.defaultPolicy());
  }

  @Override
  public String get() {
    try {
      return ssm.getParameter(
              GetParameterRequest.builder().name(parameterName).withDecryption(true).build())
          .parameter()
          .value();
    } catch (SdkException e) {
      throw new IllegalStateException(
          "SSM parameter " + parameterName + " cannot be read: " + e.getMessage(), e);
    }
  }
}
