package dev.mailflow.adapters.aws;

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
