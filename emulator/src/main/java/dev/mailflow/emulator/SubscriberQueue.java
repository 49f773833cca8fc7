package dev.mailflow.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * An SQS queue subscribed to an SNS topic, as a subscriber to the alert topic sets one up: the
 * local run and the tests read what a subscriber received from it.
 *
 * <p>{@code SubscriberQueue.create(sqs, ResourceNames.unique("subscriber")).subscribeTo(sns,
 * topicArn)} gives a queue that receives every notice published to the topic, raw (the message body
 * is the published message). The queue gets the policy the template gives a subscribed queue, which
 * lets only that topic send to it; emulators do not enforce it.
 */
public final class SubscriberQueue {

  private static final Duration POLL_WAIT = Duration.ofSeconds(1);
  private static final int BATCH = 10;

  private final SqsClient sqs;
  private final String url;
  private final String arn;

  private SubscriberQueue(SqsClient sqs, String url, String arn) {
    this.sqs = sqs;
    this.url = url;
    this.arn = arn;
  }

  /** Creates a standard queue named {@code name}. */
  public static SubscriberQueue create(SqsClient sqs, String name) {
    Objects.requireNonNull(sqs, "sqs");
    String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
    String arn =
        sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    return new SubscriberQueue(sqs, url, arn);
  }

  /** Subscribes the queue to {@code topicArn} with raw message delivery and no filter policy. */
  public SubscriberQueue subscribeTo(SnsClient sns, String topicArn) {
    return subscribeTo(sns, topicArn, true, null);
  }

  /**
   * Subscribes the queue to {@code topicArn}.
   *
   * @param raw whether the body is the published message (true) or SNS's JSON envelope around it
   * @param filterPolicy the subscription's filter policy, or {@code null} for every message
   */
  public SubscriberQueue subscribeTo(
      SnsClient sns, String topicArn, boolean raw, String filterPolicy) {
    sqs.setQueueAttributes(
        r -> r.queueUrl(url).attributes(Map.of(QueueAttributeName.POLICY, topicMaySend(topicArn))));
    Map<String, String> attributes = new HashMap<>();
    attributes.put("RawMessageDelivery", Boolean.toString(raw));
    if (filterPolicy != null) {
      attributes.put("FilterPolicy", filterPolicy);
    }
    sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(arn).attributes(attributes));
    return this;
  }

  /** The queue's URL. */
  public String url() {
    return url;
  }

  /** The queue's ARN. */
  public String arn() {
    return arn;
  }

  /**
   * Everything the queue receives for {@code window}, each message deleted once received: for a
   * test that must also see that nothing more arrives.
   */
  public List<Message> receiveFor(Duration window) {
    List<Message> received = new ArrayList<>();
    Instant deadline = Instant.now().plus(window);
    while (Instant.now().isBefore(deadline)) {
      received.addAll(receiveBatch());
    }
    return received;
  }

  /**
   * What the queue receives until it has been quiet for a poll after the first message, or until
   * {@code timeout}: a message let through by mistake would arrive with the expected one. Each
   * message is deleted once received.
   */
  public List<Message> receiveUntilQuiet(Duration timeout) {
    List<Message> received = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      List<Message> batch = receiveBatch();
      if (batch.isEmpty() && !received.isEmpty()) {
        break;
      }
      received.addAll(batch);
    }
    return received;
  }

  /**
   * Every message the queue holds now, without waiting for more: for a caller that knows delivery
   * is done, as on the emulator, where SNS delivers to the queue before the publish returns. Each
   * message is deleted once received.
   */
  public List<Message> receiveAvailable() {
    List<Message> received = new ArrayList<>();
    List<Message> batch;
    while (!(batch = poll(Duration.ZERO)).isEmpty()) {
      received.addAll(batch);
    }
    return received;
  }

  private List<Message> receiveBatch() {
    return poll(POLL_WAIT);
  }

  private List<Message> poll(Duration wait) {
    List<Message> batch =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(url)
                        .maxNumberOfMessages(BATCH)
                        .waitTimeSeconds((int) wait.toSeconds())
                        .messageAttributeNames("All"))
            .messages();
    for (Message message : batch) {
      sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
    }
    return batch;
  }

  /** The queue policy the template gives each subscribed queue. */
  private String topicMaySend(String topicArn) {
    return """
        {"Version": "2012-10-17", "Statement": [{
          "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
          "Action": "sqs:SendMessage", "Resource": "%s",
          "Condition": {"ArnEquals": {"aws:SourceArn": "%s"}}}]}
        """
        .formatted(arn, topicArn);
  }
}
