package dev.mailflow.testsupport;

import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a test class against LocalStack where it can run, and skips it, with the reason, where it
 * cannot: no {@code LOCALSTACK_AUTH_TOKEN}, or no Docker engine.
 *
 * <p>Write the test body once against an {@link AwsEndpoint} parameter in an abstract class, and
 * extend it twice:
 *
 * <pre>{@code
 * @ExtendWith(MotoServerExtension.class)
 * class AwsClientsIT extends AwsClientsContract {}
 *
 * @ExtendWith(LocalStackExtension.class)
 * class AwsClientsLocalStackIT extends AwsClientsContract {}
 * }</pre>
 *
 * <p>Where the class is skipped, no container is started and Testcontainers is not asked for a
 * Docker engine unless the token is set, so the skip costs nothing. LocalStack is not reset between
 * classes: use {@link ResourceNames} for every resource.
 */
public final class LocalStackExtension implements ExecutionCondition, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(LocalStackExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<String> reason =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                Availability.class,
                key -> new Availability(LocalStack.unavailableReason(System.getenv())),
                Availability.class)
            .unavailableReason();
    return reason
        .map(why -> ConditionEvaluationResult.disabled("LocalStack tests skipped: " + why))
        .orElseGet(() -> ConditionEvaluationResult.enabled("LocalStack can run"));
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalStack.class || type == AwsEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Lease.class);
    LocalStack localStack = LocalStack.shared();
    return parameter.getParameter().getType() == AwsEndpoint.class
        ? localStack.awsEndpoint()
        : localStack;
  }

  /** Decided once per run: neither the token nor the Docker engine comes and goes mid-run. */
  private record Availability(Optional<String> unavailableReason) {}

  /** Stops the container when JUnit closes the root store, once, after the last test of the run. */
  static final class Lease implements AutoCloseable {
    @Override
    public void close() {
      LocalStack.stopShared();
    }
  }
}
