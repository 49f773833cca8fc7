package dev.mailflow.adapters.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.AssessedProbe;
import dev.mailflow.domain.evaluation.Bulletin;
import dev.mailflow.domain.evaluation.Fault;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
import dev.mailflow.domain.evaluation.Verdict;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoticeJsonTest {
  private static final ObjectMapper PLAIN = new ObjectMapper();

  @Test
  void write_thenRead_givesBackANoticeEqualToTheOriginal() {
    Notice notice = Notices.rich();

    Notice read = NoticeJson.read(NoticeJson.write(notice));

    assertThat(read).isEqualTo(notice);
    assertThat(read.evidence()).extracting(AssessedProbe::verdict).contains(Verdict.values());
  }

  static Stream<Notice> everyKindOfNotice() {
    Notice rich = Notices.rich();
    return Stream.of(
        rich,
        Notices.withEvidence(3),
        new Notice(
            NoticeType.RESOLVED,
            rich.routeId(),
            rich.source(),
            rich.target(),
            rich.incidentId(),
            rich.openedAt(),
            Severity.WARNING,
            RouteCondition.HEALTHY,
            rich.at().plus(Duration.ofMinutes(5)),
            "RESOLVED MX02-to-MX01: mail flows again after 5m",
            "2 probes in a row were delivered in time (latest in 4s).",
            List.of(),
            List.of(),
            0),
        // Fields the domain leaves open are written as null and read back as null.
        new Notice(
            NoticeType.REMINDER,
            null,
            null,
            null,
            rich.incidentId(),
            null,
            Severity.CRITICAL,
            null,
            rich.at(),
            "REMINDER",
            null,
            List.of(),
            List.of(),
            0));
  }

  @ParameterizedTest
  @MethodSource("everyKindOfNotice")
  void write_thenRead_givesBackEveryKindOfNotice(Notice notice) {
    assertThat(NoticeJson.read(NoticeJson.write(notice))).isEqualTo(notice);
  }

  @Test
  void write_thenRead_givesBackAFaultsNotice_withItsSuspectAndEachRoute() throws Exception {
    Notice notice = Notices.fault();

    String json = NoticeJson.write(notice);

    assertThat(NoticeJson.read(json)).isEqualTo(notice);
    JsonNode tree = PLAIN.readTree(json);
    assertThat(tree.get("fault").get("suspectKind").asText()).isEqualTo("SERVER");
    assertThat(tree.get("fault").get("suspect").asText()).isEqualTo("MX01");
    assertThat(tree.get("routes")).hasSize(3);
    assertThat(tree.get("routes").get(2).get("incidentId").asText())
        .isEqualTo("MX02-to-MX01-20060728T110500Z");
  }

  @Test
  void write_ofARoutesOwnNotice_hasNoFaultOrRoutes() throws Exception {
    JsonNode tree = PLAIN.readTree(NoticeJson.write(Notices.rich()));

    assertThat(tree.has("fault")).isFalse();
    assertThat(tree.has("routes")).isFalse();
  }

  @Test
  void writeBulletin_thenReadBulletin_givesItBack_underItsOwnType() throws Exception {
    Bulletin bulletin = Notices.maintenanceEnded();

    String json = NoticeJson.write(bulletin);

    assertThat(NoticeJson.readBulletin(json)).isEqualTo(bulletin);
    assertThat(PLAIN.readTree(json).get("type").asText()).isEqualTo("MAINTENANCE");
    assertThat(NoticeJson.isBulletin("MAINTENANCE")).isTrue();
    assertThat(NoticeJson.isBulletin("OPENED")).isFalse();
  }

  @Test
  void writeFault_thenReadFault_givesItBack() {
    Fault fault = Notices.fault("MX01-to-MX02", "MX02-to-MX01");

    assertThat(NoticeJson.readFault(NoticeJson.write(fault))).isEqualTo(fault);
  }

  @Test
  void readFault_ofARouteThatIsNotText_namesTheField() {
    assertThatThrownBy(
            () ->
                NoticeJson.readFault(
                    "{\"id\":\"f\",\"suspectKind\":\"SERVER\",\"suspect\":\"MX01\","
                        + "\"openedAt\":\"2006-07-28T11:05:00Z\","
                        + "\"lastNotifiedAt\":\"2006-07-28T11:05:00Z\",\"severity\":\"CRITICAL\","
                        + "\"reminders\":0,\"routes\":[1]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fault.routes");
  }

  @Test
  void write_thenRead_keepsAnEvidenceProbeOfAnotherRoute() {
    Notice rich = Notices.rich();
    List<AssessedProbe> evidence = new ArrayList<>(rich.evidence());
    evidence.add(
        new AssessedProbe(
            Probe.sent("MX01-to-MX02", "other-route-01", rich.openedAt()),
            ProbeState.SENT,
            Verdict.IN_FLIGHT,
            null,
            null));
    Notice notice = withEvidence(rich, evidence);

    Notice read = NoticeJson.read(NoticeJson.write(notice));

    assertThat(read).isEqualTo(notice);
    assertThat(read.evidence().get(evidence.size() - 1).probe().routeId())
        .isEqualTo("MX01-to-MX02");
  }

  @Test
  void write_namesTheSchemaAndTheNoticeKey_andWritesInstantsAsIsoUtc() throws Exception {
    Notice notice = Notices.rich();

    JsonNode json = PLAIN.readTree(NoticeJson.write(notice));

    assertThat(json.get("schema").asText()).isEqualTo("mailflow.notice/1");
    assertThat(json.get("noticeKey").asText()).isEqualTo(notice.key());
    assertThat(json.get("type").asText()).isEqualTo("OPENED");
    assertThat(json.get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(json.get("routeId").asText()).isEqualTo("MX02-to-MX01");
    assertThat(json.get("openedAt").asText()).isEqualTo("2006-07-28T11:05:00Z");
    assertThat(json.get("at").asText()).isEqualTo("2006-07-28T11:05:00.123456789Z");
    assertThat(json.get("abridged").asBoolean()).isFalse();
    assertThat(json.get("evidenceOmitted").asInt()).isZero();
  }

  @Test
  void write_givesDurationsInMillisecondsNextToAReadableForm() throws Exception {
    JsonNode json = PLAIN.readTree(NoticeJson.write(Notices.rich()));

    JsonNode late = json.get("evidence").get(3);
    assertThat(late.get("verdict").asText()).isEqualTo("LATE");
    assertThat(late.get("latencyMillis").asLong()).isEqualTo(2_926_000);
    assertThat(late.get("latencyText").asText()).isEqualTo("48m 46s");
    JsonNode flush = json.get("flushes").get(0);
    assertThat(flush.get("longestLatencyMillis").asLong()).isEqualTo(2_926_000);
    assertThat(flush.get("size").asInt()).isEqualTo(4);
    assertThat(flush.get("description").asText())
        .startsWith("4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent");
    JsonNode skewedHop = json.get("evidence").get(0).get("delivery").get("hops").get(1);
    assertThat(skewedHop.get("delayMillis").asLong()).isEqualTo(-120000);
    assertThat(skewedHop.get("clockSkew").asBoolean()).isTrue();
  }

  @Test
  void write_keepsASubMillisecondRestAsADecimalFraction() throws Exception {
    JsonNode json = PLAIN.readTree(NoticeJson.write(Notices.rich()));

    JsonNode early = json.get("evidence").get(8);
    assertThat(early.get("probeId").asText()).isEqualTo("erly-probe-0009");
    assertThat(early.get("latencyMillis").decimalValue()).isEqualByComparingTo("3000.2505");
  }

  @Test
  void write_keepsTheSendFailureReplyAndTheProbeWithoutSubmission() throws Exception {
    JsonNode evidence = PLAIN.readTree(NoticeJson.write(Notices.rich())).get("evidence");

    JsonNode failed = evidence.get(5).get("submission");
    assertThat(failed.get("accepted").asBoolean()).isFalse();
    assertThat(failed.get("replyCode").asInt()).isEqualTo(451);
    assertThat(failed.get("reply").asText()).startsWith("4.4.1 Connection timed out.");
    assertThat(evidence.get(9).get("submission").isNull()).isTrue();
    assertThat(evidence.get(9).get("delivery").isNull()).isTrue();
  }

  @Test
  void write_abridged_keepsTheNewestEvidence_andSaysHowManyAreLeftOut() throws Exception {
    Notice notice = Notices.withEvidence(10);

    String json =
        NoticeJson.write(notice, new Abridgement(3, 0, Integer.MAX_VALUE, Integer.MAX_VALUE));
    JsonNode tree = PLAIN.readTree(json);

    assertThat(tree.get("abridged").asBoolean()).isTrue();
    assertThat(tree.get("evidenceOmitted").asInt()).isEqualTo(7);
    assertThat(NoticeJson.read(json).evidence())
        .containsExactlyElementsOf(notice.evidence().subList(7, 10));
  }

  @Test
  void write_configurationNotice_thenReadConfiguration_givesItBack() throws Exception {
    ConfigurationNotice notice = Notices.configuration();

    String json = NoticeJson.write(notice);
    JsonNode tree = PLAIN.readTree(json);

    assertThat(NoticeJson.readConfiguration(json)).isEqualTo(notice);
    assertThat(tree.get("schema").asText()).isEqualTo("mailflow.notice/1");
    assertThat(tree.get("type").asText()).isEqualTo("CONFIGURATION");
    assertThat(tree.get("severity").asText()).isEqualTo("WARNING");
    assertThat(tree.get("noticeKey").asText())
        .isEqualTo("configuration/maintenance_window_item_patch-mx01/1154081400250");
  }

  @Test
  void configurationNoticeOfAFault_publishedAgainAtALaterRun_hasTheSameKey_andReadsBack() {
    ConfigurationNotice first =
        new ConfigurationNotice(
            "maintenance window item patch-mx01",
            "end is not a date",
            Notices.configuration().at(),
            ConfigurationNotice.About.WINDOW_ITEM,
            "window-item:0f3a");
    ConfigurationNotice later =
        new ConfigurationNotice(
            first.subject(),
            first.reason(),
            first.at().plusSeconds(300),
            first.about(),
            first.fault());

    assertThat(NoticeJson.key(later))
        .isEqualTo(NoticeJson.key(first))
        .isEqualTo("configuration/maintenance_window_item_patch-mx01/window-item:0f3a");
    assertThat(NoticeJson.readConfiguration(NoticeJson.write(later))).isEqualTo(later);
  }

  @Test
  void write_configurationNoticeOfADocument_thenReadConfiguration_keepsWhatItIsAbout() {
    ConfigurationNotice notice =
        new ConfigurationNotice(
            "configuration document /mailflow/config",
            "line 9: routes[0].target: unknown",
            Notices.configuration().at(),
            ConfigurationNotice.About.CONFIGURATION_DOCUMENT);

    assertThat(NoticeJson.readConfiguration(NoticeJson.write(notice))).isEqualTo(notice);
    assertThat(NoticeJson.write(notice)).contains("\"about\":\"CONFIGURATION_DOCUMENT\"");
  }

  @Test
  void readConfiguration_withoutAbout_takesItForAWindowItem() {
    String written =
        NoticeJson.write(Notices.configuration()).replace("\"about\":\"WINDOW_ITEM\",", "");

    assertThat(written).doesNotContain("about");
    assertThat(NoticeJson.readConfiguration(written)).isEqualTo(Notices.configuration());
  }

  @Test
  void read_ignoresFieldsItDoesNotKnow() throws Exception {
    Notice notice = Notices.rich();
    ObjectNode tree = (ObjectNode) PLAIN.readTree(NoticeJson.write(notice));
    tree.put("addedInALaterVersion", "whatever");

    assertThat(NoticeJson.read(PLAIN.writeValueAsString(tree))).isEqualTo(notice);
  }

  @Test
  void read_ofAnotherSchema_isRefused() {
    String json =
        NoticeJson.write(Notices.rich()).replace("mailflow.notice/1", "mailflow.notice/2");

    assertThatThrownBy(() -> NoticeJson.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mailflow.notice/2");
  }

  @Test
  void read_ofABadInstant_namesTheField() {
    String json =
        NoticeJson.write(Notices.rich())
            .replace("\"sentAt\":\"2006-07-28T10:34:01Z\"", "\"sentAt\":\"28.07.2006 12:34\"");

    assertThatThrownBy(() -> NoticeJson.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notice.evidence[3].sentAt")
        .hasMessageContaining("28.07.2006 12:34");
  }

  @Test
  void read_ofAMissingRequiredField_namesIt() {
    String json = NoticeJson.write(Notices.rich()).replace("\"incidentId\":", "\"incident\":");

    assertThatThrownBy(() -> NoticeJson.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("notice JSON: notice.incidentId is missing");
  }

  @Test
  void read_ofSomethingElse_saysItIsNotJson() {
    assertThatThrownBy(() -> NoticeJson.read("OPENED CRITICAL MX02-to-MX01"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("notice JSON is not JSON");
  }

  @Test
  void read_ofAConfigurationNotice_pointsToReadConfiguration() {
    String json = NoticeJson.write(Notices.configuration());

    assertThatThrownBy(() -> NoticeJson.read(json)).hasMessageContaining("readConfiguration");
  }

  @Test
  void write_namesEveryFieldInLowerCamelCase() throws Exception {
    JsonNode json = PLAIN.readTree(NoticeJson.write(Notices.rich()));

    List<String> names = new ArrayList<>();
    collectNames(json, names);
    assertThat(names).allMatch(name -> name.matches("[a-z][A-Za-z]*"), "lowerCamelCase");
  }

  private static void collectNames(JsonNode node, List<String> names) {
    if (node.isObject()) {
      Iterator<String> fields = node.fieldNames();
      while (fields.hasNext()) {
        String name = fields.next();
        names.add(name);
        collectNames(node.get(name), names);
      }
    } else if (node.isArray()) {
      node.forEach(element -> collectNames(element, names));
    }
  }

  private static Notice withEvidence(Notice notice, List<AssessedProbe> evidence) {
    return new Notice(
        notice.type(),
        notice.routeId(),
        notice.source(),
        notice.target(),
        notice.incidentId(),
        notice.openedAt(),
        notice.severity(),
        notice.condition(),
        notice.at(),
        notice.headline(),
        notice.reason(),
        evidence,
        notice.flushes(),
        notice.suppressedByMaintenance());
  }
}
