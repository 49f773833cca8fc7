package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.probe.StoreException;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a notice that no route state carries at most once, by a fingerprint claimed in the
 * {@link NoticeLedger} before it goes out and confirmed after: configuration notices, maintenance
 * notices, the heartbeat. One that cannot be published now is tried again by a later call.
 */
final class OnceOnly {
  private static final Logger LOG = LoggerFactory.getLogger(OnceOnly.class);

  /** The publishing itself. */
  interface Publishing {
    void publish() throws AlertPublishException;
  }

  private final NoticeLedger ledger;

  OnceOnly(NoticeLedger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  /**
   * Publishes unless a notice with {@code fingerprint} was published before.
   *
   * @param what the notice, for the logs
   * @return true when this call published it
   */
  boolean publish(String fingerprint, String what, Instant now, Publishing publishing) {
    try {
      if (!ledger.claim(fingerprint, now)) {
        return false;
      }
    } catch (StoreException e) {
      // The routes matter more than this notice: tell it at a later run.
      LOG.error("{}: cannot tell whether it was published: {}", what, e.getMessage(), e);
      return false;
    }
    try {
      publishTrying(what, publishing);
    } catch (AlertPublishException e) {
      LOG.error("{} not published, tried again at the next run", what, e);
      releaseQuietly(fingerprint);
      return false;
    }
    confirmQuietly(fingerprint, now);
    return true;
  }

  /**
   * Publishes, trying again at once when the publish fails, {@link NoticeOutbox#PUBLISH_ATTEMPTS}
   * times in all. The client itself retries only throttles; these tries are the run's own, each
   * logged, so that a copy they may send is accounted for.
   *
   * @throws AlertPublishException the last failure, when no try went through
   */
  static void publishTrying(String what, Publishing publishing) throws AlertPublishException {
    for (int attempt = 1; ; attempt++) {
      try {
        publishing.publish();
        return;
      } catch (AlertPublishException e) {
        if (attempt == NoticeOutbox.PUBLISH_ATTEMPTS) {
          throw e;
        }
        LOG.warn(
            "{}: publish attempt {} of {} failed, trying again: {}",
            what,
            attempt,
            NoticeOutbox.PUBLISH_ATTEMPTS,
            e.getMessage());
      }
    }
  }

  /** Should the confirmation fail, the claim lapses and the notice may go out once more. */
  void confirmQuietly(String claim, Instant now) {
    try {
      ledger.confirm(claim, now);
    } catch (StoreException e) {
      LOG.error(
          "{} published but not noted in the ledger: it may be sent again: {}",
          claim,
          e.getMessage(),
          e);
    }
  }

  void releaseQuietly(String claim) {
    try {
      ledger.release(claim);
    } catch (StoreException e) {
      LOG.warn("claim {} not released; it lapses by itself: {}", claim, e.getMessage());
    }
  }
}
