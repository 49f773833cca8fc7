package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ReceivedStamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads the header section of an inbound mail into an {@link InboundMail}, within {@link
 * MailLimits}.
 *
 * <p>Jakarta Mail's {@code MimeMessage} would read the whole mail into objects the receive function
 * never looks at; this parser reads raw bytes up to the first empty line and never touches the
 * body. It unfolds folded lines, accepts LF-only line ends, skips unknown fields without decoding
 * them, and decodes the few it keeps as UTF-8 when they are valid UTF-8 and as ISO-8859-1
 * otherwise, so 8-bit bytes never fail a read. Every limit is checked before the work it guards,
 * the total size first.
 *
 * <p>It also reads the header list of an SES receipt event ({@code mail.headers}), so both ways the
 * receive function gets a mail end in the same {@link InboundMail}.
 *
 * <p>Thread-safe and stateless apart from its limits: build one and share it.
 */
public final class InboundMailParser {

  private static final int NOT_KEPT = -1;
  private static final int TOKEN = 0;
  private static final int MESSAGE_ID = 1;
  private static final int DATE = 2;
  private static final int FROM = 3;
  private static final int SUBJECT = 4;
  private static final int AUTHENTICATION_RESULTS = 5;
  private static final int SINGLE_FIELDS = 6;
  private static final int RECEIVED = 6;

  /** Names of the fields kept, lower case, indexed by the constants above. */
  private static final String[] NAMES = {
    ProbeToken.HEADER.toLowerCase(Locale.ROOT),
    "message-id",
    "date",
    "from",
    "subject",
    "authentication-results",
    "received"
  };

  private final MailLimits limits;

  /** A parser with {@link MailLimits#defaults()}. */
  public InboundMailParser() {
    this(MailLimits.defaults());
  }

