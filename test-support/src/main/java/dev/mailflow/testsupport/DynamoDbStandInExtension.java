package dev.mailflow.testsupport;

import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.DynamoDbStandIn;
import java.time.Duration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives an integration test class a {@link DynamoDbStandIn} of its own, without latency, started on
 * first use and stopped after the class: the same contract tests that run on moto run on it, to
 * hold the stand-in to what Mailflow's stores expect of DynamoDB.
 *
 * <p>Take a {@link DynamoDbStandIn} or an {@link AwsEndpoint} as a parameter, as with {@code
 * MotoServerExtension}. The endpoint points every service at the stand-in, which answers only
 * DynamoDB.
 */
public final class DynamoDbStandInExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(DynamoDbStandInExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DynamoDbStandIn.class || type == AwsEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = classContext(context).getStore(NAMESPACE);
    DynamoDbStandIn standIn =
        store
            .getOrComputeIfAbsent(
                Running.class,
                type -> new Running(DynamoDbStandIn.start(Duration.ZERO)),
                Running.class)
            .standIn();
    return parameter.getParameter().getType() == AwsEndpoint.class
        ? standIn.awsEndpoint()
        : standIn;
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  /** The class's stand-in, stopped when JUnit closes the class's store. */
  private record Running(DynamoDbStandIn standIn) implements AutoCloseable {
    @Override
    public void close() {
      standIn.close();
    }
  }
}
