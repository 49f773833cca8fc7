package dev.mailflow.domain.evaluation;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A notice that is not about an incident: a maintenance window put, starting, in force for long or
 * ended, with what happened during it, and the daily heartbeat that proves the alert path works. It
 * never opens, reminds of or resolves an incident; subscribers who do not want it filter it away by
 * its type.
 *
 * @param type MAINTENANCE or HEARTBEAT
 * @param event what happened: ANNOUNCED, STARTED, REMINDER or ENDED for a window; DAILY for the
 *     heartbeat
 * @param key identifies it among all notices, as {@link Notice#key()} does
 * @param at when it was made
 * @param headline one line saying what happened
 * @param text the explanation, in sentences
 * @param servers the servers it concerns; empty for all or none
 * @param facts what a program may want without reading the text, such as {@code windowId} or {@code
 *     excusedProbes}, in a fixed order
 */
public record Bulletin(
    Type type,
    String event,
    String key,
    Instant at,
    String headline,
    String text,
    List<String> servers,
    Map<String, String> facts) {

  /** What a bulletin is about. */
  public enum Type {
    /** A maintenance window: put or changed, started, still in force, ended. */
    MAINTENANCE,
    /** The daily proof that the monitor and its alert path work. */
    HEARTBEAT
  }

  public Bulletin {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(headline, "headline");
    text = text == null ? "" : text;
    servers = List.copyOf(servers);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
