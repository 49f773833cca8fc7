package dev.mailflow.adapters.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.Severity;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatMessageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void readTheSchema() throws Exception {
    try (InputStream in =
        ChatMessageTest.class.getResourceAsStream("/chat/custom-notification.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }

  static Stream<String> everyKindOfMessage() {
    return Stream.of(
        ChatMessage.write(Notices.rich(), Abridgement.NONE),
        ChatMessage.write(Notices.rich(Severity.WARNING, "MX01-to-MX02"), Abridgement.NONE),
        ChatMessage.write(Notices.fault(), Abridgement.NONE),
        ChatMessage.write(Notices.withEvidence(3000), Abridgement.NONE),
        ChatMessage.write(Notices.configuration()),
        ChatMessage.write(Notices.maintenanceEnded()));
  }

  @ParameterizedTest
  @MethodSource("everyKindOfMessage")
  void write_givesACustomNotificationTheChatIntegrationAccepts(String message) throws Exception {
    Set<ValidationMessage> errors = schema.validate(JSON.readTree(message));

    assertThat(errors).isEmpty();
  }

  @Test
  void schema_refusesAMessageThatBreaksIt_soTheCheckAboveCanFail() throws Exception {
    JsonNode broken =
        JSON.readTree(
            "{\"version\":\"2.0\",\"source\":\"custom\",\"content\":{\"description\":\"x\","
                + "\"titel\":\"typo\"}}");

    assertThat(schema.validate(broken)).hasSize(2);
  }

  @Test
  void write_threadsAnIncidentsNoticesByItsId_andCarriesTheNoticeKey() throws Exception {
    Notice notice = Notices.rich();

    JsonNode message = JSON.readTree(ChatMessage.write(notice, Abridgement.NONE));

    assertThat(message.at("/metadata/threadId").asText()).isEqualTo(notice.incidentId());
    assertThat(message.at("/metadata/additionalContext/noticeKey").asText())
        .isEqualTo(notice.key());
    assertThat(message.at("/content/title").asText())
        .isEqualTo(":rotating_light: " + notice.headline());
    assertThat(message.at("/content/description").asText())
        .startsWith("Mail from MX02 to MX01 is failing")
        .contains("*Evidence*");
    assertThat(message.at("/content/nextSteps")).isNotEmpty();
    assertThat(message.at("/content/keywords").toString())
        .isEqualTo("[\"CRITICAL\",\"OPENED\",\"MX02-to-MX01\",\"MX02\",\"MX01\"]");
  }

  @Test
  void write_ofAFault_listsItsRoutes_andNamesTheSuspect() throws Exception {
    JsonNode message = JSON.readTree(ChatMessage.write(Notices.fault(), Abridgement.NONE));

    assertThat(message.at("/content/description").asText())
        .contains("*Routes*")
        .contains("• `MX02-to-MX01` FAILING: 2 not submitted");
    assertThat(message.at("/metadata/additionalContext/suspect").asText()).isEqualTo("MX01");
    assertThat(message.at("/content/nextSteps/0").asText()).startsWith("Start with server MX01");
  }

  @Test
  void write_ofAHugeNotice_keepsTheDescriptionWithinWhatChatClientsShow() throws Exception {
    JsonNode message = JSON.readTree(ChatMessage.write(longReason(), Abridgement.NONE));

    String description = message.at("/content/description").asText();
    assertThat(description).hasSize(ChatMessage.DESCRIPTION_LIMIT);
    assertThat(description).endsWith("(the rest is in the e-mail and JSON forms of this notice)");
    assertThat(schema.validate(message)).isEmpty();
  }

  private static Notice longReason() {
    Notice rich = Notices.rich();
    return new Notice(
        rich.type(),
        rich.routeId(),
        rich.source(),
        rich.target(),
        rich.incidentId(),
        rich.openedAt(),
        rich.severity(),
        rich.condition(),
        rich.at(),
        rich.headline(),
        "lost. ".repeat(2000),
        rich.evidence(),
        rich.flushes(),
        rich.suppressedByMaintenance());
  }
}
