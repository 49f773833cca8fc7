package dev.mailflow.domain.probe;

/**
 * What became of one inbound mail: the one vocabulary from where a fate is decided (the mail
 * parser, the token check, the replay check, the probe store) to where it is counted and reported
 * (the receive function's summary and metrics, the local run's scenarios).
 *
 * <p>Only {@link #RECORDED} and {@link #EARLIER_COPY} write an arrival. Every other outcome is
 * logged once, with the mail's identity and the reason.
 */
public enum ArrivalOutcome {
  /** A probe of ours arrived and its arrival was recorded. */
  RECORDED,
  /**
   * A probe whose arrival was already recorded, at the same time or earlier: the same event again,
   * or the probe resent. The recorded arrival stands.
   */
  DUPLICATE,
  /**
   * A copy of a probe that arrived earlier than the copy recorded before it (Lambda retried or
   * reordered the events): its arrival replaces the later one, as the earliest arrival always
   * stands. The probe was counted when the later copy was recorded, so it is not counted again.
   */
  EARLIER_COPY,
  /** A mail without a probe token: a bounce, an out-of-office reply, spam. */
  FOREIGN,
  /**
   * A mail the receiving service found to be spam or to carry a virus, or whose SPF, DKIM or DMARC
   * check failed where the deployment refuses that: dropped from the receipt's verdicts alone,
   * before its headers are read or its token checked.
   */
  FAILED_VERDICT,
  /**
   * A mail whose probe token was refused: a bad signature, an unknown key, a malformed, truncated
   * or overlong token, or an unknown token version ({@link TokenRejection} says which).
   */
  FORGED,
  /** A genuine probe token, but older than the replay window when it arrived. */
  REPLAYED,
  /** A genuine probe token sent further in the future than the allowed clock skew. */
  FROM_THE_FUTURE,
  /**
   * A genuine probe that did not come through its route's target server: the target names its relay
   * hosts or DKIM domain, and the host that handed the probe to the receiving service is none of
   * them and no signature of that domain passed. A captured probe mailed from elsewhere.
   */
  UNEXPECTED_ORIGIN,
  /** A mail without a header section, or with more or longer header lines than allowed. */
  MALFORMED_MAIL,
  /** A mail larger than the size limit: a stored one is refused without downloading it. */
  OVERSIZED,
  /** The stored mail an event names is not in the bucket. */
  MISSING_OBJECT,
  /** An event record that cannot be read: wrong source, or a field missing or of the wrong type. */
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
