package dev.mailflow.local.simulation;

import dev.mailflow.testsupport.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One private instance of the system's Postfix on a loopback address, for tests that need a real
 * mail server: its own {@code main.cf} and {@code master.cf}, queue, data directory and log file in
 * a directory of its own, so it never meets the system's Postfix or another instance.
 *
 * <p>It listens on two high ports of its address: submission, which requires STARTTLS with the test
 * certificate, and a relay port its peers deliver to. It is final for its host name's domain,
 * forwards mailboxes with {@code virtual_alias_maps} as the deploy guide tells a mail team to, and
 * hands mail for other domains to the next hops it is given. Retry timers are short but longer than
 * a test's outage, so a queue drains when the test says so ({@link #flushQueue()}).
 *
 * <p>Postfix needs root: {@link #unavailableReason()} says why it cannot run here. {@link #close()}
 * stops the instance and removes its directory, whatever state it is in.
 */
final class PostfixInstance implements AutoCloseable {

  /** Where Debian, and most systems, keep Postfix's commands; root's PATH has them too. */
  private static final List<Path> COMMAND_DIRECTORIES =
      List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"), Path.of("/sbin"));

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The first retry of a deferred mail and every retry after it: long enough that a queue held by a
   * test's outage stays held until the test flushes it, far shorter than Postfix's 300 s and 4000
   * s, so a mail the test forgets does not wait past the run.
   */
  private static final String BACKOFF = "60s";

  private final String hostname;
  private final String address;
  private final Path directory;
  private final int submissionPort;
  private final int relayPort;
  private final Map<String, String> forwards = new LinkedHashMap<>();
  private final Map<String, String> transports = new LinkedHashMap<>();
  private final List<String> tlsRequired = new ArrayList<>();
  private boolean configured;
  private boolean running;

  /**
   * An instance not yet configured or started.
   *
   * @param hostname its host name, also the domain it is final for ({@code mx01.contoso.se})
   * @param address the loopback address it listens on ({@code 127.0.0.11})
   */
  PostfixInstance(String hostname, String address) {
    this.hostname = hostname;
    this.address = address;
    try {
      directory = Files.createTempDirectory("mailflow-postfix-" + hostname + "-");
      // The queue's daemons run as the postfix user and must reach the directory.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not make a directory for Postfix", e);
    }
    submissionPort = freePort(address);
    relayPort = freePort(address);
  }

  /**
   * Why Postfix cannot run here, or empty when it can: it needs root (its master process starts as
   * root and hands the queue to the postfix user) and the {@code postfix} package.
   */
  static Optional<String> unavailableReason() {
    Object uid;
    try {
      uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      uid = null;
    }
    return unavailableReason(command("postfix").isPresent(), uid);
  }

  /**
   * Why Postfix cannot run, from what was found.
   *
   * @param installed whether a {@code postfix} command was found
   * @param uid the user id this JVM runs as, or {@code null} when it cannot be told
   */
  static Optional<String> unavailableReason(boolean installed, Object uid) {
    if (!installed) {
      return Optional.of(
          "Postfix is not installed (no postfix command in "
              + COMMAND_DIRECTORIES
              + "); install it with: apt-get install postfix");
    }
    if (uid == null) {
      return Optional.of("cannot tell whether this runs as root: no /proc/self");
    }
    if (!Integer.valueOf(0).equals(uid)) {
      return Optional.of(
          "Postfix needs root to start its own instances; this runs as uid "
              + uid
              + " (see docs/testing.md)");
    }
    return Optional.empty();
  }

  String hostname() {
    return hostname;
  }

  String address() {
    return address;
  }

  /** The submission port: STARTTLS required, as a mail team sets it up for the send function. */
  int submissionPort() {
    return submissionPort;
  }

  /** The port other servers relay mail to it on (port 25 in real life). */
  int relayPort() {
    return relayPort;
  }

  /** Its relay port as a next hop, in Postfix's words: {@code [127.0.0.11]:10025}. */
  String relayNextHop() {
    return "[" + address + "]:" + relayPort;
  }

  /** Forwards mail for {@code mailbox} to {@code to}, with a line of {@code virtual_alias_maps}. */
  PostfixInstance forward(String mailbox, String to) {
    forwards.put(mailbox, to);
    return this;
  }

  /**
   * Hands mail for {@code domain} to {@code nextHop} ({@code [127.0.0.1]:2525}) instead of looking
   * up its MX, which a machine without DNS could not.
   *
   * @param requireTls true to refuse to send it there without TLS, as between two servers of one
   *     organisation; false to use TLS when offered, as towards SES
   */
  PostfixInstance relay(String domain, String nextHop, boolean requireTls) {
    transports.put(domain, "smtp:" + nextHop);
    if (requireTls) {
      tlsRequired.add(nextHop);
    }
    return this;
  }

  /** Starts it, and returns once its submission port takes connections. */
  void start(TestCertificate certificate) {
    if (!configured) {
      configure(certificate);
      configured = true;
    }
    run("postfix", "-c", config().toString(), "start");
    running = true;
    Instant deadline = Instant.now().plus(LISTEN_TIMEOUT);
    while (!listening()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            hostname + " does not listen on " + address + ":" + submissionPort + "\n" + maillog());
      }
      pause();
    }
  }

  /** Stops it as {@code postfix stop} does; its queue stays for the next start. */
  void stop() {
    if (!running) {
      return;
    }
    run("postfix", "-c", config().toString(), "stop");
    awaitMasterGone();
    running = false;
  }

  /** Tries every queued mail now, as {@code postqueue -f} ("flush the queue") does. */
  void flushQueue() {
    run("postqueue", "-c", config().toString(), "-f");
  }

  /** The instance's log, for a failing test's message. */
  String maillog() {
    try {
      Path log = directory.resolve("maillog");
      return Files.exists(log) ? Files.readString(log) : "(" + hostname + " wrote no log)";
    } catch (IOException e) {
      return "(could not read " + hostname + "'s log: " + e + ")";
    }
  }

  @Override
  public void close() {
    try {
      if (running) {
        try {
          stop();
        } catch (RuntimeException e) {
          run("postfix", "-c", config().toString(), "abort");
        }
      }
    } finally {
      masterProcess().ifPresent(ProcessHandle::destroyForcibly);
      deleteDirectory();
    }
  }

  private void configure(TestCertificate certificate) {
    try {
      Path config = Files.createDirectories(config());
      Path data = Files.createDirectories(directory.resolve("data"));
      Files.createDirectories(directory.resolve("queue"));
      // Postfix keeps its own data (TLS session cache, lock files) as its mail owner.
      Files.setOwner(
          data,
          data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix"));
      certificate.writePem(config.resolve("cert.pem"), config.resolve("key.pem"));
      Files.writeString(config.resolve("main.cf"), mainCf());
      Files.writeString(config.resolve("master.cf"), masterCf());
      StringBuilder virtual = new StringBuilder();
      forwards.forEach(
          (mailbox, to) -> virtual.append(mailbox).append("    ").append(to).append('\n'));
      Files.writeString(config.resolve("virtual"), virtual);
      run("postmap", "-c", config.toString(), config.resolve("virtual").toString());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + hostname + "'s configuration", e);
    }
  }

  private String mainCf() {
    Path config = config();
    return String.join(
        "\n",
        "# " + hostname + ": a private instance for one test run",
        "compatibility_level = 3.6",
        "config_directory = " + config,
        "queue_directory = " + directory.resolve("queue"),
        "data_directory = " + directory.resolve("data"),
        // Postfix logs startup errors to syslog, which a test never sees: to a file instead.
        "maillog_file = " + directory.resolve("maillog"),
        "maillog_file_prefixes = " + directory,
        "myhostname = " + hostname,
        "myorigin = $myhostname",
        "mydestination = $myhostname",
        "alias_maps =",
        "alias_database =",
        "local_recipient_maps =",
        "mynetworks = 127.0.0.0/8",
        // The services bind 127.0.0.x themselves (master.cf); Postfix accepts only addresses of
        // an interface here, and 127.0.0.1 is the loopback interface's.
        "inet_interfaces = 127.0.0.1",
        "inet_protocols = ipv4",
        "smtp_bind_address = " + address,
        // No DNS on loopback: no reverse lookups of clients, next hops given as addresses.
        "smtpd_peername_lookup = no",
        "smtp_dns_support_level = disabled",
        "virtual_alias_maps = hash:" + config.resolve("virtual"),
        "transport_maps = " + inline(transports),
        "smtpd_tls_cert_file = " + config.resolve("cert.pem"),
        "smtpd_tls_key_file = " + config.resolve("key.pem"),
        "smtpd_tls_security_level = may",
        "smtp_tls_security_level = may",
        "smtp_tls_policy_maps = " + inline(tlsPolicies()),
        "minimal_backoff_time = " + BACKOFF,
        "maximal_backoff_time = " + BACKOFF,
        "queue_run_delay = " + BACKOFF,
        "biff = no",
        "");
  }

  private String masterCf() {
    String listen = address + ":";
    return String.join(
        "\n",
        "# service type private unpriv chroot wakeup maxproc command",
        listen + submissionPort + " inet n - n - - smtpd",
        "  -o smtpd_tls_security_level=encrypt",
        listen + relayPort + " inet n - n - - smtpd",
        "pickup unix n - n 60 1 pickup",
        "cleanup unix n - n - 0 cleanup",
        "qmgr unix n - n 300 1 qmgr",
        "tlsmgr unix - - n 1000? 1 tlsmgr",
        "rewrite unix - - n - - trivial-rewrite",
        "bounce unix - - n - 0 bounce",
        "defer unix - - n - 0 bounce",
        "trace unix - - n - 0 bounce",
        "verify unix - - n - 1 verify",
        "flush unix n - n 1000? 0 flush",
        "proxymap unix - - n - - proxymap",
        "smtp unix - - n - - smtp",
        "relay unix - - n - - smtp",
        "showq unix n - n - - showq",
        "error unix - - n - - error",
        "retry unix - - n - - error",
        "discard unix - - n - - discard",
        "local unix - n n - - local",
        "anvil unix - - n - 1 anvil",
        "scache unix - - n - 1 scache",
        "postlog unix-dgram n - n - 1 postlogd",
        "");
  }

  private Map<String, String> tlsPolicies() {
    Map<String, String> policies = new LinkedHashMap<>();
    tlsRequired.forEach(nextHop -> policies.put(nextHop, "encrypt"));
    return policies;
  }

  /** A table written into main.cf: {@code inline:{ {key = value}, ... }}, no file, no postmap. */
  private static String inline(Map<String, String> table) {
    if (table.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("inline:{");
    table.forEach(
        (key, value) -> text.append(" {").append(key).append(" = ").append(value).append("},"));
    text.setLength(text.length() - 1);
    return text.append(" }").toString();
  }

  private Path config() {
    return directory.resolve("config");
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, submissionPort), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void awaitMasterGone() {
    Optional<ProcessHandle> master = masterProcess();
    if (master.isEmpty()) {
      return;
    }
    try {
      master.get().onExit().get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(hostname + "'s master process did not stop", e);
    }
  }

  /** The master process of this instance, from its pid file, while it runs. */
  private Optional<ProcessHandle> masterProcess() {
    Path pidFile = directory.resolve("queue/pid/master.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void run(String command, String... arguments) {
    List<String> line = new ArrayList<>();
    line.add(command(command).map(Path::toString).orElse(command));
    line.addAll(List.of(arguments));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " did not finish in time");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", line)
                + " failed with exit code "
                + process.exitValue()
                + ": "
                + output
                + "\n"
                + maillog());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", line), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static Optional<Path> command(String name) {
    return COMMAND_DIRECTORIES.stream()
        .map(directory -> directory.resolve(name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private void deleteDirectory() {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + directory, e);
    }
  }

  private static int freePort(String address) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(address))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + address, e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Postfix", e);
    }
  }
}
