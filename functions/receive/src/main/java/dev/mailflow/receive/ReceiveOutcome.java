package dev.mailflow.receive;

/**
 * What became of one record of an event, counted in the invocation's {@link ReceiveSummary}.
 *
 * <p>Only {@link #RECORDED} writes an arrival. Every other outcome is logged once, with the
 * record's identity and the reason.
 */
public enum ReceiveOutcome {
  /** A probe of ours arrived and its arrival was recorded. */
  RECORDED,
  /** A probe whose arrival was already recorded: the same event again, or the probe resent. */
  DUPLICATE,
  /** A mail without a probe token: a bounce, an out-of-office reply, spam. */
  FOREIGN,
  /**
   * A mail whose probe token was refused: a bad signature, an unknown key, a malformed, truncated
   * or overlong token, or an unknown token version.
   */
  FORGED,
  /** A genuine probe token, but older than the replay window when it arrived. */
  REPLAYED,
  /** A genuine probe token sent further in the future than the allowed clock skew. */
  FROM_THE_FUTURE,
  /** A mail without a header section, or with more or longer header lines than allowed. */
  MALFORMED_MAIL,
  /** A stored mail larger than the size limit: refused without downloading it. */
  OVERSIZED,
  /** The stored mail the record names is not in the bucket. */
  MISSING_OBJECT,
  /** A record the function cannot read: wrong source, or a field missing or of the wrong type. */
  MALFORMED_RECORD,
  /**
   * An S3 event for a bucket other than the inbound mail bucket: a misrouted notification, never
   * read (the function's role may not read other buckets anyway).
   */
  OTHER_BUCKET,
  /**
   * An AWS error that will not pass by trying again (access denied, a missing table), or a fault in
   * the function: logged with its cause, not retried.
   */
  FAILED,
  /**
   * An AWS error that may pass (throttling, a 5xx answer, a timeout): the invocation fails after
   * the other records, so Lambda retries the event.
   */
  TRANSIENT_FAILURE
}
