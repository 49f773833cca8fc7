package dev.mailflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

class SqsEventSourceTest {

  @Test
  void event_holdsOneRecordPerMessage_fromTheQueueItNames() throws Exception {
    List<Message> messages =
        List.of(
            Message.builder().messageId("m-1").receiptHandle("r-1").body("{\"shard\": 0}").build(),
            Message.builder().messageId("m-2").receiptHandle("r-2").body("{\"shard\": 1}").build());

    JsonNode event =
        new ObjectMapper()
            .readTree(
                SqsEventSource.event(
                    "http://127.0.0.1:5000/123456789012/mailflow-shards", "eu-west-1", messages));

    assertThat(event.get("Records")).hasSize(2);
    JsonNode second = event.get("Records").get(1);
    assertThat(second.get("messageId").asText()).isEqualTo("m-2");
    assertThat(second.get("receiptHandle").asText()).isEqualTo("r-2");
    assertThat(second.get("body").asText()).isEqualTo("{\"shard\": 1}");
    assertThat(second.get("eventSource").asText()).isEqualTo("aws:sqs");
    assertThat(second.get("eventSourceARN").asText())
        .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:mailflow-shards");
    assertThat(second.get("awsRegion").asText()).isEqualTo("eu-west-1");
  }
}
