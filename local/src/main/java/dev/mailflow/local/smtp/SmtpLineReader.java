package dev.mailflow.local.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the lines of an SMTP conversation: commands, replies and mail data alike end in CRLF.
 *
 * <p>A bare LF also ends a line, as most servers accept; the CR before it is not part of the line.
 * A line longer than the limit is read to its end and reported as too long rather than split, so
 * the rest of it is never taken for a command.
 */
final class SmtpLineReader {
  private final InputStream in;
  private boolean tooLong;

  SmtpLineReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next line without its line end, or {@code null} at the end of the stream.
   *
   * @param limit the most bytes a line may hold, line end not counted; see {@link
   *     #lastWasTooLong()}
   */
  byte[] readLine(int limit) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(limit, 256));
    tooLong = false;
    int c = in.read();
    if (c < 0) {
      return null;
    }
    while (c >= 0 && c != '\n') {
      // One byte more than the limit, for the CR of the line end.
      if (line.size() <= limit) {
        line.write(c);
      } else {
        tooLong = true;
      }
      c = in.read();
    }
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
      bytes = Arrays.copyOf(bytes, bytes.length - 1);
    }
    if (bytes.length > limit) {
      tooLong = true;
      bytes = Arrays.copyOf(bytes, limit);
    }
    return bytes;
  }

  /** True when the last line read was over its limit: it was read whole and cut. */
  boolean lastWasTooLong() {
    return tooLong;
  }
}
