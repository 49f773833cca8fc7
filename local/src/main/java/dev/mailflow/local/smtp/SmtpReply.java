package dev.mailflow.local.smtp;

import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply: a three-digit code and one or more lines of text.
 *
 * <p>The first digit is what a client acts on (RFC 5321, section 4.2.1): 2 done, 3 go on, 4 try
 * again later, 5 do not try again.
 *
 * @param code the reply code, 200 to 599
 * @param lines the text of each line, without the code; at least one
 */
public record SmtpReply(int code, List<String> lines) {
  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("SMTP reply code " + code + " is outside 200..599");
    }
    lines = List.copyOf(lines);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("an SMTP reply has at least one line");
    }
    for (String line : lines) {
      Objects.requireNonNull(line, "line");
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("an SMTP reply line holds no line break: " + line);
      }
    }
  }

  /** A one-line reply. */
  public static SmtpReply of(int code, String text) {
    return new SmtpReply(code, List.of(text));
  }

  /** 2xx: the command succeeded. */
  public boolean isPositive() {
    return code < 300;
  }

  /** 3xx: the server waits for more (the mail after DATA). */
  public boolean isIntermediate() {
    return code >= 300 && code < 400;
  }

  /** 4xx: refused this time; the same command may succeed later. */
  public boolean isTransient() {
    return code >= 400 && code < 500;
  }

  /** 5xx: refused for good. */
  public boolean isPermanent() {
    return code >= 500;
  }

  /** The reply as the wire carries it: {@code 250-first}, ..., {@code 250 last}, each with CRLF. */
  public String wire() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-').append(lines.get(i));
      out.append("\r\n");
    }
    return out.toString();
  }

  /** The code and the last line, as a person reads it in a log: {@code 250 2.0.0 Ok}. */
  @Override
  public String toString() {
    return code + " " + lines.get(lines.size() - 1);
  }
}
