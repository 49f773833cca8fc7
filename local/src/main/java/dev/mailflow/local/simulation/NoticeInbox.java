package dev.mailflow.local.simulation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SQS queue subscribed to the alert topic, read as a subscriber reads it: every message
 * received, read as a notice and deleted.
 */
final class NoticeInbox {
  private final SqsClient sqs;
  private final String queueUrl;

  NoticeInbox(SqsClient sqs, String queueUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
  }

  /**
   * The notices that arrived since the last call. SNS delivers to the queue before the publish
   * returns on the emulator, so after a run of the evaluate function its notices are all there.
   *
   * @param now when they are read, in simulated time
   */
  List<ReceivedNotice> take(Instant now) {
    List<ReceivedNotice> notices = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
              .messages();
      if (batch.isEmpty()) {
        return notices;
      }
      for (Message message : batch) {
        notices.add(ReceivedNotice.read(message.body(), now));
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
  }
}
