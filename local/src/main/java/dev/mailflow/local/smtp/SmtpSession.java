package dev.mailflow.local.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one SMTP connection (RFC 5321): greeting, EHLO or HELO, then any number of
 * MAIL FROM, RCPT TO, DATA transactions, with RSET, NOOP, VRFY, HELP and QUIT.
 *
 * <p>Commands out of order are refused with 503 and leave the session as it was; syntax errors get
 * 501; unknown commands 502. DATA ends at a line holding a single dot, and a leading dot that a
 * client doubled (dot-stuffing) is removed. The server offers 8BITMIME, SIZE and
 * ENHANCEDSTATUSCODES, and no PIPELINING, so a client waits for each reply.
 */
final class SmtpSession implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpSession.class);

  /** RFC 5321 allows 512 octets for a command line with its CRLF; some clients send more. */
  static final int COMMAND_LIMIT = 2048;

  /** RFC 5321 text lines: 998 characters and CRLF. */
  static final int DATA_LINE_LIMIT = 998;

  static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
  static final int MAX_RECIPIENTS = 100;
  static final int MAX_ERRORS = 20;
  static final int IDLE_TIMEOUT_MILLIS = 60_000;

  private static final Pattern MAIL_FROM =
      Pattern.compile("FROM:\\s*<([^<>\\s]*)>(?:\\s+(.*))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern RCPT_TO =
      Pattern.compile("TO:\\s*<([^<>\\s]+@[^<>\\s]+)>(?:\\s+(.*))?", Pattern.CASE_INSENSITIVE);

  private final Socket socket;
  private final MailIntake intake;
  private OutputStream out;

  private String clientName;
  private String sender;
  private final List<String> recipients = new ArrayList<>();
  private int errors;

  SmtpSession(Socket socket, MailIntake intake) {
    this.socket = socket;
    this.intake = intake;
  }

  @Override
  public void run() {
    try (Socket connection = socket) {
      connection.setSoTimeout(IDLE_TIMEOUT_MILLIS);
      SmtpLineReader in = new SmtpLineReader(new BufferedInputStream(connection.getInputStream()));
      out = new BufferedOutputStream(connection.getOutputStream());
      if (!intake.answers()) {
        holdSilently(connection);
        return;
      }
      reply(220, intake.hostname() + " ESMTP Mailflow local");
      while (true) {
        byte[] line = in.readLine(COMMAND_LIMIT);
        if (line == null) {
          return;
        }
        if (in.lastWasTooLong()) {
          refuse(500, "5.5.0 Error: line too long");
        } else if (!command(new String(line, StandardCharsets.ISO_8859_1), in)) {
          return;
        }
        if (errors >= MAX_ERRORS) {
          reply(421, "4.7.0 " + intake.hostname() + " Error: too many errors");
          return;
        }
      }
    } catch (SocketTimeoutException e) {
      answerQuietly(421, "4.4.2 " + intake.hostname() + " Error: timeout exceeded");
    } catch (HangUpException e) {
      // Closing the socket without a word is the point: the client must not learn what happened.
      LOG.debug("SMTP session on {} hung up: {}", intake.hostname(), e.getMessage());
    } catch (IOException e) {
      // The client went away, or the server was stopped under it: nothing is left to answer.
      LOG.debug("SMTP session on {} ended: {}", intake.hostname(), e.getMessage());
    }
  }

  /**
   * Keeps the connection open and says nothing until the client gives up and closes it, or the idle
   * timeout passes.
   */
  private static void holdSilently(Socket connection) throws IOException {
    byte[] ignored = new byte[512];
    try {
      while (connection.getInputStream().read(ignored) >= 0) {
        // Whatever the client sends goes unanswered.
      }
    } catch (SocketTimeoutException e) {
      // Even the idle timeout gets no 421 from a server that says nothing: it just hangs up.
      LOG.debug("silent SMTP session on a port of {} timed out", connection.getLocalPort());
    }
  }

  /** Handles one command line; false when the session ends. */
  private boolean command(String line, SmtpLineReader in) throws IOException {
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String argument = space < 0 ? "" : line.substring(space + 1).trim();
    switch (verb) {
      case "EHLO":
        return hello(argument, true);
      case "HELO":
        return hello(argument, false);
      case "MAIL":
        mail(argument);
        return true;
      case "RCPT":
        recipient(argument);
        return true;
      case "DATA":
        data(argument, in);
        return true;
      case "RSET":
        if (!argument.isEmpty()) {
          refuse(501, "5.5.4 Syntax: RSET");
        } else {
          resetTransaction();
          reply(250, "2.0.0 Ok");
        }
        return true;
      case "NOOP":
        reply(250, "2.0.0 Ok");
        return true;
      case "VRFY":
        reply(252, "2.0.0 Cannot VRFY user; try RCPT to attempt delivery");
        return true;
      case "HELP":
        reply(214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT");
        return true;
      case "QUIT":
        reply(221, "2.0.0 Bye");
        return false;
      default:
        refuse(502, "5.5.2 Error: command not recognized");
        return true;
    }
  }

  private boolean hello(String argument, boolean extended) throws IOException {
    if (argument.isEmpty() || argument.indexOf(' ') >= 0) {
      refuse(501, "5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
      return true;
    }
    clientName = argument;
    resetTransaction();
    if (extended) {
      send(
          new SmtpReply(
              250,
              List.of(
                  intake.hostname(),
                  "8BITMIME",
                  "SIZE " + MAX_MESSAGE_BYTES,
                  "ENHANCEDSTATUSCODES")));
    } else {
      reply(250, intake.hostname());
    }
    return true;
  }

  private void mail(String argument) throws IOException {
    if (clientName == null) {
      refuse(503, "5.5.1 Error: send HELO/EHLO first");
      return;
    }
    if (sender != null) {
      refuse(503, "5.5.1 Error: nested MAIL command");
      return;
    }
    Matcher matcher = MAIL_FROM.matcher(argument);
    if (!matcher.matches()) {
      refuse(501, "5.5.4 Syntax: MAIL FROM:<address>");
      return;
    }
    String parameters = matcher.group(2) == null ? "" : matcher.group(2).trim();
    for (String parameter : parameters.isEmpty() ? new String[0] : parameters.split("\\s+")) {
      String upper = parameter.toUpperCase(Locale.ROOT);
      if (upper.startsWith("SIZE=")) {
        long size;
        try {
          size = Long.parseLong(parameter.substring(5));
        } catch (NumberFormatException e) {
          refuse(501, "5.5.4 Bad SIZE parameter");
          return;
        }
        if (size > MAX_MESSAGE_BYTES) {
          refuse(552, "5.3.4 Message size exceeds fixed limit");
          return;
        }
      } else if (!upper.equals("BODY=7BIT") && !upper.equals("BODY=8BITMIME")) {
        refuse(555, "5.5.4 Unsupported option: " + parameter);
        return;
      }
    }
    SmtpReply answer = intake.sender(clientName, matcher.group(1));
    if (answer.isPositive()) {
      sender = matcher.group(1);
    }
    send(answer);
  }

  private void recipient(String argument) throws IOException {
    if (sender == null) {
      refuse(503, "5.5.1 Error: need MAIL command");
      return;
    }
    Matcher matcher = RCPT_TO.matcher(argument);
    if (!matcher.matches() || matcher.group(2) != null) {
      refuse(501, "5.5.4 Syntax: RCPT TO:<address>");
      return;
    }
    if (recipients.size() >= MAX_RECIPIENTS) {
      reply(452, "4.5.3 Error: too many recipients");
      return;
    }
    String address = matcher.group(1);
    SmtpReply answer = intake.recipient(clientName, sender, address);
    if (answer.isPositive()) {
      recipients.add(address);
    }
    send(answer);
  }

  private void data(String argument, SmtpLineReader in) throws IOException {
    if (!argument.isEmpty()) {
      refuse(501, "5.5.4 Syntax: DATA");
      return;
    }
    if (sender == null) {
      refuse(503, "5.5.1 Error: need MAIL command");
      return;
    }
    if (recipients.isEmpty()) {
      refuse(554, "5.5.1 Error: no valid recipients");
      return;
    }
    reply(354, "End data with <CR><LF>.<CR><LF>");
    ByteArrayOutputStream content = new ByteArrayOutputStream(4096);
    boolean tooBig = false;
    boolean lineTooLong = false;
    while (true) {
      byte[] line = in.readLine(DATA_LINE_LIMIT);
      if (line == null) {
        throw new IOException("connection closed during DATA");
      }
      lineTooLong |= in.lastWasTooLong();
      if (line.length == 1 && line[0] == '.') {
        break;
      }
      int from = line.length > 0 && line[0] == '.' ? 1 : 0;
      if (content.size() + line.length + 2 > MAX_MESSAGE_BYTES) {
        tooBig = true;
        continue;
      }
      content.write(line, from, line.length - from);
      content.write('\r');
      content.write('\n');
    }
    Envelope envelope = new Envelope(clientName, sender, recipients);
    resetTransaction();
    if (tooBig) {
      reply(552, "5.3.4 Message size exceeds fixed limit");
    } else if (lineTooLong) {
      reply(554, "5.6.0 Message has a line longer than " + DATA_LINE_LIMIT + " characters");
    } else {
      send(take(envelope, content.toByteArray()));
    }
  }

  private SmtpReply take(Envelope envelope, byte[] content) {
    try {
      return intake.accept(envelope, content);
    } catch (HangUpException e) {
      throw e;
    } catch (RuntimeException e) {
      // A server whose queue fails says so with a temporary error; the client keeps the mail.
      LOG.error("{} could not queue a mail from {}", intake.hostname(), envelope.sender(), e);
      return SmtpReply.of(451, "4.3.0 Error: queue file write error");
    }
  }

  private void resetTransaction() {
    sender = null;
    recipients.clear();
  }

  private void refuse(int code, String text) throws IOException {
    errors++;
    reply(code, text);
  }

  private void reply(int code, String text) throws IOException {
    send(SmtpReply.of(code, text));
  }

  private void send(SmtpReply reply) throws IOException {
    out.write(reply.wire().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void answerQuietly(int code, String text) {
    try {
      reply(code, text);
    } catch (IOException e) {
      LOG.debug("could not say goodbye to an idle client: {}", e.getMessage());
    }
  }
}