  public InboundMailParser(MailLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads the header section of a raw RFC 5322 mail.
   *
   * @param raw the mail as received; may be {@code null}
   * @return the headers, or why the mail was refused
   */
  public MailReading parse(byte[] raw) {
    if (raw == null || raw.length == 0) {
      return refused(MailRefusal.MALFORMED, "empty mail");
    }
    if (raw.length > limits.maxBytes()) {
      return refused(
          MailRefusal.OVERSIZED,
          raw.length + " bytes, more than the limit of " + limits.maxBytes());
    }
    int maxLine = limits.maxHeaderLineLength();
    FieldBounds fields = new FieldBounds();
    boolean sawField = false;
    int lines = 0;
    int kind = NOT_KEPT;
    int valueStart = 0;
    int valueEnd = 0;
    int pos = 0;
    while (pos < raw.length) {
      int lineStart = pos;
      // A line may run to maxLine characters plus CR LF; looking further is wasted work.
      int searchEnd = (int) Math.min(raw.length, (long) lineStart + maxLine + 2);
      int newline = indexOf(raw, (byte) '\n', lineStart, searchEnd);
      if (newline < 0) {
        if (searchEnd < raw.length) {
          return lineTooLong(lines + 1);
        }
        newline = raw.length;
      }
      int contentEnd = newline > lineStart && raw[newline - 1] == '\r' ? newline - 1 : newline;
      if (contentEnd - lineStart > maxLine) {
        return lineTooLong(lines + 1);
      }
      pos = newline + 1;
      if (contentEnd == lineStart) {
        // The empty line that ends the header section; the body is not read.
        break;
      }
      if (++lines > limits.maxHeaderLines()) {
        return refused(
            MailRefusal.TOO_MANY_HEADERS, "more than " + limits.maxHeaderLines() + " header lines");
      }
      byte first = raw[lineStart];
      if (first == ' ' || first == '\t') {
        // A folded continuation of the current field.
        valueEnd = contentEnd;
        continue;
      }
      fields.keep(kind, valueStart, valueEnd);
      int nameEnd = fieldNameEnd(raw, lineStart, contentEnd);
      if (nameEnd < 0) {
        // Not a field (an mbox "From " line, stray text): tolerated and skipped.
        kind = NOT_KEPT;
        continue;
      }
      sawField = true;
      kind = kindOf(raw, lineStart, nameEnd);
      if (kind == RECEIVED && fields.receivedCount == limits.maxReceivedHeaders()) {
        return tooManyReceived();
      }
      valueStart = indexOf(raw, (byte) ':', nameEnd, contentEnd) + 1;
      valueEnd = contentEnd;
    }
    fields.keep(kind, valueStart, valueEnd);
    if (!sawField) {
      return refused(MailRefusal.MALFORMED, "no header section");
    }
    return new MailReading.Read(fields.decode(raw));
  }

  /**
   * Reads the header list of an SES receipt event.
   *
   * @param newestFirst {@code mail.headers} of the event, in its order (as in the mail)
   * @return the headers, or why the mail was refused
   */
  public MailReading parse(List<MailHeader> newestFirst) {
    if (newestFirst == null || newestFirst.isEmpty()) {
      return refused(MailRefusal.MALFORMED, "no header section");
    }
    long bytes = 0;
    for (MailHeader header : newestFirst) {
      if (header != null) {
        // As written in the mail: "name: value" and CR LF.
        bytes += header.name().length() + header.value().length() + 4L;
      }
    }
    if (bytes > limits.maxBytes()) {
      return refused(
          MailRefusal.OVERSIZED,
          "headers of " + bytes + " characters, more than the limit of " + limits.maxBytes());
    }
    if (newestFirst.size() > limits.maxHeaderLines()) {
      return refused(
          MailRefusal.TOO_MANY_HEADERS,
          newestFirst.size() + " headers, more than the limit of " + limits.maxHeaderLines());
    }
    String[] values = new String[SINGLE_FIELDS];
    List<String> receivedValues = new ArrayList<>();
    int line = 0;
    for (MailHeader header : newestFirst) {
      line++;
      if (header == null) {
        continue;
      }
      if (header.value().length() > limits.maxHeaderLineLength()) {
        return lineTooLong(line);
      }
      int kind = kindOf(header.name());
      if (kind == RECEIVED) {
        if (receivedValues.size() >= limits.maxReceivedHeaders()) {
          return tooManyReceived();
        }
        receivedValues.add(unfold(header.value()));
      } else if (kind != NOT_KEPT && values[kind] == null) {
        values[kind] = unfold(header.value());
      }
    }
    return new MailReading.Read(assemble(values, receivedValues));
  }

  private static InboundMail assemble(String[] values, List<String> receivedNewestFirst) {
    List<ReceivedStamp> stamps = new ArrayList<>(receivedNewestFirst.size());
    for (int i = receivedNewestFirst.size() - 1; i >= 0; i--) {
      stamps.add(ReceivedHeader.parse(receivedNewestFirst.get(i)));
    }
    String authentication = values[AUTHENTICATION_RESULTS];
    return new InboundMail(
        values[TOKEN],
        values[MESSAGE_ID],
        values[DATE] == null ? null : MailDate.parse(values[DATE]),
        values[FROM],
        values[SUBJECT],
        stamps,
        authentication == null
            ? AuthenticationVerdicts.unknown()
            : AuthenticationResultsHeader.parse(authentication),
        OriginHeaders.read(
            receivedNewestFirst.isEmpty() ? null : receivedNewestFirst.get(0), authentication));
  }

  private MailReading tooManyReceived() {
    return refused(
        MailRefusal.TOO_MANY_HEADERS,
        "more than " + limits.maxReceivedHeaders() + " Received headers, a mail loop?");
  }

  private MailReading lineTooLong(int line) {
    return refused(
        MailRefusal.HEADER_LINE_TOO_LONG,
        "header line "
            + line
            + " is longer than the limit of "
            + limits.maxHeaderLineLength()
            + " characters");
  }

  private static MailReading refused(MailRefusal reason, String detail) {
    return new MailReading.Refused(reason, detail);
  }

  /**
   * The end of the field name on a line, trailing blanks excluded, or -1 when the line is not a
   * field: no colon, an empty name, or a byte RFC 5322 does not allow in a name.
   */
  private static int fieldNameEnd(byte[] raw, int lineStart, int lineEnd) {
    int pos = lineStart;
    while (pos < lineEnd && raw[pos] != ':') {
      pos++;
    }
    if (pos == lineEnd) {
      return -1;
    }
    int nameEnd = pos;
    // Obsolete syntax (RFC 5322 4.5.8) allows blanks before the colon.
    while (nameEnd > lineStart && (raw[nameEnd - 1] == ' ' || raw[nameEnd - 1] == '\t')) {
      nameEnd--;
    }
    if (nameEnd == lineStart) {
      return -1;
    }
    for (int i = lineStart; i < nameEnd; i++) {
      if (raw[i] < 33 || raw[i] > 126) {
        return -1;
      }
    }
    return nameEnd;
  }

  private static int kindOf(byte[] raw, int from, int to) {
    int length = to - from;
    for (int kind = 0; kind < NAMES.length; kind++) {
      String name = NAMES[kind];
      if (name.length() == length && equalsIgnoreCase(raw, from, name)) {
        return kind;
      }
    }
    return NOT_KEPT;
  }

  private static int kindOf(String fieldName) {
    String name = fieldName.trim();
    for (int kind = 0; kind < NAMES.length; kind++) {
      if (NAMES[kind].equalsIgnoreCase(name)) {
        return kind;
      }
    }
    return NOT_KEPT;
  }

  private static boolean equalsIgnoreCase(byte[] raw, int from, String lowerCaseName) {
    for (int i = 0; i < lowerCaseName.length(); i++) {
      int b = raw[from + i];
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
      }
      if (b != lowerCaseName.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] raw, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (raw[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The unfolded, trimmed text of a field value: line breaks removed, the blanks after them kept
   * (RFC 5322 3.2.2).
   */
  private static String text(byte[] raw, int from, int to) {
    while (from < to && isBlank(raw[from])) {
      from++;
    }
    while (to > from && isBlank(raw[to - 1])) {
      to--;
    }
    boolean lineBreaks = false;
    boolean eightBit = false;
    for (int i = from; i < to; i++) {
      byte b = raw[i];
      if (b == '\r' || b == '\n') {
        lineBreaks = true;
      } else if (b < 0) {
        eightBit = true;
      }
    }
    if (!lineBreaks && !eightBit) {
      return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }
    byte[] bytes = raw;
    int start = from;
    int length = to - from;
    if (lineBreaks) {
      bytes = new byte[to - from];
      length = 0;
      for (int i = from; i < to; i++) {
        if (raw[i] != '\r' && raw[i] != '\n') {
          bytes[length++] = raw[i];
        }
      }
      start = 0;
    }
    return new String(
        bytes,
        start,
        length,
        eightBit && isUtf8(bytes, start, start + length)
            ? StandardCharsets.UTF_8
            : StandardCharsets.ISO_8859_1);
  }

  private static String unfold(String value) {
    String trimmed = value.strip();
    if (trimmed.indexOf('\r') < 0 && trimmed.indexOf('\n') < 0) {
      return trimmed;
    }
    StringBuilder out = new StringBuilder(trimmed.length());
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c != '\r' && c != '\n') {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  /**
   * True when the bytes are well-formed UTF-8 (no overlong forms, surrogates or values past
   * U+10FFFF).
   */
  private static boolean isUtf8(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        i++;
        continue;
      }
      int continuation;
      int min = 0x80;
      int max = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        continuation = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        continuation = 2;
        if (b == 0xE0) {
          min = 0xA0;
        } else if (b == 0xED) {
          max = 0x9F;
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        continuation = 3;
        if (b == 0xF0) {
          min = 0x90;
        } else if (b == 0xF4) {
          max = 0x8F;
        }
      } else {
        return false;
      }
      if (i + continuation >= to) {
        return false;
      }
      for (int k = 1; k <= continuation; k++) {
        int c = bytes[i + k] & 0xFF;
        int low = k == 1 ? min : 0x80;
        int high = k == 1 ? max : 0xBF;
        if (c < low || c > high) {
          return false;
        }
      }
      i += continuation + 1;
    }
    return true;
  }

  /**
   * Where the kept fields' values lie in the raw mail, so that only they are decoded, and only once
   * every limit has been checked.
   */
  private static final class FieldBounds {
    /** Start and end of each single field's value, first occurrence only; -1 when absent. */
    private final int[] singles = new int[SINGLE_FIELDS * 2];

    /** Start and end of each Received value, newest first. */
    private int[] received = new int[16];

    private int receivedCount;

    FieldBounds() {
      Arrays.fill(singles, -1);
    }

    void keep(int kind, int start, int end) {
      if (kind == RECEIVED) {
        if (receivedCount * 2 == received.length) {
          received = Arrays.copyOf(received, received.length * 2);
        }
        received[receivedCount * 2] = start;
        received[receivedCount * 2 + 1] = end;
        receivedCount++;
      } else if (kind != NOT_KEPT && singles[kind * 2] < 0) {
        singles[kind * 2] = start;
        singles[kind * 2 + 1] = end;
      }
    }

    InboundMail decode(byte[] raw) {
      String[] values = new String[SINGLE_FIELDS];
      for (int kind = 0; kind < SINGLE_FIELDS; kind++) {
        int start = singles[kind * 2];
        values[kind] = start < 0 ? null : text(raw, start, singles[kind * 2 + 1]);
      }
      List<String> receivedValues = new ArrayList<>(receivedCount);
      for (int i = 0; i < receivedCount; i++) {
        receivedValues.add(text(raw, received[i * 2], received[i * 2 + 1]));
      }
      return assemble(values, receivedValues);
    }
  }
}
