package dev.mailflow.local.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SMTP server on a port of 127.0.0.1 that can be shut down and started again on the same port,
 * as a mail server is during an outage.
 *
 * <p>While it is {@linkplain #stop() stopped} its listening socket is closed, so a client's connect
 * is refused at once, exactly as with a mail server that is switched off; sessions that were open
 * are cut. {@link #start()} listens again on the port it had. What the server does with mail is up
 * to its {@link MailIntake}; each connection is served by its own {@link SmtpSession} thread.
 */
public final class SmtpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  private static final int FIRST_PORT = 20_000;
  private static final int LAST_PORT = 32_000;
  private static final int PORT_TRIES = 50;
  private static final long STOP_TIMEOUT_MILLIS = 5_000;

  private final String name;
  private final MailIntake intake;
  private final ExecutorService sessions;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private ServerSocket listening; // guarded by this
  private Thread acceptor; // guarded by this
  private int port; // guarded by this

  /**
   * A server that does not listen yet.
   *
   * @param name names its threads, such as {@code MX01-relay}
   * @param intake decides what becomes of the mail it is handed
   */
  public SmtpServer(String name, MailIntake intake) {
    this.name = Objects.requireNonNull(name, "name");
    this.intake = Objects.requireNonNull(intake, "intake");
    AtomicInteger number = new AtomicInteger();
    this.sessions =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "smtp-" + name + "-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Listens: on a free port the first time, on the same port afterwards.
   *
   * @throws UncheckedIOException when the port cannot be had (again)
   */
  public synchronized void start() {
    if (listening != null) {
      return;
    }
    ServerSocket socket = port == 0 ? onAFreePort() : on(port);
    listening = socket;
    port = socket.getLocalPort();
    ServerSocket accepting = socket;
    acceptor = new Thread(() -> accept(accepting), "smtp-" + name + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Stops listening and cuts the open sessions: connecting is refused until {@link #start()}.
   *
   * <p>It returns only once the listening socket is really gone. Closing a socket that a thread is
   * blocked accepting on takes effect when that thread leaves the call: until then the system still
   * completes connections to it, so a client connecting just after an outage began would find the
   * server up.
   */
  public synchronized void stop() {
    if (listening == null) {
      return;
    }
    closeQuietly(listening);
    listening = null;
    try {
      acceptor.join(STOP_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while SMTP server " + name + " stopped", e);
    }
    if (acceptor.isAlive()) {
      throw new IllegalStateException(
          "SMTP server " + name + " still accepts connections after it was stopped");
    }
    acceptor = null;
    for (Socket connection : connections) {
      closeQuietly(connection);
    }
  }

  /** True while it takes connections. */
  public synchronized boolean isListening() {
    return listening != null;
  }

  /** The port it listens on, or listened on before it was stopped; 0 before the first start. */
  public synchronized int port() {
    return port;
  }

  /** Stops it for good and ends its threads. */
  @Override
  public void close() {
    stop();
    sessions.shutdownNow();
  }

  /**
   * A port below the range systems hand out to outgoing connections (32768 and up on Linux, 49152
   * and up on macOS and Windows). While a server is down its port is closed; were it an ephemeral
   * port, an outgoing connection could be given it meanwhile, and the server could not listen
   * again, or a client connecting to it could find itself connected to itself.
   */
  private ServerSocket onAFreePort() {
    int tries = 0;
    while (true) {
      int candidate = FIRST_PORT + ThreadLocalRandom.current().nextInt(LAST_PORT - FIRST_PORT + 1);
      try {
        return on(candidate);
      } catch (UncheckedIOException taken) {
        if (++tries >= PORT_TRIES) {
          throw taken;
        }
      }
    }
  }

  private ServerSocket on(int wanted) {
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      // The port must be free again at once after an outage, whatever connections linger.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
      return socket;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException(
          "SMTP server " + name + " cannot listen on 127.0.0.1:" + wanted + ": " + e.getMessage(),
          e);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket connection;
      try {
        connection = socket.accept();
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        LOG.warn("SMTP server {} could not accept a connection", name, e);
        continue;
      }
      if (socket.isClosed()) {
        // Accepted in the instant the server was stopped: it is down, so the client is cut off.
        closeQuietly(connection);
        return;
      }
      connections.add(connection);
      sessions.execute(
          () -> {
            try {
              new SmtpSession(connection, intake).run();
            } finally {
              connections.remove(connection);
            }
          });
    }
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      // Closing is how an outage begins: a socket that was already gone is as good as closed.
      LOG.debug("closing {} failed", closeable, e);
    }
  }
}
