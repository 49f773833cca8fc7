package dev.mailflow.receive;

/**
 * One element of the {@code Records} array of an event that invokes the receive function: the
 * receipt of a mail by SES, the creation of a stored mail in S3, or a record that could not be
 * read.
 *
 * <p>{@link InboundEventParser} makes one per element, so a record it cannot read becomes a {@link
 * MalformedRecord} that costs only itself, never the rest of the event.
 */
sealed interface EventRecord permits SesReceiptRecord, S3ObjectCreatedRecord, MalformedRecord {

  /** The record's place in the event's {@code Records} array, from 0. */
  int index();
}
