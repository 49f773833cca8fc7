package dev.mailflow.testsupport;

import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.MotoServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests the JVM's moto server, emptied before each test class.
 *
 * <p>Use it on the test class and take a {@link MotoServer} or an {@link AwsEndpoint} as a
 * parameter of the constructor, of a {@code @BeforeAll}/{@code @BeforeEach} method or of a test:
 *
 * <pre>{@code
 * @ExtendWith(MotoServerExtension.class)
 * class DynamoDbProbeStoreIT {
 *   @BeforeAll
 *   static void createTable(MotoServer moto) {
 *     AwsClients clients = AwsClients.forEnvironment(moto.environment());
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The server starts on first use and is shared by every test class of the JVM; test classes
 * therefore run one after another, each starting from an empty server ({@code @Nested} classes see
 * their outer class's resources). It stops when JUnit closes its root context at the end of the
 * run, and through a shutdown hook if that does not happen.
 */
public final class MotoServerExtension implements BeforeAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(MotoServerExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    MotoServer moto = server(context);
    if (!context.getRequiredTestClass().isAnnotationPresent(Nested.class)) {
      moto.reset();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MotoServer.class || type == AwsEndpoint.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    MotoServer moto = server(context);
    return parameter.getParameter().getType() == AwsEndpoint.class ? moto.awsEndpoint() : moto;
  }

  private static MotoServer server(ExtensionContext context) {
    context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Lease.class);
    return MotoServer.shared();
  }

  /**
   * Stops the server when JUnit closes the root store, once, after the last test of the run. It
   * holds no server itself: a run nested in this one (a test of this extension) may stop the shared
   * server, and the next test class then gets a new one.
   */
  static final class Lease implements AutoCloseable {
    @Override
    public void close() {
      MotoServer.stopShared();
    }
  }
}
