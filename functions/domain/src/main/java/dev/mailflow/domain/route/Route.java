package dev.mailflow.domain.route;

import java.util.Objects;

/**
 * A directed path that mail takes: submitted via the source server, delivered to a mailbox whose
 * mail reaches the receiving domain via the target server (MX02 to MX01).
 *
 * @param id stable name, used in probe tokens, keys and alerts
 * @param source id of the server the probe is submitted to
 * @param target id of the server the probe must pass through to arrive
 * @param sender the probe's From address
 * @param recipient the mailbox the probe is addressed to
 * @param policy how the route is probed and judged
 * @param enabled false to stop probing and judging the route without deleting it
 */
public record Route(
    String id,
    String source,
    String target,
    String sender,
    String recipient,
    RoutePolicy policy,
    boolean enabled) {
  public Route {
    Identifier.require("route id", id);
    Identifier.require("source server of route " + id, source);
    Identifier.require("target server of route " + id, target);
    requireAddress(id, "sender", sender);
    requireAddress(id, "recipient", recipient);
    Objects.requireNonNull(policy, "policy");
  }

  /** The conventional id of the route from {@code source} to {@code target}: "MX02-to-MX01". */
  public static String idFor(String source, String target) {
    return source + "-to-" + target;
  }

  /** True when {@code serverId} is either end of this route. */
  public boolean touches(String serverId) {
    return source.equals(serverId) || target.equals(serverId);
  }

  private static void requireAddress(String routeId, String what, String address) {
    if (!isPlainAddress(address)) {
      throw new IllegalArgumentException(
          "route " + routeId + ": " + what + " '" + address + "' is not a plain mail address");
    }
  }

  /**
   * A local part of RFC 5322 "atext" characters and dots, an '@', and a domain of letters, digits,
   * hyphens and dots: what every mail library and server accepts without quoting.
   */
  private static boolean isPlainAddress(String address) {
    int at = address == null ? -1 : address.indexOf('@');
    if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1) {
      return false;
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return false;
    }
    for (int i = 0; i < local.length(); i++) {
      char c = local.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && "!#$%&'*+-/=?^_`{|}~.".indexOf(c) < 0) {
        return false;
      }
    }
    if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
      return false;
    }
    for (int i = 0; i < domain.length(); i++) {
      char c = domain.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }
}
