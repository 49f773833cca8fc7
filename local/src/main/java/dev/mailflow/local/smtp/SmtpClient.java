package dev.mailflow.local.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client side of SMTP, as one mail server relays to the next: one connection per batch, one
 * MAIL FROM, RCPT TO, DATA transaction per mail, then QUIT.
 *
 * <p>Every mail of a batch gets a {@link Handover}: accepted (2xx after the data), deferred (a 4xx
 * reply, or no connection at all, so the sender keeps it and tries again) or refused (5xx, so the
 * sender gives it up). Nothing is thrown for what the other server says or for a server that is not
 * there; {@link Attempt#connected()} tells the two apart.
 */
public final class SmtpClient {
  private final String name;
  private final Duration timeout;

  /**
   * @param name the name to greet servers with in EHLO, the client's host name
   * @param timeout how long to wait to connect and for each reply
   */
  public SmtpClient(String name, Duration timeout) {
    this.name = Objects.requireNonNull(name, "name");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A mail to hand over: its envelope and its content, lines ending in CRLF. */
  public record Outgoing(Envelope envelope, byte[] content) {
    public Outgoing {
      Objects.requireNonNull(envelope, "envelope");
      Objects.requireNonNull(content, "content");
    }
  }

  /** What became of one mail. */
  public record Handover(Outcome outcome, String answer) {}

  /** The three things a sending server can do with a mail after an attempt. */
  public enum Outcome {
    ACCEPTED,
    DEFERRED,
    REFUSED
  }

  /**
   * The result of one attempt at a batch.
   *
   * @param connected false when no SMTP session came about (refused connection, bad greeting)
   * @param handovers one per mail, in order
   */
  public record Attempt(boolean connected, List<Handover> handovers) {
    public Attempt {
      handovers = List.copyOf(handovers);
    }
  }

  /** Hands {@code mails} to the server at {@code address} over one connection. */
  public Attempt send(InetSocketAddress address, List<Outgoing> mails) {
    List<Handover> handovers = new ArrayList<>(mails.size());
    String where =
        (address.getAddress() == null
                ? address.getHostString()
                : address.getAddress().getHostAddress())
            + ":"
            + address.getPort();
    boolean greeted = false;
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      Conversation conversation = new Conversation(socket);
      SmtpReply greeting = conversation.read();
      if (greeting.code() != 220) {
        return notConnected(mails, where + " greeted with " + greeting);
      }
      greeted = true;
      SmtpReply hello = conversation.command("EHLO " + name);
      if (hello.isPermanent()) {
        hello = conversation.command("HELO " + name);
      }
      if (!hello.isPositive()) {
        return notConnected(mails, where + " refused the greeting: " + hello);
      }
      for (Outgoing mail : mails) {
        handovers.add(transaction(conversation, mail));
      }
      conversation.quit();
      return new Attempt(true, handovers);
    } catch (IOException e) {
      if (!greeted) {
        return notConnected(mails, "connect to " + where + " failed: " + e.getMessage());
      }
      // The connection broke in the session: what was answered stands, the rest waits for a
      // retry, even a mail whose data went out: without the reply, it may or may not have arrived.
      while (handovers.size() < mails.size()) {
        handovers.add(
            new Handover(
                Outcome.DEFERRED, "lost connection with " + where + ": " + e.getMessage()));
      }
      return new Attempt(true, handovers);
    }
  }

  private static Attempt notConnected(List<Outgoing> mails, String reason) {
    List<Handover> deferred = new ArrayList<>(mails.size());
    for (int i = 0; i < mails.size(); i++) {
      deferred.add(new Handover(Outcome.DEFERRED, reason));
    }
    return new Attempt(false, deferred);
  }

  private static Handover transaction(Conversation conversation, Outgoing mail) throws IOException {
    Envelope envelope = mail.envelope();
    SmtpReply from = conversation.command("MAIL FROM:<" + envelope.sender() + ">");
    if (!from.isPositive()) {
      conversation.command("RSET");
      return refusal(from);
    }
    SmtpReply firstRefusal = null;
    int accepted = 0;
    for (String recipient : envelope.recipients()) {
      SmtpReply to = conversation.command("RCPT TO:<" + recipient + ">");
      if (to.isPositive()) {
        accepted++;
      } else if (firstRefusal == null) {
        firstRefusal = to;
      }
    }
    if (accepted == 0) {
      conversation.command("RSET");
      return refusal(firstRefusal);
    }
    SmtpReply data = conversation.command("DATA");
    if (!data.isIntermediate()) {
      conversation.command("RSET");
      return refusal(data);
    }
    SmtpReply done = conversation.data(mail.content());
    return done.isPositive() ? new Handover(Outcome.ACCEPTED, done.toString()) : refusal(done);
  }

  private static Handover refusal(SmtpReply reply) {
    return new Handover(reply.isTransient() ? Outcome.DEFERRED : Outcome.REFUSED, reply.toString());
  }

  /** One open connection: commands out, replies in. */
  private static final class Conversation {
    private final SmtpLineReader in;
    private final OutputStream out;

    Conversation(Socket socket) throws IOException {
      this.in = new SmtpLineReader(new BufferedInputStream(socket.getInputStream()));
      this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    SmtpReply command(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read();
    }

    /** Sends a mail's content with its leading dots doubled, and the final dot. */
    SmtpReply data(byte[] content) throws IOException {
      ByteArrayOutputStream stuffed = new ByteArrayOutputStream(content.length + 64);
      boolean lineStart = true;
      for (byte b : content) {
        if (lineStart && b == '.') {
          stuffed.write('.');
        }
        stuffed.write(b);
        lineStart = b == '\n';
      }
      if (!lineStart) {
        stuffed.write('\r');
        stuffed.write('\n');
      }
      stuffed.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(stuffed.toByteArray());
      out.flush();
      return read();
    }

    void quit() throws IOException {
      command("QUIT");
    }

    SmtpReply read() throws IOException {
      List<String> lines = new ArrayList<>();
      while (true) {
        byte[] raw = in.readLine(SmtpSession.COMMAND_LIMIT);
        if (raw == null) {
          throw new IOException("the server closed the connection");
        }
        String line = new String(raw, StandardCharsets.ISO_8859_1);
        if (line.length() < 3) {
          throw new IOException("not an SMTP reply: " + line);
        }
        int code;
        try {
          code = Integer.parseInt(line.substring(0, 3));
        } catch (NumberFormatException e) {
          throw new IOException("not an SMTP reply: " + line, e);
        }
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (line.length() == 3 || line.charAt(3) == ' ') {
          return new SmtpReply(code, lines);
        }
      }
    }
  }
}
