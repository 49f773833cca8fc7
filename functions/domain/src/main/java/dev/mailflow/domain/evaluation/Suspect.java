package dev.mailflow.domain.evaluation;

import java.util.Locale;
import java.util.Objects;

/**
 * What a fault across several routes is blamed on.
 *
 * @param kind a configured server, a relay stamped between servers, or the monitor's inbound path
 * @param name the server's id, the relay's host name, or {@code inbound}
 */
public record Suspect(Kind kind, String name) {

  /** What kind of part is suspected. */
  public enum Kind {
    /** A configured server: the source or target of every failing route. */
    SERVER,
    /** A host stamped between a route's source and target (a smart host or edge relay). */
    RELAY,
    /** The monitor's own inbound path: SES receiving, the receive function, the mail bucket. */
    INBOUND
  }

  public Suspect {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  /** The monitor's inbound path. */
  public static Suspect inbound() {
    return new Suspect(Kind.INBOUND, "inbound");
  }

  /** "server MX01", "relay sh.contoso.se", "the monitor's inbound path". */
  public String describe() {
    switch (kind) {
      case SERVER:
        return "server " + name;
      case RELAY:
        return "relay " + name;
      case INBOUND:
      default:
        return "the monitor's inbound path (SES receiving, the receive function, the mail bucket)";
    }
  }

  /** "server-MX01", "relay-sh.contoso.se", "inbound": the start of a fault id. */
  String key() {
    return kind == Kind.INBOUND ? "inbound" : kind.name().toLowerCase(Locale.ROOT) + "-" + name;
  }
}
