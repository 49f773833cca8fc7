package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.adapters.alert.Notices;
import dev.mailflow.domain.evaluation.AlertPublishException;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.SubscriberQueue;
import dev.mailflow.testsupport.FaultInjector;
import dev.mailflow.testsupport.FaultInjector.Fault;
import dev.mailflow.testsupport.MotoServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The SNS client retries a publish only when SNS refused it before taking it (throttling): that
 * retry cannot make a copy, and the notice goes out in its run, not one run late. A 500 leaves
 * unknown whether SNS took the message, so the client does not retry it: the outbox does, a few
 * times in the same run, each try logged (see {@code NoticeOutboxTest}).
 */
@ExtendWith(MotoServerExtension.class)
class SnsPublishRetryIT {

  @Test
  void publish_throttledOnce_goesOutInThisRunOnce(MotoServer moto) throws Exception {
    FaultInjector faults = firstPublishFails(Fault.THROTTLE);
    try (AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(faults))) {
      Topic topic = Topic.create(clients);

      topic.publisher().publish(Notices.rich());

      assertThat(faults.injected()).containsEntry(Fault.THROTTLE, 1);
      assertThat(topic.received()).hasSize(1);
    }
  }

  @Test
  void publish_answeredWithA500_isNotRetried(MotoServer moto) {
    FaultInjector faults = firstPublishFails(Fault.SERVER_ERROR_AFTER);
    try (AwsClients clients = AwsClients.forEnvironment(moto.environment(), List.of(faults))) {
      Topic topic = Topic.create(clients);

      assertThatThrownBy(() -> topic.publisher().publish(Notices.rich()))
          .isInstanceOf(AlertPublishException.class);
      // SNS took it before the answer was lost: one copy, and no second from a retry.
      assertThat(topic.received()).hasSize(1);
    }
  }

  /** An alert topic with a queue subscribed, and a publisher to it. */
  private record Topic(SnsAlertPublisher publisher, SubscriberQueue queue) {
    static Topic create(AwsClients clients) {
      String arn =
          clients.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn();
      return new Topic(
          new SnsAlertPublisher(clients.sns(), arn),
          SubscriberQueue.create(clients.sqs(), ResourceNames.unique("subscriber"))
              .subscribeTo(clients.sns(), arn));
    }

    List<Message> received() {
      return queue.receiveUntilQuiet(Duration.ofSeconds(10));
    }
  }

  private static FaultInjector firstPublishFails(Fault fault) {
    return FaultInjector.builder()
        .probability(1)
        .kinds(Set.of(fault))
        .operations(Set.of("Publish"))
        .limit(1)
        .build();
  }
}
