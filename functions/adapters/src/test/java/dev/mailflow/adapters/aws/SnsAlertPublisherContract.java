package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.adapters.alert.Notices;
import dev.mailflow.domain.evaluation.AlertPublishException;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.SubscriberQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What a subscriber of the alert topic sees of a published notice, proved against an emulator: an
 * SQS queue subscribed to the topic, with and without raw message delivery, with and without a
 * filter policy.
 *
 * <p>The emulator comes from the subclass's extension: {@link SnsAlertPublisherIT} runs this
 * against moto, {@link SnsAlertPublisherLocalStackIT} against LocalStack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SnsAlertPublisherContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AwsClients clients;
  private String topicArn;
  private SnsAlertPublisher publisher;

  @BeforeAll
  void connect(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment());
    topicArn = clients.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn();
    publisher = new SnsAlertPublisher(clients.sns(), topicArn);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void publish_toSqsWithRawDelivery_deliversTheJsonThatReadsBackToTheNotice() throws Exception {
    SubscriberQueue queue = subscribedQueue(topicArn, true, null);
    Notice notice = Notices.rich();

    publisher.publish(notice);

    // The sqs key of the message structure was chosen, not default: the emulator honours it.
    Message delivered = receiveAll(queue).get(0);
    assertThat(NoticeJson.read(delivered.body())).isEqualTo(notice);
    assertThat(delivered.messageAttributes())
        .extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().stringValue())
        .contains(
            "event_type=OPENED",
            "severity=CRITICAL",
            "route=MX02-to-MX01",
            "source=MX02",
            "target=MX01",
            "incident_id=MX02-to-MX01-20060728T110500Z",
            "notice_key=" + notice.key());
  }

  @Test
  void publish_toSqsWithoutRawDelivery_wrapsTheJsonInTheSnsEnvelope() throws Exception {
    SubscriberQueue queue = subscribedQueue(topicArn, false, null);
    Notice notice = Notices.rich();

    publisher.publish(notice);

    JsonNode envelope = JSON.readTree(receiveAll(queue).get(0).body());
    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
    assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
    assertThat(envelope.get("Subject").asText()).isEqualTo(new NoticeText().subject(notice));
    assertThat(NoticeJson.read(envelope.get("Message").asText())).isEqualTo(notice);
    assertThat(envelope.get("MessageAttributes").get("severity").get("Value").asText())
        .isEqualTo("CRITICAL");
    assertThat(envelope.get("MessageAttributes").get("route").get("Value").asText())
        .isEqualTo("MX02-to-MX01");
  }

  @Test
  void publish_withSeverityFilter_deliversOnlyCriticalNotices() throws Exception {
    SubscriberQueue pager = subscribedQueue(topicArn, true, "{\"severity\": [\"CRITICAL\"]}");

    publisher.publish(Notices.rich(Severity.WARNING, "MX02-to-MX01"));
    publisher.publish(Notices.rich(Severity.CRITICAL, "MX02-to-MX01"));

    assertThat(receiveAll(pager))
        .singleElement()
        .satisfies(
            message ->
                assertThat(NoticeJson.read(message.body()).severity())
                    .isEqualTo(Severity.CRITICAL));
  }

  @Test
  void publish_withRouteFilter_deliversOnlyThatRoutesNotices() throws Exception {
    SubscriberQueue team = subscribedQueue(topicArn, true, "{\"route\": [\"MX01-to-MX02\"]}");

    publisher.publish(Notices.rich(Severity.CRITICAL, "MX02-to-MX01"));
    publisher.publish(Notices.rich(Severity.CRITICAL, "MX01-to-MX02"));
    publisher.publish(Notices.configuration());

    assertThat(receiveAll(team))
        .singleElement()
        .satisfies(
            message ->
                assertThat(NoticeJson.read(message.body()).routeId()).isEqualTo("MX01-to-MX02"));
  }

  @Test
  void publish_ofAFaultsNotice_carriesItsSuspectAndEveryServerAndRoute() throws Exception {
    SubscriberQueue queue = subscribedQueue(topicArn, true, null);
    Notice notice = Notices.fault();

    publisher.publish(notice);

    Message delivered = receiveAll(queue).get(0);
    assertThat(NoticeJson.read(delivered.body())).isEqualTo(notice);
    assertThat(delivered.messageAttributes())
        .extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().stringValue())
        .contains(
            "fault_id=server-MX01-20060728T110500Z",
            "suspect=MX01",
            "suspect_kind=SERVER",
            "servers=[\"MX01\",\"MX02\",\"MX03\"]",
            "routes=[\"MX01-to-MX02\",\"MX01-to-MX03\",\"MX02-to-MX01\"]");
    assertThat(delivered.messageAttributes()).doesNotContainKeys("route", "source", "target");
  }

  @Test
  void publish_withServerFilter_deliversTheRoutesOwnNoticesAndTheFaultsThatTouchIt()
      throws Exception {
    SubscriberQueue team = subscribedQueue(topicArn, true, "{\"servers\": [\"MX03\"]}");

    publisher.publish(Notices.rich(Severity.CRITICAL, "MX02-to-MX01"));
    publisher.publish(Notices.rich(Severity.CRITICAL, "MX03-to-MX01"));
    publisher.publish(Notices.fault());

    assertThat(receiveAll(team))
        .extracting(message -> NoticeJson.read(message.body()).incidentId())
        .containsExactlyInAnyOrder("MX03-to-MX01-20060728T110500Z", "server-MX01-20060728T110500Z");
  }

  @Test
  void publish_ofAMaintenanceNotice_reachesAllButTheSubscribersThatFilterItAway() throws Exception {
    SubscriberQueue everything = subscribedQueue(topicArn, true, null);
    SubscriberQueue incidentsOnly =
        subscribedQueue(
            topicArn,
            true,
            "{\"event_type\": [{\"anything-but\": [\"MAINTENANCE\", \"HEARTBEAT\"]}]}");
    Bulletin bulletin = Notices.maintenanceEnded();

    publisher.publish(bulletin);
    publisher.publish(Notices.rich());

    List<Message> all = receiveAll(everything);
    assertThat(all).hasSize(2);
    Message maintenance =
        all.stream().filter(m -> m.body().contains("\"MAINTENANCE\"")).findFirst().orElseThrow();
    assertThat(NoticeJson.readBulletin(maintenance.body())).isEqualTo(bulletin);
    assertThat(maintenance.messageAttributes())
        .extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().stringValue())
        .contains(
            "event_type=MAINTENANCE",
            "event=ENDED",
            "severity=INFO",
            "window_id=mx01-patching",
            "servers=[\"MX01\"]");
    assertThat(receiveAll(incidentsOnly))
        .singleElement()
        .satisfies(m -> assertThat(NoticeJson.read(m.body()).type().name()).isEqualTo("OPENED"));
  }

  @Test
  void publish_configurationNotice_reachesSubscribersAsConfigurationJson() throws Exception {
    SubscriberQueue queue =
        subscribedQueue(topicArn, true, "{\"event_type\": [\"CONFIGURATION\"]}");

    publisher.publish(Notices.rich());
    publisher.publish(Notices.configuration());

    assertThat(receiveAll(queue))
        .singleElement()
        .satisfies(
            message ->
                assertThat(NoticeJson.readConfiguration(message.body()))
                    .isEqualTo(Notices.configuration()));
  }

  @Test
  void publish_ofANoticeTooLargeForOneMessage_isDeliveredShortened() throws Exception {
    SubscriberQueue queue = subscribedQueue(topicArn, true, null);
    Notice huge = Notices.withEvidence(3000);

    publisher.publish(huge);

    JsonNode delivered = JSON.readTree(receiveAll(queue).get(0).body());
    assertThat(delivered.get("noticeKey").asText()).isEqualTo(huge.key());
    assertThat(delivered.get("evidenceOmitted").asInt()).isBetween(1, 2999);
  }

  @Test
  void publish_toATopicThatDoesNotExist_failsWithAlertPublishException_andWorksOnceItExists()
      throws Exception {
    String name = ResourceNames.unique("alerts-later");
    String arn = topicArn.substring(0, topicArn.lastIndexOf(':') + 1) + name;
    SnsAlertPublisher early = new SnsAlertPublisher(clients.sns(), arn);
    Notice notice = Notices.rich();

    assertThatThrownBy(() -> early.publish(notice))
        .isInstanceOf(AlertPublishException.class)
        .hasMessageContaining(arn)
        .hasMessageContaining(notice.key())
        .hasCauseInstanceOf(software.amazon.awssdk.services.sns.model.SnsException.class);

    assertThat(clients.sns().createTopic(r -> r.name(name)).topicArn()).isEqualTo(arn);
    SubscriberQueue queue = subscribedQueue(arn, true, null);
    early.publish(notice);
    assertThat(NoticeJson.read(receiveAll(queue).get(0).body())).isEqualTo(notice);
  }

  /** A new queue subscribed to {@code topic}. */
  private SubscriberQueue subscribedQueue(String topic, boolean raw, String filterPolicy) {
    return SubscriberQueue.create(clients.sqs(), ResourceNames.unique("subscriber"))
        .subscribeTo(clients.sns(), topic, raw, filterPolicy);
  }

  /**
   * Everything the queue receives until it has been quiet for a second after the first message: a
   * notice a filter let through by mistake would arrive with the expected one.
   */
  private static List<Message> receiveAll(SubscriberQueue queue) {
    List<Message> received = queue.receiveUntilQuiet(Duration.ofSeconds(10));
    assertThat(received).as("messages delivered to " + queue.url()).isNotEmpty();
    return received;
  }
}
