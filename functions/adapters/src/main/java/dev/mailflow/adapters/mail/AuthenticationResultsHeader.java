package dev.mailflow.adapters.mail;

import dev.mailflow.domain.probe.AuthenticationVerdicts;

/**
 * Reads the SPF, DKIM and DMARC verdicts of an Authentication-Results header (RFC 8601).
 *
 * <p>The header is {@code authserv-id; method=result property=value ...; method=result ...}, with
 * comments anywhere. Only the first result of each of the three methods counts: a mail signed twice
 * carries two dkim results, and the first is the receiver's summary in every header we have seen.
 */
final class AuthenticationResultsHeader {

  private AuthenticationResultsHeader() {}

  static AuthenticationVerdicts parse(String value) {
    String spf = "";
    String dkim = "";
    String dmarc = "";
    int end = value.length();
    // The authserv-id, before the first ';', names the receiver; the results follow it.
    int pos = nextResult(value, 0, end);
    while (pos < end) {
      pos = skipSpaceAndComments(value, pos, end);
      int methodStart = pos;
      while (pos < end && isWordChar(value.charAt(pos))) {
        pos++;
      }
      int methodEnd = pos;
      if (pos < end && value.charAt(pos) == '/') {
        // A method version, "dkim/1".
        pos++;
        while (pos < end && isWordChar(value.charAt(pos))) {
          pos++;
        }
      }
      pos = skipSpaceAndComments(value, pos, end);
      if (pos < end && value.charAt(pos) == '=') {
        pos = skipSpaceAndComments(value, pos + 1, end);
        int resultStart = pos;
        while (pos < end && isWordChar(value.charAt(pos))) {
          pos++;
        }
        String result = value.substring(resultStart, pos);
        int length = methodEnd - methodStart;
        if (length == 3 && spf.isEmpty() && value.regionMatches(true, methodStart, "spf", 0, 3)) {
          spf = result;
        } else if (length == 4
            && dkim.isEmpty()
            && value.regionMatches(true, methodStart, "dkim", 0, 4)) {
          dkim = result;
        } else if (length == 5
            && dmarc.isEmpty()
            && value.regionMatches(true, methodStart, "dmarc", 0, 5)) {
          dmarc = result;
        }
      }
      pos = nextResult(value, pos, end);
    }
    return new AuthenticationVerdicts(spf, dkim, dmarc);
  }

  /** The index after the next ';' outside comments and quoted strings, or {@code end}. */
  private static int nextResult(String s, int pos, int end) {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == ';') {
        return pos + 1;
      }
      if (c == '(') {
        pos = ReceivedHeader.skipComment(s, pos, end);
      } else if (c == '"') {
        pos++;
        while (pos < end && s.charAt(pos) != '"') {
          pos += s.charAt(pos) == '\\' ? 2 : 1;
        }
        pos++;
      } else {
        pos++;
      }
    }
    return end;
  }

  private static int skipSpaceAndComments(String s, int pos, int end) {
    while (pos < end) {
      char c = s.charAt(pos);
      if (c == '(') {
        pos = ReceivedHeader.skipComment(s, pos, end);
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else {
        return pos;
      }
    }
    return end;
  }

  private static boolean isWordChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.';
  }
}
