package dev.mailflow.domain.probe;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where an inbound mail came from, as the receiving service saw it: the host that handed it over,
 * and the domains whose DKIM signatures on it passed.
 *
 * <p>The receiving service writes both itself (SES's own Received header names the connecting
 * host's address and reverse-DNS name; its Authentication-Results header the signing domains), so
 * no host on the way can forge them, unlike everything below. A probe's valid token proves that
 * Mailflow made it, not that it came through its route: {@code Origin} is the evidence that it did,
 * for the routes whose target server says what to expect.
 *
 * @param relayAddress the address of the host that handed the mail over, as written (an IPv4
 *     address, or an IPv6 address without its {@code IPv6:} tag); empty when unknown
 * @param relayName that host's name as the receiving service resolved it, lower case; empty when
 *     unknown or not resolved
 * @param dkimDomains the domains, lower case, whose DKIM signatures the receiving service found
 *     valid; empty when none passed or nothing is known
 */
public record Origin(String relayAddress, String relayName, Set<String> dkimDomains) {

  private static final Origin UNKNOWN = new Origin("", "", Set.of());

  public Origin {
    relayAddress = relayAddress == null ? "" : relayAddress.trim();
    relayName =
        relayName == null ? "" : withoutTrailingDot(relayName.trim().toLowerCase(Locale.ROOT));
    TreeSet<String> domains = new TreeSet<>();
    if (dkimDomains != null) {
      for (String domain : dkimDomains) {
        if (domain != null && !domain.isBlank()) {
          domains.add(withoutTrailingDot(domain.trim().toLowerCase(Locale.ROOT)));
        }
      }
    }
    dkimDomains = Set.copyOf(domains);
  }

  /** Nothing known about where the mail came from. */
  public static Origin unknown() {
    return UNKNOWN;
  }

  /** This origin without its DKIM domains: for a mail whose DKIM verdict is not a pass. */
  public Origin withoutDkim() {
    return new Origin(relayAddress, relayName, Set.of());
  }

  /** {@code mx01.contoso.se [198.51.100.10], dkim contoso.se}, for logs. */
  public String describe() {
    String relay =
        relayAddress.isEmpty() && relayName.isEmpty()
            ? "an unknown host"
            : (relayName.isEmpty() ? "" : relayName + " ")
                + "["
                + (relayAddress.isEmpty() ? "?" : relayAddress)
                + "]";
    return relay + ", DKIM " + (dkimDomains.isEmpty() ? "none" : String.join(" ", dkimDomains));
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
