package dev.mailflow.receive;

import java.util.List;

/**
 * The event that invoked the receive function, one {@link EventRecord} per element of its {@code
 * Records} array, in order. Read one with {@link InboundEventParser}.
 *
 * @param records the records, malformed ones included
 */
record InboundEvent(List<EventRecord> records) {
  public InboundEvent {
    records = List.copyOf(records);
  }
}
