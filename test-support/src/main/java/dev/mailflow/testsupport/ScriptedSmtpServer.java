package dev.mailflow.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small SMTP server in the test JVM that does what a test tells it to: accept mail, refuse it at
 * a given step, fall silent, or drop the connection — the ways real servers fail, on demand.
 *
 * <p>It speaks enough ESMTP for a mail client: EHLO, STARTTLS (when given a TLS context; GreenMail
 * has none), AUTH PLAIN (when given a login), MAIL, RCPT, DATA, RSET, NOOP and QUIT. It counts
 * connections and keeps every mail it accepted (answered with a 2xx reply), so a test can check
 * that one connection carried several mails and read what arrived.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server =
 *     ScriptedSmtpServer.builder()
 *         .script((stage, connection, mail) ->
 *             stage == Stage.MAIL ? Reply.with("554 5.7.1 Relay access denied") : Reply.standard())
 *         .start()) {
 *   ... submit to server.host():server.port() ...
 *   assertThat(server.connections()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class ScriptedSmtpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptedSmtpServer.class);
  private static final String NAME = "scripted.test";
  private static final int MAX_LINE = 4096;

  /** A step of the SMTP conversation at which the script may answer differently. */
  public enum Stage {
    /** The greeting, right after the connection is accepted. */
    GREETING,
    /** The reply to EHLO or HELO. */
    EHLO,
    /** The reply to MAIL FROM. */
    MAIL,
    /** The reply to RCPT TO. */
    RCPT,
    /** The reply to DATA, before the content. */
    DATA,
    /** The reply after the content's final dot: the mail's acceptance or refusal. */
    MESSAGE
  }

  /** What the server does at a stage. */
  public static final class Reply {
    private static final Reply STANDARD = new Reply(null, false, false);
    private static final Reply DROP = new Reply(null, true, false);
    private static final Reply SILENCE = new Reply(null, false, true);

    private final String line;
    private final boolean drop;
    private final boolean silence;

    private Reply(String line, boolean drop, boolean silence) {
      this.line = line;
      this.drop = drop;
      this.silence = silence;
    }

    /** The reply a well-behaved server gives. */
    public static Reply standard() {
      return STANDARD;
    }

    /** This reply line instead, such as {@code 451 4.3.0 Try again later}. */
    public static Reply with(String line) {
      return new Reply(Objects.requireNonNull(line, "line"), false, false);
    }

    /** Close the connection without a reply. */
    public static Reply drop() {
      return DROP;
    }

    /** Never reply, and keep the connection open until the server stops. */
    public static Reply silence() {
      return SILENCE;
    }
  }

  /** Decides the reply at each stage. */
  @FunctionalInterface
  public interface Script {
    /**
     * @param stage the step of the conversation
     * @param connection the connection's number, from 1 in the order they were accepted
     * @param mail the number of the mail on this connection, from 1 (0 before the first MAIL)
     */
    Reply at(Stage stage, int connection, int mail);
  }

  /**
   * A mail the server accepted.
   *
   * @param connection the number of the connection it came on
   * @param from the envelope sender, without angle brackets
   * @param recipients the envelope recipients
   * @param content the content as sent, CRLF line ends, dot-stuffing removed
   * @param secured true when it came over TLS
   * @param user the user logged in, or {@code null}
   */
  public record Mail(
      int connection,
      String from,
      List<String> recipients,
      byte[] content,
      boolean secured,
      String user) {
    public Mail {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * One AUTH attempt: who tried and whether the password was right. The password is not kept.
   *
   * @param connection the connection it came on
   * @param user the user name given
   * @param accepted whether it was accepted
   */
  public record Login(int connection, String user, boolean accepted) {}

  private final ServerSocket serverSocket;
  private final SSLContext tls;
  private final String user;
  private volatile String password;
  private final Script script;
  private final ExecutorService threads;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Mail> mails = new CopyOnWriteArrayList<>();
  private final List<Login> logins = new CopyOnWriteArrayList<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private ScriptedSmtpServer(Builder builder) throws IOException {
    this.tls = builder.tls;
    this.user = builder.user;
    this.password = builder.password;
    this.script = builder.script;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.threads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "scripted-smtp-" + serverSocket.getLocalPort());
              thread.setDaemon(true);
              return thread;
            });
    threads.execute(this::acceptLoop);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The address it listens on: {@code 127.0.0.1}. */
  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Mails accepted so far, in order. */
  public List<Mail> mails() {
    return List.copyOf(mails);
  }

  /** AUTH attempts so far, in order. */
  public List<Login> logins() {
    return List.copyOf(logins);
  }

  /** Changes the password the server accepts, as a rotation on the server side does. */
  public void password(String value) {
    this.password = Objects.requireNonNull(value, "value");
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    stopped.countDown();
    try {
      serverSocket.close();
    } catch (IOException e) {
      LOG.debug("closing the listening socket failed", e);
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return;
      }
      int number = connections.incrementAndGet();
      open.add(socket);
      threads.execute(() -> serve(socket, number));
    }
  }

  private void serve(Socket socket, int number) {
    try {
      new Conversation(socket, number).run();
    } catch (SocketException closed) {
      LOG.debug("connection {} closed: {}", number, closed.getMessage());
    } catch (IOException e) {
      LOG.debug("connection {} failed", number, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      LOG.debug("closing a connection failed", e);
    }
  }

  /** One connection's SMTP conversation. */
  private final class Conversation {
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final int number;
    private boolean secured;
    private String loggedIn;
    private int mail;
    private String from;
    private final List<String> recipients = new ArrayList<>();

    Conversation(Socket socket, int number) throws IOException {
      this.socket = socket;
      this.number = number;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    void run() throws IOException, InterruptedException {
      if (!answer(Stage.GREETING, "220 " + NAME + " ESMTP scripted")) {
        return;
      }
      while (true) {
        String line = readLine();
        if (line == null) {
          return;
        }
        String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
        switch (verb) {
          case "EHLO":
          case "HELO":
            if (!answer(Stage.EHLO, ehlo())) {
              return;
            }
            break;
          case "STAR":
            if (tls == null || secured) {
              send("502 5.5.1 STARTTLS not offered");
            } else {
              send("220 2.0.0 Ready to start TLS");
              startTls();
            }
            break;
          case "AUTH":
            auth(line);
            break;
          case "MAIL":
            if (user != null && loggedIn == null) {
              send("530 5.7.0 Authentication required");
              break;
            }
            mail++;
            recipients.clear();
            from = between(line, '<', '>');
            if (!answer(Stage.MAIL, "250 2.1.0 Ok")) {
              return;
            }
            break;
          case "RCPT":
            recipients.add(between(line, '<', '>'));
            if (!answer(Stage.RCPT, "250 2.1.5 Ok")) {
              return;
            }
            break;
          case "DATA":
            if (!answer(Stage.DATA, "354 End data with <CR><LF>.<CR><LF>")) {
              return;
            }
            byte[] content = readContent();
            String queueId = "Q" + number + "x" + mail;
            Reply reply = script.at(Stage.MESSAGE, number, mail);
            String accepted = "250 2.0.0 Ok: queued as " + queueId;
            if (!reply.drop
                && !reply.silence
                && (reply.line == null || reply.line.startsWith("2"))) {
              mails.add(new Mail(number, from, recipients, content, secured, loggedIn));
            }
            if (!answer(reply, accepted)) {
              return;
            }
            break;
          case "RSET":
            recipients.clear();
            send("250 2.0.0 Ok");
            break;
          case "NOOP":
            send("250 2.0.0 Ok");
            break;
          case "QUIT":
            send("221 2.0.0 Bye");
            return;
          default:
            send("502 5.5.2 Command not recognised");
        }
      }
    }

    private String ehlo() {
      List<String> lines = new ArrayList<>();
      lines.add(NAME);
      lines.add("8BITMIME");
      if (tls != null && !secured) {
        lines.add("STARTTLS");
      }
      if (user != null) {
        lines.add("AUTH PLAIN");
      }
      StringBuilder reply = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        reply.append("250").append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
        if (i < lines.size() - 1) {
          reply.append("\r\n");
        }
      }
      return reply.toString();
    }

    private void auth(String line) throws IOException {
      String[] parts = line.split(" ");
      if (user == null || parts.length < 2 || !parts[1].equalsIgnoreCase("PLAIN")) {
        send("504 5.5.4 Unrecognised authentication type");
        return;
      }
      String response = parts.length > 2 ? parts[2] : null;
      if (response == null) {
        send("334 ");
        response = readLine();
        if (response == null) {
          return;
        }
      }
      String[] fields;
      try {
        fields =
            new String(Base64.getDecoder().decode(response.trim()), StandardCharsets.UTF_8)
                .split("\0", -1);
      } catch (IllegalArgumentException e) {
        send("501 5.5.2 Cannot decode response");
        return;
      }
      String given = fields.length == 3 ? fields[1] : "";
      boolean accepted = fields.length == 3 && user.equals(fields[1]) && password.equals(fields[2]);
      logins.add(new Login(number, given, accepted));
      if (accepted) {
        loggedIn = given;
        send("235 2.7.0 Authentication successful");
      } else {
        send("535 5.7.8 Authentication credentials invalid");
      }
    }

    private void startTls() throws IOException {
      SSLSocket secure =
          (SSLSocket)
              tls.getSocketFactory()
                  .createSocket(socket, socket.getInetAddress().getHostAddress(), port(), true);
      secure.setUseClientMode(false);
      open.add(secure);
      secure.startHandshake();
      socket = secure;
      in = new BufferedInputStream(secure.getInputStream());
      out = secure.getOutputStream();
      secured = true;
    }

    /** Gives the script's reply, or {@code standard}; false when the connection is to end. */
    private boolean answer(Stage stage, String standard) throws IOException, InterruptedException {
      return answer(script.at(stage, number, mail), standard);
    }

    private boolean answer(Reply reply, String standard) throws IOException, InterruptedException {
      if (reply.drop) {
        return false;
      }
      if (reply.silence) {
        stopped.await();
        return false;
      }
      send(reply.line != null ? reply.line : standard);
      return true;
    }

    private void send(String reply) throws IOException {
      out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** One line without its CRLF, or {@code null} at the end of the stream. */
    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream(128);
      int previous = -1;
      while (true) {
        int b = in.read();
        if (b == -1) {
          return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }
        if (b == '\n' && previous == '\r') {
          byte[] bytes = line.toByteArray();
          return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
        }
        if (line.size() > MAX_LINE) {
          throw new IOException("line longer than " + MAX_LINE + " bytes");
        }
        line.write(b);
        previous = b;
      }
    }

    /** The content up to the line with a single dot, dot-stuffing removed, CRLF line ends. */
    private byte[] readContent() throws IOException {
      ByteArrayOutputStream content = new ByteArrayOutputStream(2048);
      while (true) {
        String line = readLine();
        if (line == null) {
          throw new IOException("connection closed in the middle of DATA");
        }
        if (line.equals(".")) {
          return content.toByteArray();
        }
        String unstuffed = line.startsWith(".") ? line.substring(1) : line;
        content.writeBytes((unstuffed + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String between(String line, char open, char close) {
    int start = line.indexOf(open);
    int end = line.indexOf(close, start + 1);
    return start < 0 || end < 0 ? "" : line.substring(start + 1, end);
  }

  /** How the server behaves. */
  public static final class Builder {
    private SSLContext tls;
    private String user;
    private String password;
    private Script script = (stage, connection, mail) -> Reply.standard();

    private Builder() {}

    /** Offer STARTTLS, presenting the certificate of {@code context}. */
    public Builder startTls(SSLContext context) {
      this.tls = Objects.requireNonNull(context, "context");
      return this;
    }

    /** Require AUTH PLAIN with this user and password before MAIL. */
    public Builder login(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** Answer as {@code script} says; unscripted stages get the standard reply. */
    public Builder script(Script script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /** Starts listening on a free port of 127.0.0.1. */
    public ScriptedSmtpServer start() {
      try {
        return new ScriptedSmtpServer(this);
      } catch (IOException e) {
        throw new IllegalStateException("could not start the scripted SMTP server", e);
      }
    }
  }
}
