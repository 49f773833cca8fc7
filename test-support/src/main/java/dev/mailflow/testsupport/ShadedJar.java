package dev.mailflow.testsupport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A function's deployable jar, loaded on its own, away from the test's class path: what Lambda
 * sees. A class the jar needs but left out fails here as it would fail on Lambda.
 *
 * <p>The handler is built as the local run builds it, from the parts every function has: {@code
 * XxxSettings.fromEnvironment(environment)}, the SDK clients for that environment, {@code
 * XxxFunction.from(settings, clients, clock)} and the {@code XxxHandler(XxxFunction)} constructor.
 * It is invoked as a stream handler, without a Lambda context. As the Lambda runtime does, the
 * jar's class loader is the thread's context class loader meanwhile: libraries that look up
 * services through it (Jakarta Mail does) then find the jar's own.
 */
public final class ShadedJar implements AutoCloseable {
  private static final String AWS_CLIENTS = "dev.mailflow.adapters.aws.AwsClients";

  private final URLClassLoader loader;
  private final Object handler;
  private final Method handleRequest;

  private ShadedJar(URLClassLoader loader, Object handler, Method handleRequest) {
    this.loader = loader;
    this.handler = handler;
    this.handleRequest = handleRequest;
  }

  /**
   * Loads {@code jar} and builds its handler.
   *
   * @param jar the shaded jar, e.g. {@code target/mailflow-send.jar}
   * @param handlerClass the handler's class name
   * @param environment the function's environment
   * @param clock its clock
   * @throws IllegalStateException when the jar is missing or the handler cannot be built; the cause
   *     says what the jar lacked
   */
  public static ShadedJar load(
      Path jar, String handlerClass, Map<String, String> environment, Clock clock) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: run the package phase first");
    }
    URLClassLoader loader;
    try {
      loader =
          new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException("cannot load " + jar, e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      Class<?> type = Class.forName(handlerClass, true, loader);
      String parts = handlerClass.substring(0, handlerClass.length() - "Handler".length());
      Class<?> settingsType = Class.forName(parts + "Settings", true, loader);
      Class<?> clientsType = Class.forName(AWS_CLIENTS, true, loader);
      Class<?> functionType = Class.forName(parts + "Function", true, loader);
      Object settings = call(settingsType, "fromEnvironment", settingsType, Map.class, environment);
      Object clients = call(clientsType, "forEnvironment", clientsType, Map.class, environment);
      Object function =
          call(
              functionType,
              "from",
              functionType,
              List.of(settingsType, clientsType, Clock.class),
              settings,
              clients,
              clock);
      Object handler = type.getConstructor(functionType).newInstance(function);
      Method handleRequest = null;
      for (Method method : type.getMethods()) {
        if (method.getName().equals("handleRequest")
            && method.getParameterCount() == 3
            && method.getParameterTypes()[0] == InputStream.class) {
          handleRequest = method;
        }
      }
      if (handleRequest == null) {
        throw new IllegalStateException(handlerClass + " has no handleRequest(InputStream, ...)");
      }
      return new ShadedJar(loader, handler, handleRequest);
    } catch (ReflectiveOperationException | LinkageError e) {
      closeQuietly(loader);
      throw new IllegalStateException(
          "the handler " + handlerClass + " of " + jar + " cannot be built: " + rootCause(e), e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Object call(
      Class<?> type, String name, Class<?> returns, Class<?> parameter, Object argument)
      throws ReflectiveOperationException {
    return call(type, name, returns, List.of(parameter), argument);
  }

  /**
   * Calls a public static method through a method handle, which links that method alone: asking
   * {@code Class.getMethod} would resolve every method's types, and a shaded jar leaves out the SDK
   * clients its function does not use.
   */
  private static Object call(
      Class<?> type, String name, Class<?> returns, List<Class<?>> parameters, Object... arguments)
      throws ReflectiveOperationException {
    MethodHandle method =
        MethodHandles.publicLookup()
            .findStatic(type, name, MethodType.methodType(returns, parameters));
    try {
      return method.invokeWithArguments(arguments);
    } catch (Throwable e) {
      throw new InvocationTargetException(e);
    }
  }

  /**
   * Invokes the handler with {@code event} and answers what it wrote.
   *
   * @throws IllegalStateException with the handler's own exception as the cause when it fails
   */
  public String invoke(byte[] event) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      handleRequest.invoke(handler, new ByteArrayInputStream(event), (OutputStream) output, null);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the handler failed: " + rootCause(e), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the handler cannot be invoked", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
    return output.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    closeQuietly(loader);
  }

  private static void closeQuietly(URLClassLoader loader) {
    try {
      loader.close();
    } catch (java.io.IOException e) {
      // The jar stays open until the JVM ends: harmless in a test run.
    }
  }

  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getName() + ": " + cause.getMessage();
  }
}
