package dev.mailflow.adapters.aws;

import dev.mailflow.domain.evaluation.ShardOrder;
import dev.mailflow.domain.evaluation.ShardQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Hands a round's shards to the shard queue, ten messages a call; the evaluate function's SQS event
 * source then runs each shard, as many at once as its maximum concurrency allows.
 */
public final class SqsShardQueue implements ShardQueue {

  /** The most messages SQS takes in one batch. */
  static final int BATCH = 10;

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;

  /**
   * @param sqs the container's client, {@code clients::sqs}: asked for only when a round is handed
   *     out, so that a container that never shards never builds it at start-up
   * @param queueUrl the shard queue, as the template names it
   */
  public SqsShardQueue(Supplier<SqsClient> sqs, String queueUrl) {
    this.sqs = Objects.requireNonNull(sqs, "sqs");
    if (queueUrl == null || queueUrl.isBlank()) {
      throw new IllegalArgumentException("the shard queue URL is missing");
    }
    this.queueUrl = queueUrl;
  }

  @Override
  public void hand(List<ShardOrder> orders) {
    for (int from = 0; from < orders.size(); from += BATCH) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>(BATCH);
      for (ShardOrder order : orders.subList(from, Math.min(orders.size(), from + BATCH))) {
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id("shard-" + order.shard())
                .messageBody(ShardJson.order(order))
                .build());
      }
      SendMessageBatchResponse response;
      try {
        response =
            sqs.get().sendMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
      } catch (SdkException e) {
        throw new IllegalStateException(
            "could not hand shards to queue " + queueUrl + ": " + e.getMessage(), e);
      }
      if (response.hasFailed() && !response.failed().isEmpty()) {
        BatchResultErrorEntry first = response.failed().get(0);
        throw new IllegalStateException(
            response.failed().size()
                + " shards not handed to queue "
                + queueUrl
                + ", first "
                + first.id()
                + ": "
                + first.code()
                + " "
                + first.message());
      }
    }
  }
}
