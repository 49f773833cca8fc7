package dev.mailflow.emulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private Python environment with moto, made on first use where Python 3 has no moto, so that a
 * fresh machine needs nothing installed by hand.
 *
 * <p>It lives in {@code ~/.cache/mailflow/moto-venv} ({@code MAILFLOW_MOTO_VENV} overrides) and is
 * made once with {@code python3 -m venv} and {@code pip install 'moto[server]'}. Where Python's own
 * moto is present (as on the project's build machines), nothing is installed.
 */
final class MotoInstallation {
  private static final Logger LOG = LoggerFactory.getLogger(MotoInstallation.class);
  static final String REQUIREMENT = "moto[server]>=5.1,<6";

  private MotoInstallation() {}

  /** The environment's directory. */
  static Path directory() {
    String configured = System.getenv("MAILFLOW_MOTO_VENV");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "mailflow", "moto-venv");
  }

  /** The environment's Python, if the environment was made. */
  static Optional<Path> python() {
    Path python = directory().resolve("bin").resolve("python");
    return Files.isExecutable(python) ? Optional.of(python) : Optional.empty();
  }

  /** True when {@code python} can import moto's server. */
  static boolean hasMoto(String python) {
    try {
      Process process =
          new ProcessBuilder(python, "-c", "import moto.server")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Makes the environment with {@code python3} and installs moto into it.
   *
   * @param python3 the system's Python 3
   * @param log where pip's output goes
   * @return the environment's Python
   * @throws MotoServerStartException when the environment cannot be made or pip fails
   */
  static Path install(String python3, Path log) {
    Path directory = directory();
    LOG.info(
        "Python 3 has no moto: installing {} into {} (once; output in {})",
        REQUIREMENT,
        directory,
        log);
    run(List.of(python3, "-m", "venv", directory.toString()), log);
    Path python = directory.resolve("bin").resolve("python");
    run(List.of(python.toString(), "-m", "pip", "install", "--quiet", REQUIREMENT), log);
    if (!hasMoto(python.toString())) {
      throw new MotoServerStartException(
          "moto was installed into " + directory + " but cannot be imported; see " + log);
    }
    return python;
  }

  private static void run(List<String> command, Path log) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!process.waitFor(15, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new MotoServerStartException(String.join(" ", command) + " took over 15 minutes");
      }
      if (process.exitValue() != 0) {
        throw new MotoServerStartException(
            String.join(" ", command)
                + " failed with code "
                + process.exitValue()
                + "; see "
                + log
                + ". Install moto by hand with: pip install '"
                + REQUIREMENT
                + "'");
      }
    } catch (IOException e) {
      throw new MotoServerStartException(
          String.join(" ", command) + " could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MotoServerStartException("interrupted while installing moto");
    }
  }

  /** The system's Python 3 on {@code path}, if any. */
  static Optional<String> systemPython(String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      Path candidate = Path.of(directory.isEmpty() ? "." : directory, "python3");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
