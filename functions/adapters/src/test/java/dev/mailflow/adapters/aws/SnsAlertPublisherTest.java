package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.alert.Abridgement;
import dev.mailflow.adapters.alert.ChatMessage;
import dev.mailflow.adapters.alert.NoticeJson;
import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.adapters.alert.Notices;
import dev.mailflow.domain.evaluation.AlertPublishException;
import dev.mailflow.domain.evaluation.Notice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/** What the publisher asks SNS to do, seen through a client that records the requests. */
class SnsAlertPublisherTest {
  private static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:mailflow-alerts";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordingSnsClient sns = new RecordingSnsClient();
  private final SnsAlertPublisher publisher = new SnsAlertPublisher(sns, TOPIC);

  @Test
  void publish_sendsOneMessagePerProtocol_textForPeopleAndJsonForMachines() throws Exception {
    Notice notice = Notices.rich();

    publisher.publish(notice);

    PublishRequest request = sns.only();
    assertThat(request.topicArn()).isEqualTo(TOPIC);
    assertThat(request.messageStructure()).isEqualTo("json");
    assertThat(request.subject())
        .isEqualTo(
            "[Mailflow] OPENED CRITICAL MX02-to-MX01: 1 lost after maintenance "
                + NoticeText.tag(Notices.rich().key()));
    JsonNode message = JSON.readTree(request.message());
    String text = new NoticeText().body(notice);
    assertThat(message.get("default").asText()).isEqualTo(text);
    assertThat(message.get("email").asText()).isEqualTo(text);
    for (String protocol : List.of("email-json", "sqs", "lambda", "http")) {
      assertThat(NoticeJson.read(message.get(protocol).asText())).as(protocol).isEqualTo(notice);
    }
    assertThat(message.get("https").asText())
        .isEqualTo(ChatMessage.write(notice, Abridgement.NONE));
    assertThat(message.get("sms").asText())
        .isEqualTo(
            "OPENED CRITICAL MX02-to-MX01: 1 lost after maintenance "
                + NoticeText.tag(Notices.rich().key()));
  }

  @Test
  void publish_setsAttributesSubscribersFilterOn_stringsAndTheTwoArrays() throws Exception {
    Notice notice = Notices.rich();

    publisher.publish(notice);

    Map<String, MessageAttributeValue> attributes = sns.only().messageAttributes();
    assertThat(attributes)
        .allSatisfy(
            (name, value) ->
                assertThat(value.dataType())
                    .isEqualTo(
                        name.equals("routes") || name.equals("servers")
                            ? "String.Array"
                            : "String"));
    assertThat(attributes)
        .extractingFromEntries(entry -> entry.getKey() + "=" + entry.getValue().stringValue())
        .containsExactlyInAnyOrder(
            "event_type=OPENED",
            "severity=CRITICAL",
            "route=MX02-to-MX01",
            "source=MX02",
            "target=MX01",
            "incident_id=MX02-to-MX01-20060728T110500Z",
            "routes=[\"MX02-to-MX01\"]",
            "servers=[\"MX02\",\"MX01\"]",
            "notice_key=" + notice.key());
  }

