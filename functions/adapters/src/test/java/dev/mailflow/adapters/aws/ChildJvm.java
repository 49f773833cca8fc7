package dev.mailflow.adapters.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this module in a fresh JVM whose process environment the test chooses: the
 * only faithful way to see what a Lambda container sees, since a test must not change its own JVM's
 * environment.
 */
final class ChildJvm {

  private static final long TIMEOUT_SECONDS = 60;

  private ChildJvm() {}

  /** What the child printed (standard output and error together) and how it ended. */
  record Result(int exitCode, String output) {}

  /**
   * Runs {@code main} with the test class path. The child inherits this process's environment
   * without its {@code AWS_*} variables, plus {@code environment}.
   */
  static Result run(
      Class<?> main, List<String> jvmOptions, Map<String, String> environment, String... args) {
    return run(main, jvmOptions, testClassPath(), environment, args);
  }

  static Result run(
      Class<?> main,
      List<String> jvmOptions,
      String classPath,
      Map<String, String> environment,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, main.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(variable -> variable.startsWith("AWS_"));
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      // The output is small; reading it to the end also waits for the child to finish.
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(main.getName() + " did not end: " + output);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not run " + main.getName(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + main.getName(), e);
    }
  }

  /**
   * The class path of the running tests. Surefire and Failsafe start their JVM from a manifest-only
   * jar and publish the real class path in {@code surefire.test.class.path}.
   */
  static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
