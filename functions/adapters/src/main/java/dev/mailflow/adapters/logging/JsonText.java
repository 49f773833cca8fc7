package dev.mailflow.adapters.logging;

/**
 * Writes a string as a JSON string literal, for the lines the functions print by hand: log events
 * and CloudWatch metric lines, each built with a {@link StringBuilder} rather than a JSON library,
 * to keep both off the start-up path.
 */
public final class JsonText {
  private JsonText() {}

  /** Appends {@code value} to {@code json} in quotes, escaped as JSON requires. */
  public static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          json.append("\\\"");
          break;
        case '\\':
          json.append("\\\\");
          break;
        case '\n':
          json.append("\\n");
          break;
        case '\r':
          json.append("\\r");
          break;
        case '\t':
          json.append("\\t");
          break;
        default:
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
      }
    }
    json.append('"');
  }
}
