package dev.mailflow.emulator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moto server, the Python AWS emulator that the local run and the integration tests of every
 * module talk to.
 *
 * <p>There is one per test JVM. {@link #shared()} starts it on first use, on a free port of
 * 127.0.0.1, and hands the same server to every later caller. It stops when JUnit closes its root
 * context at the end of the run (see {@code MotoServerExtension} in the test support), else when
 * the JVM exits; started through {@code python3} it also exits by itself when the JVM that started
 * it disappears, even when that JVM is killed. Its output goes to {@code target/moto-server.log}.
 *
 * <p>Tests get it from {@code MotoServerExtension}; a measurement's main method may call {@link
 * #shared()} directly. It needs Python 3 with moto's server extras, {@code pip install
 * 'moto[server]'}; without them {@link #shared()} fails with a {@link MotoServerStartException}
 * that says so.
 */
public final class MotoServer {

  private static final Logger LOG = LoggerFactory.getLogger(MotoServer.class);

  /** Not us-east-1, so that tests meet the rules every other region has (S3 bucket locations). */
  static final String REGION = "eu-west-1";

  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final String INSTALL_HINT = "pip install 'moto[server]'";

  private static final int PORTS_TO_TRY = 3;
  private static final int OUTPUT_LINES_IN_ERRORS = 40;
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  /**
   * Runs moto's server as {@code python3 -m moto.server} does, and exits when its standard input
   * closes. The JVM holds the other end of that pipe, so the server ends with the JVM whatever way
   * it ends.
   */
  private static final String PYTHON_LAUNCHER =
      """
      import os, sys, threading
      def exit_when_parent_ends():
          sys.stdin.read()
          os._exit(0)
      threading.Thread(target=exit_when_parent_ends, daemon=True).start()
      from moto.server import main
      main(sys.argv[1:])
      """;

  private static MotoServer shared; // guarded by MotoServer.class

  private final Process process;
  private final AwsEndpoint awsEndpoint;
  private final Path log;
  private final HttpClient http;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private MotoServer(Process process, URI endpoint, Path log, HttpClient http) {
    this.process = process;
    this.awsEndpoint = new AwsEndpoint(endpoint, REGION, "testing", "testing");
    this.log = log;
    this.http = http;
  }

  /**
   * The server of this JVM, started now if no running one exists.
   *
   * @throws MotoServerStartException if moto is not installed or does not come up in time
   */
  public static synchronized MotoServer shared() {
    return shared(defaultLogFile());
  }

  /**
   * The server of this JVM, started now with its output in {@code log} if no running one exists:
   * for tools outside a Maven build, such as the local run, whose working directory is not a
   * module's.
   *
   * @throws MotoServerStartException if moto is not installed or does not come up in time
   */
  public static synchronized MotoServer shared(Path log) {
    if (shared == null || shared.stopped.get()) {
      MotoServer server = startOrInstall(System.getenv("PATH"), log);
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "moto-server-stop"));
      shared = server;
    }
    return shared;
  }

  /**
   * Starts moto from a private environment made earlier, or from the system's Python; where neither
   * has moto, makes the private environment (see {@link MotoInstallation}) and starts it from
   * there.
   */
  private static MotoServer startOrInstall(String path, Path log) {
    List<MotoCommand> commands = new ArrayList<>();
    MotoInstallation.python()
        .ifPresent(
            python ->
                commands.add(
                    new MotoCommand(
                        "moto in " + MotoInstallation.directory(),
                        List.of(python.toString(), "-c", PYTHON_LAUNCHER))));
    commands.addAll(commandsOnPath(path));
    try {
      return start(commands, log, READY_TIMEOUT);
    } catch (MotoServerStartException notInstalled) {
      Optional<String> python3 = MotoInstallation.systemPython(path);
      if (python3.isEmpty() || MotoInstallation.python().isPresent()) {
        throw notInstalled;
      }
      Path python = MotoInstallation.install(python3.get(), log.resolveSibling("moto-install.log"));
      return start(
          List.of(
              new MotoCommand(
                  "moto in " + MotoInstallation.directory(),
                  List.of(python.toString(), "-c", PYTHON_LAUNCHER))),
          log,
          READY_TIMEOUT);
    }
  }

  /** Stops the server of this JVM, if one runs; the next {@link #shared()} starts a new one. */
  public static synchronized void stopShared() {
    if (shared != null) {
      shared.stop();
    }
  }

  /** The base URL of every emulated service, {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return awsEndpoint.endpoint();
  }

  /** The region tests sign for. */
  public String region() {
    return awsEndpoint.region();
  }

  /** Endpoint, region and dummy credentials together, as every emulator gives them. */
  public AwsEndpoint awsEndpoint() {
    return awsEndpoint;
  }

  /** The standard variables that point an AWS SDK at this server; see {@link AwsEndpoint}. */
  public Map<String, String> environment() {
    return awsEndpoint.environment();
  }

  /** The file that receives the server's output. */
  public Path log() {
    return log;
  }

  /** Whether the server process is still running. */
  public boolean isRunning() {
    return !stopped.get() && process.isAlive();
  }

  /**
   * Deletes everything every service holds, as on a fresh server. {@code MotoServerExtension} calls
   * it before each test class.
   */
  public void reset() {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint().resolve("/moto-api/reset"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not reset the moto server at " + endpoint(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while resetting the moto server", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "The moto server at "
              + endpoint()
              + " refused to reset: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  /** Stops the server; later calls do nothing. */
  void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("Stopped the moto server at {}", endpoint());
  }

  /**
   * Starts the first of {@code commands} that comes up, trying a new port when the one chosen was
   * taken in the meantime.
   */
  static MotoServer start(List<MotoCommand> commands, Path log, Duration readyTimeout) {
    List<String> failures = new ArrayList<>();
    if (commands.isEmpty()) {
      failures.add("neither python3 nor moto_server is on the PATH");
    }
    for (MotoCommand command : commands) {
      for (int attempt = 1; attempt <= PORTS_TO_TRY; attempt++) {
        try {
          return startOnce(command, freePort(), log, readyTimeout);
        } catch (StartFailureException failure) {
          failures.add(command.description() + " " + failure.getMessage());
          if (!failure.portTaken) {
            break;
          }
        }
      }
    }
    throw new MotoServerStartException(
        "The moto server that the AWS integration tests use could not be started. Install it with"
            + " "
            + INSTALL_HINT
            + " (Python 3), so that `python3 -m moto.server` or `moto_server` runs.\n"
            + String.join("\n", failures));
  }

  private static MotoServer startOnce(
      MotoCommand command, int port, Path log, Duration readyTimeout) throws StartFailureException {
    ProcessBuilder builder =
        new ProcessBuilder(command.withPort(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Without this, Python buffers the output and an error report would miss its last lines.
    builder.environment().put("PYTHONUNBUFFERED", "1");
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process = builder.start();
    } catch (IOException e) {
      throw new StartFailureException("could not be run: " + e.getMessage(), false);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    try {
      while (true) {
        if (!process.isAlive()) {
          String output = lastLines(log);
          throw new StartFailureException(
              "exited with code " + process.exitValue() + ". Its output (" + log + "):\n" + output,
              output.contains("Address already in use"));
        }
        if (answers(http, endpoint)) {
          LOG.info("Started the moto server at {} ({}), output in {}", endpoint, command, log);
          return new MotoServer(process, endpoint, log, http);
        }
        if (System.nanoTime() - deadline > 0) {
          process.destroyForcibly();
          throw new StartFailureException(
              "did not answer at "
                  + endpoint
                  + " within "
                  + readyTimeout.toSeconds()
                  + " s. Its output ("
                  + log
                  + "):\n"
                  + lastLines(log),
              false);
        }
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new StartFailureException("was interrupted while starting", false);
    }
  }

  private static boolean answers(HttpClient http, URI endpoint) throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
            .timeout(Duration.ofSeconds(1))
            .GET()
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notListeningYet) {
      return false;
    }
  }

  private static int freePort() throws StartFailureException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartFailureException("found no free port on 127.0.0.1: " + e.getMessage(), false);
    }
  }

  private static String lastLines(Path log) {
    try {
      String[] lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n");
      int from = Math.max(0, lines.length - OUTPUT_LINES_IN_ERRORS);
      return String.join("\n", List.of(lines).subList(from, lines.length));
    } catch (IOException e) {
      return "(could not read " + log + ": " + e.getMessage() + ")";
    }
  }

  private static Path defaultLogFile() {
    // Surefire and Failsafe set basedir to the module; elsewhere the working directory is it.
    return Path.of(System.getProperty("basedir", "."), "target", "moto-server.log");
  }

  /** The ways to run moto that exist on {@code path}, in the order to try them. */
  static List<MotoCommand> commandsOnPath(String path) {
    List<MotoCommand> commands = new ArrayList<>();
    executableOnPath("python3", path)
        .ifPresent(
            python ->
                commands.add(
                    new MotoCommand(
                        "python3 -m moto.server", List.of(python, "-c", PYTHON_LAUNCHER))));
    executableOnPath("moto_server", path)
        .ifPresent(motoServer -> commands.add(new MotoCommand("moto_server", List.of(motoServer))));
    return commands;
  }

  private static Optional<String> executableOnPath(String name, String path) {
    if (path == null) {
      return Optional.empty();
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** One way to run the server: the command without its host and port arguments. */
  record MotoCommand(String description, List<String> command) {

    MotoCommand {
      command = List.copyOf(command);
    }

    List<String> withPort(int port) {
      List<String> full = new ArrayList<>(command);
      full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
      return full;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private static final class StartFailureException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean portTaken;

    StartFailureException(String message, boolean portTaken) {
      super(message);
      this.portTaken = portTaken;
    }
  }
}