  @Test
  void publish_ofANoticeTooLargeForSns_sendsItShortenedUnder256KB_andSaysSo() throws Exception {
    Notice huge = Notices.withEvidence(3000);

    publisher.publish(huge);

    PublishRequest request = sns.only();
    assertThat(request.message().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(SnsAlertPublisher.MESSAGE_LIMIT_BYTES);
    JsonNode message = JSON.readTree(request.message());
    JsonNode json = JSON.readTree(message.get("sqs").asText());
    assertThat(json.get("abridged").asBoolean()).isTrue();
    assertThat(json.get("evidenceOmitted").asInt()).isPositive();
    assertThat(json.get("evidence")).isNotEmpty();
    assertThat(json.get("evidence").get(json.get("evidence").size() - 1).get("probeId").asText())
        .isEqualTo("probe-002999-abcdefgh");
    assertThat(message.get("default").asText())
        .contains("left out to keep this message within the size limit");
  }

  @Test
  void publish_ofAFaultAcrossHundredsOfRoutes_sendsItWithTheFirstRoutes_andCountsTheOthers()
      throws Exception {
    Notice fault = Notices.faultAcross(320);

    publisher.publish(fault);

    PublishRequest request = sns.only();
    assertThat(request.message().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(SnsAlertPublisher.MESSAGE_LIMIT_BYTES);
    JsonNode message = JSON.readTree(request.message());
    JsonNode json = JSON.readTree(message.get("sqs").asText());
    int omitted = json.get("routesOmitted").asInt();
    assertThat(omitted).isPositive();
    assertThat(json.get("routes")).hasSize(638 - omitted);
    assertThat(json.at("/fault/routes")).hasSize(638 - omitted);
    assertThat(json.at("/routes/0/routeId").asText()).isEqualTo("MX000-to-MX001");
    assertThat(json.get("headline").asText()).contains("638 routes failing");
    assertThat(message.get("default").asText())
        .contains("638 routes")
        .contains("... and " + omitted + " more routes, left out to fit the message");
    String routesAttribute = request.messageAttributes().get("routes").stringValue();
    assertThat(routesAttribute.length())
        .isLessThanOrEqualTo(SnsAlertPublisher.ROUTES_ATTRIBUTE_BYTES);
    assertThat(routesAttribute).startsWith("[\"MX000-to-MX001\",");
    assertThat(request.messageAttributes().get("servers").stringValue()).contains("\"MX319\"");
  }

  @Test
  void publish_whenSnsFails_throwsAlertPublishExceptionNamingTopicAndNotice() {
    Notice notice = Notices.rich();
    SnsException refused =
        (SnsException) SnsException.builder().statusCode(500).message("Internal error").build();
    sns.failWith(refused);

    assertThatThrownBy(() -> publisher.publish(notice))
        .isInstanceOf(AlertPublishException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining(notice.key())
        .hasCause(refused);
  }

  @Test
  void publish_configurationNotice_isAWarningWithoutRouteAttributes() throws Exception {
    publisher.publish(Notices.configuration());

    PublishRequest request = sns.only();
    assertThat(request.subject())
        .isEqualTo(
            "[Mailflow] CONFIGURATION: maintenance window item patch-mx01 ignored "
                + NoticeText.tag(NoticeJson.key(Notices.configuration())));
    assertThat(request.messageAttributes().keySet())
        .containsExactlyInAnyOrder("event_type", "severity", "notice_key");
    assertThat(request.messageAttributes().get("event_type").stringValue())
        .isEqualTo("CONFIGURATION");
    assertThat(request.messageAttributes().get("severity").stringValue()).isEqualTo("WARNING");
    JsonNode message = JSON.readTree(request.message());
    assertThat(NoticeJson.readConfiguration(message.get("sqs").asText()))
        .isEqualTo(Notices.configuration());
  }

  @Test
  void constructor_withoutATopic_isRefused() {
    assertThatThrownBy(() -> new SnsAlertPublisher(sns, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("topic ARN");
  }

  /** An SNS client that keeps what it is asked to publish, or fails as told. */
  private static final class RecordingSnsClient implements SnsClient {
    private final List<PublishRequest> requests = new ArrayList<>();
    private SnsException failure;

    void failWith(SnsException failure) {
      this.failure = failure;
    }

    PublishRequest only() {
      assertThat(requests).hasSize(1);
      return requests.get(0);
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
      if (failure != null) {
        throw failure;
      }
      requests.add(request);
      return PublishResponse.builder().messageId("m-" + requests.size()).build();
    }

    @Override
    public String serviceName() {
      return "sns";
    }

    @Override
    public void close() {}
  }
}
