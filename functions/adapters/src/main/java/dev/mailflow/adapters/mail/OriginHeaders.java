package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.Origin;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@link Origin} of an inbound mail from the two header fields the receiving service
 * wrote on top of it: its Received header, which names the connecting host ({@code from HELO (name
 * [address])}), and its Authentication-Results header, which names the domain of each DKIM
 * signature it checked ({@code dkim=pass header.i=@contoso.se}, or {@code header.d=}).
 *
 * <p>Only the newest of each is read: a host on the way can write any header below them, none
 * above. The HELO name is the connecting host's own claim and is never read; the address is the
 * connection's, and the name in the comment is the reverse-DNS name the service looked up. Never
 * throws; what it cannot find stays empty.
 */
final class OriginHeaders {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern DKIM_DOMAIN =
      Pattern.compile(
          "(?i)\\bheader\\.d\\s*=\\s*\"?([A-Za-z0-9_.-]+)|\\bheader\\.i\\s*=\\s*\"?[^@\\s;\"]*@([A-Za-z0-9_.-]+)");
  private static final Pattern DKIM_PASS =
      Pattern.compile("(?i)\\s*dkim(/[0-9]+)?\\s*=\\s*pass\\b");

  private OriginHeaders() {}

  /**
   * The origin the two headers describe.
   *
   * @param newestReceived the newest Received header's unfolded value, or {@code null}
   * @param newestAuthenticationResults the newest Authentication-Results value, or {@code null}
   */
  static Origin read(String newestReceived, String newestAuthenticationResults) {
    String[] relay = newestReceived == null ? new String[] {"", ""} : relay(newestReceived);
    Set<String> domains =
        newestAuthenticationResults == null
            ? Set.of()
            : dkimPassDomains(newestAuthenticationResults);
    return new Origin(relay[0], relay[1], domains);
  }

  /** The address and reverse-DNS name in the comment after {@code from HELO}. */
  private static String[] relay(String value) {
    int pos = skipSpaces(value, 0);
    if (!value.regionMatches(true, pos, "from", 0, 4)) {
      return new String[] {"", ""};
    }
    pos = skipSpaces(value, pos + 4);
    while (pos < value.length() && !isSpace(value.charAt(pos)) && value.charAt(pos) != '(') {
      pos++;
    }
    pos = skipSpaces(value, pos);
    if (pos >= value.length() || value.charAt(pos) != '(') {
      return new String[] {"", ""};
    }
    int end = ReceivedHeader.skipComment(value, pos, value.length());
    String comment = value.substring(pos + 1, Math.max(pos + 1, end - 1)).trim();
    String address = "";
    String name = "";
    int open = comment.indexOf('[');
    int close = open < 0 ? -1 : comment.indexOf(']', open);
    if (close > open) {
      address = comment.substring(open + 1, close).trim();
      if (address.regionMatches(true, 0, "IPv6:", 0, 5)) {
        address = address.substring(5);
      }
      String before = comment.substring(0, open).trim();
      int space = before.lastIndexOf(' ');
      name = space < 0 ? before : before.substring(space + 1);
    } else if (ADDRESS.matcher(comment).matches()) {
      address = comment;
    }
    if (!ADDRESS.matcher(address).matches()) {
      address = "";
    }
    if (!NAME.matcher(name).matches()
        || name.equalsIgnoreCase("unknown")
        || ADDRESS.matcher(name).matches()) {
      name = "";
    }
    return new String[] {address, name.toLowerCase(Locale.ROOT)};
  }

  /** The domains of the {@code dkim=pass} results; the authserv-id before the first ';' skipped. */
  private static Set<String> dkimPassDomains(String value) {
    Set<String> domains = new LinkedHashSet<>();
    String[] results = withoutComments(value).split(";");
    for (int i = 1; i < results.length; i++) {
      if (!DKIM_PASS.matcher(results[i]).lookingAt()) {
        continue;
      }
      Matcher domain = DKIM_DOMAIN.matcher(results[i]);
      if (domain.find()) {
        domains.add(domain.group(1) != null ? domain.group(1) : domain.group(2));
      }
    }
    return domains;
  }

  /** The text with its comments (nested, escaped) taken out. */
  private static String withoutComments(String value) {
    StringBuilder out = new StringBuilder(value.length());
    int pos = 0;
    while (pos < value.length()) {
      char c = value.charAt(pos);
      if (c == '(') {
        pos = ReceivedHeader.skipComment(value, pos, value.length());
        out.append(' ');
      } else {
        out.append(c);
        pos++;
      }
    }
    return out.toString();
  }

  private static int skipSpaces(String s, int pos) {
    while (pos < s.length() && isSpace(s.charAt(pos))) {
      pos++;
    }
    return pos;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
