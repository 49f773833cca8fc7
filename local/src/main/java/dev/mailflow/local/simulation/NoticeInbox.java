package dev.mailflow.local.simulation;

import dev.mailflow.emulator.SubscriberQueue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS queue subscribed to the alert topic, read as a subscriber reads it: every message
 * received, read as a notice and deleted.
 */
final class NoticeInbox {
  private final SubscriberQueue queue;

  NoticeInbox(SubscriberQueue queue) {
    this.queue = Objects.requireNonNull(queue, "queue");
  }

  /**
   * The notices that arrived since the last call. SNS delivers to the queue before the publish
   * returns on the emulator, so after a run of the evaluate function its notices are all there.
   *
   * @param now when they are read, in simulated time
   */
  List<ReceivedNotice> take(Instant now) {
    List<ReceivedNotice> notices = new ArrayList<>();
    for (Message message : queue.receiveAvailable()) {
      notices.add(ReceivedNotice.read(message.body(), now));
    }
    return notices;
  }
}
