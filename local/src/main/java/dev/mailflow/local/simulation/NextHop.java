package dev.mailflow.local.simulation;

import java.net.InetSocketAddress;

/** Where a mail server hands mail on: another server's relay port, or the inbound bridge. */
interface NextHop {

  /** Its name in the timeline: a server id, or the receiving service's name. */
  String name();

  /** Where it listens for SMTP. */
  InetSocketAddress address();
}
