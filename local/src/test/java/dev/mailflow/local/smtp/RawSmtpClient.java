package dev.mailflow.local.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Speaks SMTP line by line, as a test writes it, and reads each reply's last line. */
final class RawSmtpClient implements AutoCloseable {
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  RawSmtpClient(int port) throws IOException {
    this(port, 5000);
  }

  /** A client that waits {@code timeoutMillis} for each reply. */
  RawSmtpClient(int port, int timeoutMillis) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(timeoutMillis);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    out = socket.getOutputStream();
  }

  /** The last line of the next reply. */
  String reply() throws IOException {
    String line = in.readLine();
    while (line != null && line.length() > 3 && line.charAt(3) == '-') {
      line = in.readLine();
    }
    return line;
  }

  /** Sends a line and answers the last line of the reply. */
  String send(String line) throws IOException {
    write(line);
    return reply();
  }

  /** Sends a line without waiting for a reply, as within DATA. */
  void write(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
