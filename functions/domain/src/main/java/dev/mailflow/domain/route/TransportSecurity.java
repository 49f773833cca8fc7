package dev.mailflow.domain.route;

/** How the connection to a server's submission port is protected. */
public enum TransportSecurity {
  /** Plain connection upgraded with STARTTLS, which must succeed (port 587 usually). */
  STARTTLS,
  /** TLS from the first byte (port 465 usually). */
  SMTPS,
  /** No TLS at all: only for servers on a private network or local tests. */
  NONE
}
