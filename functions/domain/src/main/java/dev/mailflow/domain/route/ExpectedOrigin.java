package dev.mailflow.domain.route;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a server's forwarded probes look like when they reach the receiving service: the hosts that
 * hand them over, and the domain that signs them. Optional: a server that names neither expects
 * nothing, and its probes are accepted from anywhere, as before.
 *
 * <p>A relay host is an address ({@code 198.51.100.10}, {@code 2001:db8::25}), a range of them
 * ({@code 198.51.100.0/28}), or a host name ({@code mx01.contoso.se}), which matches the name the
 * receiving service found in reverse DNS for the connecting address. An address is the stronger of
 * the two: whoever controls an address also controls its reverse-DNS name.
 *
 * @param relayHosts the addresses, ranges and names of the hosts that hand this server's mail to
 *     the receiving service; empty for none
 * @param dkimDomain the domain (DKIM {@code d=}) whose valid signature this server's mail carries;
 *     empty for none
 */
public record ExpectedOrigin(List<String> relayHosts, String dkimDomain) {

  /** Expects nothing. */
  public static final ExpectedOrigin NONE = new ExpectedOrigin(List.of(), "");

  private static final Pattern NAME =
      Pattern.compile(
          "[a-z0-9_]([a-z0-9_-]{0,62})(\\.[a-z0-9_]([a-z0-9_-]{0,62}))*\\.?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

  public ExpectedOrigin {
    Objects.requireNonNull(relayHosts, "relayHosts");
    List<String> hosts = new ArrayList<>(relayHosts.size());
    for (String host : relayHosts) {
      hosts.add(normalise(host));
    }
    relayHosts = List.copyOf(hosts);
    dkimDomain = dkimDomain == null ? "" : dkimDomain.trim().toLowerCase(Locale.ROOT);
    if (dkimDomain.endsWith(".")) {
      dkimDomain = dkimDomain.substring(0, dkimDomain.length() - 1);
    }
    if (!dkimDomain.isEmpty() && !NAME.matcher(dkimDomain).matches()) {
      throw new IllegalArgumentException("dkimDomain '" + dkimDomain + "' is not a domain name");
    }
  }

  /** True when the server expects something: its probes are checked. */
  public boolean isSet() {
    return !relayHosts.isEmpty() || !dkimDomain.isEmpty();
  }

  /**
   * True when {@code address} (as the receiving service wrote it) or {@code name} is one of the
   * relay hosts; an empty address or name matches nothing.
   */
  public boolean isRelay(String address, String name) {
    byte[] connecting = address == null ? null : literal(address.trim());
    String resolved =
        name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    for (String host : relayHosts) {
      int slash = host.indexOf('/');
      byte[] expected = literal(slash < 0 ? host : host.substring(0, slash));
      if (expected == null) {
        if (!resolved.isEmpty() && host.equals(resolved)) {
          return true;
        }
      } else if (connecting != null && connecting.length == expected.length) {
        int bits = slash < 0 ? expected.length * 8 : Integer.parseInt(host.substring(slash + 1));
        if (samePrefix(connecting, expected, bits)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String normalise(String host) {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a relay host must not be empty");
    }
    String trimmed = host.trim().toLowerCase(Locale.ROOT);
    int slash = trimmed.indexOf('/');
    String base = slash < 0 ? trimmed : trimmed.substring(0, slash);
    byte[] address = literal(base);
    if (address != null) {
      if (slash >= 0) {
        int bits;
        try {
          bits = Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > address.length * 8) {
          throw new IllegalArgumentException(
              "relay host '"
                  + host.trim()
                  + "' has a prefix length outside 0.."
                  + address.length * 8);
        }
      }
      return trimmed;
    }
    if (slash >= 0 || !NAME.matcher(base).matches() || IPV4.matcher(base).matches()) {
      throw new IllegalArgumentException(
          "relay host '"
              + host.trim()
              + "' is neither an address, a range such as 198.51.100.0/28, nor a host name");
    }
    return base.endsWith(".") ? base.substring(0, base.length() - 1) : base;
  }

  /** The bytes of an IPv4 or IPv6 address literal, or {@code null}: never a name lookup. */
  private static byte[] literal(String text) {
    String candidate = text.regionMatches(true, 0, "ipv6:", 0, 5) ? text.substring(5) : text;
    if (IPV4.matcher(candidate).matches()) {
      String[] parts = candidate.split("\\.");
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255) {
          return null;
        }
        bytes[i] = (byte) part;
      }
      return bytes;
    }
    if (!IPV6.matcher(candidate).matches()) {
      return null;
    }
    try {
      // Text with a ':' is parsed as an IPv6 literal, never looked up in DNS.
      return InetAddress.getByName(candidate).getAddress();
    } catch (UnknownHostException | SecurityException e) {
      return null;
    }
  }

  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    BigInteger mask =
        bits == 0
            ? BigInteger.ZERO
            : BigInteger.ONE
                .shiftLeft(bits)
                .subtract(BigInteger.ONE)
                .shiftLeft(a.length * 8 - bits);
    return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
  }
}
