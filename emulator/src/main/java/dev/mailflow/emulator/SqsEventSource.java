package dev.mailflow.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The event Lambda's SQS event source sends a function for a batch of a queue's messages, for tools
 * and tests that play the event source against a queue in the emulator: {@code Records} of {@code
 * aws:sqs}, each with the message's id, receipt handle and body and the queue's ARN.
 */
public final class SqsEventSource {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The account the emulator's ARNs name. */
  private static final String ACCOUNT = "123456789012";

  private SqsEventSource() {}

  /**
   * The event for {@code messages}, received from the queue at {@code queueUrl} in {@code region}.
   */
  public static String event(String queueUrl, String region, List<Message> messages) {
    String queueArn =
        "arn:aws:sqs:"
            + region
            + ":"
            + ACCOUNT
            + ":"
            + queueUrl.substring(queueUrl.lastIndexOf('/') + 1);
    ObjectNode event = JSON.createObjectNode();
    ArrayNode records = event.putArray("Records");
    for (Message message : messages) {
      records
          .addObject()
          .put("messageId", message.messageId())
          .put("receiptHandle", String.valueOf(message.receiptHandle()))
          .put("body", message.body())
          .put("eventSource", "aws:sqs")
          .put("eventSourceARN", queueArn)
          .put("awsRegion", region);
    }
    return event.toString();
  }
}
