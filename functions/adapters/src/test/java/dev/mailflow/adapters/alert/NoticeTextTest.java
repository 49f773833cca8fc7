package dev.mailflow.adapters.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.configuration.ConfigurationNotice;
import dev.mailflow.domain.evaluation.Notice;
import dev.mailflow.domain.evaluation.NoticeType;
import dev.mailflow.domain.evaluation.RouteCondition;
import dev.mailflow.domain.evaluation.Severity;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoticeTextTest {
  private final NoticeText text = new NoticeText();

  @Test
  void subject_ofTheSeedStoryNotice_saysWhatBroke() {
    assertThat(text.subject(Notices.rich()))
        .isEqualTo(
            "[Mailflow] OPENED CRITICAL MX02-to-MX01: 1 lost after maintenance "
                + NoticeText.tag(Notices.rich().key()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "OPENED CRITICAL Göteborg-to-Malmö: 3 lost\r\nafter\tmaintenance \u0007 ✉",
        "OPENED WARNING MX02-to-MX01: a headline long enough to be cut by the domain at"
            + " ninety-nine characters with an ellipsis at its end",
        "OPENED WARNING MX02-to-MX01: 2 slow    (took  3m 4s)"
      })
  void subject_isPrintableAsciiWithoutBreaks_andUnder100Characters(String headline) {
    String subject = text.subject(notice(headline));

    assertThat(subject).hasSizeLessThan(100).startsWith("[Mailflow] ").doesNotContain("  ");
    assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  @Test
  void subject_dropsAccentsRatherThanLetters() {
    Notice notice = notice("OPENED CRITICAL Göteborg-to-Malmö: 1 lost");

    assertThat(text.subject(notice))
        .isEqualTo(
            "[Mailflow] OPENED CRITICAL Goteborg-to-Malmo: 1 lost " + NoticeText.tag(notice.key()));
  }

  @Test
  void subject_ofAHeadlineTooLong_isCutWithThreeDots() {
    String headline = "OPENED WARNING MX02-to-MX01: " + "slow ".repeat(20);

    String subject = text.subject(notice(headline));

    assertThat(subject).hasSize(99).endsWith("... " + NoticeText.tag(notice(headline).key()));
  }

  @Test
  void subject_endsWithATagOfTheKey_theSameForTwoCopiesAndAnotherForAnotherNotice() {
    Notice first = Notices.rich();
    Notice copy = NoticeJson.read(NoticeJson.write(first));
    Notice reminder =
        NoticeJson.read(
            NoticeJson.write(first).replace("\"type\":\"OPENED\"", "\"type\":\"REMINDER\""));

    assertThat(text.subject(first)).endsWith(" " + NoticeText.tag(first.key()));
    assertThat(NoticeText.tag(first.key())).matches("#[0-9a-f]{8}");
    assertThat(text.subject(copy)).isEqualTo(text.subject(first));
    assertThat(NoticeText.tag(reminder.key())).isNotEqualTo(NoticeText.tag(first.key()));
    assertThat(text.body(first)).contains("Mailflow notice " + first.key());
  }

  @Test
  void body_startsWithOneSentenceSayingWhatHappened() {
    String body = text.body(Notices.rich());

    assertThat(flat(body.substring(0, body.indexOf("\n\n"))))
        .isEqualTo(
            "Mail from MX02 to MX01 is failing: incident MX02-to-MX01-20060728T110500Z opened at"
                + " 2006-07-28T11:05:00.123456789Z.");
  }

  @Test
  void body_ofAFaultsNotice_namesTheSuspectAndListsEachRouteWithItsOwnIncident() {
    String body = text.body(Notices.fault());

    assertThat(body)
        .startsWith("Mail on 3 routes through server MX01 is failing: incident server-MX01-")
        .contains("Suspect")
        .contains("Routes of this fault, each with its own incident")
        .contains("MX02-to-MX01-20060728T110500Z")
        .contains("Start with server MX01")
        .doesNotContain("Route      ");
  }

  @Test
  void body_namesRouteSeverityConditionAndIncident() {
    String body = text.body(Notices.rich());

    assertThat(body)
        .contains("  Route       MX02-to-MX01 (MX02 -> MX01)\n")
        .contains("  Severity    CRITICAL\n")
        .contains("  Condition   FAILING\n")
        .contains("  Incident    MX02-to-MX01-20060728T110500Z, open since 2006-07-28T11:05:00Z\n");
  }

  @Test
  void body_withAZone_showsTheHeaderInstantsInItAsWell() {
    String body = new NoticeText(ZoneId.of("Europe/Stockholm")).body(Notices.rich());

    assertThat(body)
        .contains("open since 2006-07-28T11:05:00Z (2006-07-28 13:05:00 Europe/Stockholm)");
  }

  @Test
  void body_givesTheReason() {
    assertThat(text.body(Notices.rich()))
        .contains("Why\n  Still failing after maintenance window patch-mx01");
  }

  @Test
  void body_listsTheEvidenceAsATableWithAlignedColumns() {
    List<String> table = tableAfter(text.body(Notices.rich()), "Evidence: 10 probes");

    assertThat(table.get(0)).contains("sent at (UTC)", "state/verdict", "latency", "server reply");
    int latencyColumn = table.get(0).indexOf("latency");
    int probeColumn = table.get(0).indexOf("probe id");
    assertThat(table.subList(1, table.size()))
        .hasSize(10)
        .allSatisfy(
            row -> {
              assertThat(row.charAt(latencyColumn - 1)).isEqualTo(' ');
              assertThat(row.charAt(latencyColumn)).isNotEqualTo(' ');
              assertThat(row.charAt(probeColumn)).isNotEqualTo(' ');
            });
    assertThat(table.get(4))
        .startsWith("  2006-07-28T10:34:01Z   LATE*")
        .contains("48m 46s   late-probe-0004");
    assertThat(table.get(2)).contains("DELIVERED/SLOW", "2m 30s");
  }

  @Test
  void body_showsTheServerReplyOfSendFailuresOnOneLine_andTheQueueIdOfLostProbes() {
    String body = text.body(Notices.rich());

    assertThat(body)
        .contains("fail-probe-0006   451 4.4.1 Connection timed out. 451 4.4.1 Try again later\n")
        .contains("conn-probe-0007   Connection refused\n")
        .contains("lost-probe-0005   250 2.0.0 Ok: queued as 4C1F2A0B3D\n");
  }

  @Test
  void body_marksProbesCoveredByMaintenance_andCountsThem() {
    String body = text.body(Notices.rich());

    assertThat(body)
        .contains("* covered by maintenance: not counted towards this incident")
        .contains(
            "Maintenance\n  2 probes were covered by a maintenance window and not alerted on.");
  }

  @Test
  void body_reportsABacklogFlushAsOneEvent() {
    String body = text.body(Notices.rich());

    assertThat(flat(body))
        .contains(
            "- 4 queued probes delivered at 2006-07-28 11:07:47Z; 2 were sent during maintenance"
                + " (longest wait 48m 46s)")
        .contains("probes: exch2003flush001, exch2003flush002, exch2003flush003, exch2003flush004");
  }

  @Test
  void body_showsWhereTheSlowProbesWaited() {
    String body = text.body(Notices.withEvidence(2));

    assertThat(body)
        .contains("Where the slow probes waited")
        .contains(
            "  - probe-000001-abcdefgh: mx01.contoso.com 1m 40s,"
                + " inbound-smtp.eu-west-1.amazonaws.com 1m 40s\n");
  }

  @Test
  void body_saysWhatToDo_withTheProbeIdsToLookFor() {
    String body = text.body(Notices.rich());

    assertThat(flat(body))
        .contains("What to do ")
        .contains("- MX02 did not accept 2 probes")
        .contains("with ID one of: lost-probe-0005.")
        .contains("put a maintenance window on server:MX01, server:MX02 or route:MX02-to-MX01");
  }

  @Test
  void body_endsWithTheNoticeKey() {
    Notice notice = Notices.rich();

    assertThat(text.body(notice)).endsWith("-- \nMailflow notice " + notice.key() + "\n");
  }

  @Test
  void body_abridged_saysHowManyProbesWereLeftOut() {
    Notice notice = Notices.withEvidence(40);

    String body = text.body(notice, new Abridgement(5, 0, Integer.MAX_VALUE, Integer.MAX_VALUE));

    assertThat(flat(body))
        .contains("Evidence: 40 probes, oldest sent first")
        .contains("(the 35 oldest probes are left out to keep this message within the size limit")
        .contains("probe-000039-abcdefgh")
        .doesNotContain("probe-000034-abcdefgh");
  }

  @Test
  void body_ofAReminder_saysHowLongItHasBeenOpen() {
    assertThat(flat(text.body(Notices.withEvidence(2))))
        .startsWith(
            "Mail from MX02 to MX01 is still slow: incident MX02-to-MX01-20060728T110500Z has been"
                + " open for 1h.");
  }

  @Test
  void body_ofAResolvedNotice_saysMailFlowsAgain_andThatNothingIsToBeDone() {
    Notice rich = Notices.rich();
    Notice resolved =
        new Notice(
            NoticeType.RESOLVED,
            rich.routeId(),
            rich.source(),
            rich.target(),
            rich.incidentId(),
            rich.openedAt(),
            rich.severity(),
            RouteCondition.HEALTHY,
            rich.openedAt().plus(Duration.ofMinutes(65)),
            "RESOLVED MX02-to-MX01: mail flows again after 1h 5m",
            "2 probes in a row were delivered in time (latest in 4s).",
            List.of(),
            List.of(Notices.seedStoryFlush()),
            0);

    String body = text.body(resolved);

    assertThat(flat(body))
        .startsWith(
            "Mail from MX02 to MX01 flows again: incident MX02-to-MX01-20060728T110500Z is"
                + " resolved after 1h 5m.")
        .contains("was open since 2006-07-28T11:05:00Z")
        .contains("- Nothing: mail flows again.")
        .doesNotContain("Evidence");
  }

  @Test
  void wrapsLongLinesAtWordBoundaries() {
    assertThat(text.body(Notices.rich()).lines())
        .filteredOn(line -> !line.startsWith("  20") && !line.startsWith("  sent at"))
        .allMatch(line -> line.length() <= 100);
  }

  @Test
  void configurationNotice_saysWhatIsIgnored_andWhy() {
    String body = text.body(Notices.configuration());

    assertThat(text.subject(Notices.configuration()))
        .isEqualTo(
            "[Mailflow] CONFIGURATION: maintenance window item patch-mx01 ignored "
                + NoticeText.tag(NoticeJson.key(Notices.configuration())));
    assertThat(flat(body))
        .startsWith("Mailflow ignores maintenance window item patch-mx01: it could not be read.")
        .contains("Why end '2006-07-28 12:40' is not an ISO-8601 instant.")
        .contains("Severity WARNING");
  }

  @Test
  void configurationNotice_ofARefusedDocument_saysTheLastGoodOneStaysInForce() {
    ConfigurationNotice notice =
        new ConfigurationNotice(
            "configuration document /mailflow/config",
            "line 3: defaults.lookback: lookback 'P106751991167300D' is longer than 3660d",
            Notices.configuration().at(),
            ConfigurationNotice.About.CONFIGURATION_DOCUMENT);

    String body = flat(text.body(notice));

    assertThat(text.subject(notice))
        .startsWith("[Mailflow] CONFIGURATION: configuration document /mailflow/config ignored #");
    assertThat(body)
        .startsWith(
            "Mailflow ignores the new version of the configuration document /mailflow/config")
        .contains("The last good version stays in force")
        .contains("Correct the document: each fault is given above with its line.")
        .doesNotContain("Correct or delete the item");
  }

  @Test
  void shortMessage_isTheHeadline() {
    assertThat(text.shortMessage(Notices.rich()))
        .isEqualTo(
            "OPENED CRITICAL MX02-to-MX01: 1 lost after maintenance "
                + NoticeText.tag(Notices.rich().key()));
  }

  /** The text with line breaks and indents as single spaces: for checking sentences. */
  private static String flat(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static List<String> tableAfter(String body, String heading) {
    List<String> lines = Arrays.asList(body.split("\n"));
    int start = 0;
    while (!lines.get(start).startsWith(heading)) {
      start++;
    }
    int end = start + 1;
    while (end < lines.size() && lines.get(end).startsWith("  ")) {
      end++;
    }
    return lines.subList(start + 1, end).stream().filter(line -> !line.startsWith("  *")).toList();
  }

  private static Notice notice(String headline) {
    Notice rich = Notices.rich();
    return new Notice(
        rich.type(),
        rich.routeId(),
        rich.source(),
        rich.target(),
        rich.incidentId(),
        rich.openedAt(),
        Severity.WARNING,
        rich.condition(),
        rich.at(),
        headline,
        rich.reason(),
        List.of(),
        List.of(),
        0);
  }
}
