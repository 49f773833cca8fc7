package dev.mailflow.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server on 127.0.0.1 that accepts every mail and keeps only counts: the mail servers of a
 * run at scale, where ten thousand probes must cost the sink next to nothing. It speaks what a mail
 * client needs without TLS or login (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), one thread a
 * connection.
 */
final class SmtpSink implements AutoCloseable {

  private final ServerSocket listening;
  private final ExecutorService sessions;
  private final AtomicLong mails = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();

  private SmtpSink(ServerSocket listening) {
    this.listening = listening;
    AtomicInteger number = new AtomicInteger();
    this.sessions =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "smtp-sink-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    sessions.execute(this::acceptConnections);
  }

  /** Starts a sink on a free port of 127.0.0.1. */
  static SmtpSink start() {
    try {
      return new SmtpSink(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException("the SMTP sink cannot listen on 127.0.0.1", e);
    }
  }

  int port() {
    return listening.getLocalPort();
  }

  /** Mails accepted so far. */
  long mails() {
    return mails.get();
  }

  /** Connections taken so far. */
  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      listening.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sessions.shutdownNow();
    }
  }

  private void acceptConnections() {
    while (!listening.isClosed()) {
      try {
        Socket socket = listening.accept();
        connections.incrementAndGet();
        sessions.execute(() -> serve(socket));
      } catch (SocketException closed) {
        return;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void serve(Socket socket) {
    try {
      // Each reply goes out at once, as a mail server's does.
      socket.setTcpNoDelay(true);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    try (socket;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = socket.getOutputStream()) {
      reply(out, "220 sink.example.com ESMTP");
      String line;
      while ((line = in.readLine()) != null) {
        String command = line.length() < 4 ? line : line.substring(0, 4);
        switch (command.toUpperCase(Locale.ROOT)) {
          case "EHLO", "HELO" -> reply(out, "250 sink.example.com");
          case "DATA" -> {
            reply(out, "354 End data with <CR><LF>.<CR><LF>");
            String data;
            while ((data = in.readLine()) != null && !data.equals(".")) {
              // The mail itself is not kept.
            }
            long number = mails.incrementAndGet();
            reply(out, "250 2.0.0 Ok: queued as " + Long.toHexString(number));
          }
          case "QUIT" -> {
            reply(out, "221 2.0.0 Bye");
            return;
          }
          default -> reply(out, "250 2.0.0 Ok");
        }
      }
    } catch (IOException dropped) {
      // The client hung up; nothing to keep.
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
