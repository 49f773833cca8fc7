package dev.mailflow.local.output;

import java.nio.charset.Charset;
import java.util.regex.Pattern;

/**
 * What the terminal can show: colours (ANSI escapes) only on a terminal and when {@code NO_COLOR}
 * is not set, symbols such as ✓ and ▼ only when its encoding has them, with a plain ASCII stand-in
 * otherwise.
 */
public final class TerminalStyle {
  private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

  private final boolean colour;
  private final boolean symbols;

  /**
   * @param colour write ANSI colour escapes
   * @param symbols write symbols beyond ASCII
   */
  public TerminalStyle(boolean colour, boolean symbols) {
    this.colour = colour;
    this.symbols = symbols;
  }

  /** The style the current terminal supports. */
  public static TerminalStyle detect() {
    boolean terminal = System.console() != null;
    boolean noColour = System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"));
    String encoding = System.getProperty("sun.stdout.encoding", Charset.defaultCharset().name());
    boolean unicode;
    try {
      unicode = Charset.forName(encoding).newEncoder().canEncode("✓▼━");
    } catch (IllegalArgumentException e) {
      unicode = false;
    }
    return new TerminalStyle(terminal && !noColour, unicode);
  }

  /** True on a terminal that shows colours: one that can also redraw a progress line. */
  public boolean interactive() {
    return colour;
  }

  public String red(String text) {
    return paint("31", text);
  }

  public String red(String symbol, String ascii) {
    return red(symbols ? symbol : ascii);
  }

  public String green(String text) {
    return paint("32", text);
  }

  public String green(String symbol, String ascii) {
    return green(symbols ? symbol : ascii);
  }

  public String yellow(String text) {
    return paint("33", text);
  }

  public String yellow(String symbol, String ascii) {
    return yellow(symbols ? symbol : ascii);
  }

  public String blue(String text) {
    return paint("34", text);
  }

  public String blue(String symbol, String ascii) {
    return blue(symbols ? symbol : ascii);
  }

  public String magenta(String text) {
    return paint("35", text);
  }

  public String magenta(String symbol, String ascii) {
    return magenta(symbols ? symbol : ascii);
  }

  public String dim(String text) {
    return paint("2", text);
  }

  public String dim(String symbol, String ascii) {
    return dim(symbols ? symbol : ascii);
  }

  public String bold(String text) {
    return paint("1", text);
  }

  private String paint(String code, String text) {
    return colour && !text.isEmpty() ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
  }

  /** {@code text} padded with spaces to {@code width} visible characters. */
  static String pad(String text, int width) {
    int visible =
        ESCAPE
            .matcher(text)
            .replaceAll("")
            .codePointCount(0, ESCAPE.matcher(text).replaceAll("").length());
    return visible >= width ? text : text + " ".repeat(width - visible);
  }
}
