package dev.mailflow.adapters.mail;

import static dev.mailflow.adapters.mail.Fixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.ReceivedStamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboundMailParserTest {

  private static final InboundMailParser PARSER = new InboundMailParser();

  /**
   * Small limits, so each can be crossed with a few lines: 1000 bytes, 10 lines of 100, 3 Received.
   */
  private static final InboundMailParser STRICT =
      new InboundMailParser(new MailLimits(1000, 10, 100, 3));

  private static InboundMail read(InboundMailParser parser, byte[] raw) {
    MailReading reading = parser.parse(raw);
    assertThat(reading).isInstanceOf(MailReading.Read.class);
    return ((MailReading.Read) reading).mail();
  }

  private static InboundMail read(String raw) {
    return read(PARSER, ascii(raw));
  }

  private static MailRefusal refusal(MailReading reading) {
    assertThat(reading).isInstanceOf(MailReading.Refused.class);
    assertThat(((MailReading.Refused) reading).detail()).isNotBlank();
    return ((MailReading.Refused) reading).reason();
  }

  @Test
  void parse_readsTheFieldsMailflowUses() {
    InboundMail mail = read(PARSER, Fixtures.mail("postfix-gmail-ses.eml"));

    assertThat(mail.probeToken())
        .isEqualTo(
            "v1.k2024.MTA2-to-GWS.1704189600250.pfxgmailses00001."
                + "C54yv8XCbX3aaLPMzP53ZxHR3KaoO5dgkIQnoe6M5JU");
    assertThat(mail.hasProbeToken()).isTrue();
    assertThat(mail.messageId()).isEqualTo("<probe.pfxgmailses00001.MTA2-to-GWS@example.org>");
    assertThat(mail.date()).isEqualTo(Instant.parse("2024-01-02T10:00:00Z"));
    assertThat(mail.from()).isEqualTo("mailflow@example.org");
    assertThat(mail.subject()).isEqualTo("Mailflow probe MTA2-to-GWS 2024-01-02 10:00:00Z");
    assertThat(mail.received())
        .extracting(ReceivedStamp::by)
        .containsExactly(
            "mx2.example.org",
            "mx.google.com",
            "2002:a17:90a:e7c6:b0:28c:4a1e:9b2f",
            "2002:a05:6a10:8e0b:b0:4f2:1c3d:8a1f",
            "inbound-smtp.us-east-1.amazonaws.com");
    assertThat(mail.authentication()).isEqualTo(new AuthenticationVerdicts("pass", "pass", "pass"));
  }

  @Test
  void parse_whenSeveralAuthenticationResults_takesTheNewestOnly() {
    InboundMail mail =
        read(
            "Authentication-Results: inbound.example; spf=fail; dkim=none; dmarc=fail\n"
                + "Authentication-Results: relay.example; spf=pass; dkim=pass; dmarc=pass\n"
                + "Subject: x\n\n");

    assertThat(mail.authentication()).isEqualTo(new AuthenticationVerdicts("fail", "none", "fail"));
  }

  @Test
  void parse_whenNoAuthenticationResults_verdictsAreUnknown() {
    assertThat(read("Subject: x\n\n").authentication()).isEqualTo(AuthenticationVerdicts.unknown());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "exchange2003-backlog.eml",
        "exchange2016-clock-skew.eml",
        "postfix-gmail-ses.eml",
        "qmail-go-relay.eml",
        "out-of-office-reply.eml"
      })
  void parse_whenLineEndsAreLfOnly_readsTheSameAsWithCrLf(String fixture) {
    byte[] mail = Fixtures.mail(fixture);

    InboundMail lf = read(PARSER, Fixtures.lfOnly(mail));
    InboundMail crlf = read(PARSER, Fixtures.crlf(mail));

    assertThat(lf).isEqualTo(crlf);
    assertThat(lf.received()).isNotEmpty();
  }

  @Test
  void parse_unfoldsFoldedFieldsKeepingTheBlankAfterEachBreak() {
    InboundMail mail =
        read(
            "Subject: Mailflow\r\n\tprobe\r\n  MX02-to-MX01\r\n"
                + "X-Mailflow-Probe:\r\n v1.k.r.1.abcdefgh.mac\r\n"
                + "Message-ID:\r\n <probe.a.b@example.com>\r\n"
                + "\r\n");

    assertThat(mail.subject()).isEqualTo("Mailflow\tprobe  MX02-to-MX01");
    assertThat(mail.probeToken()).isEqualTo("v1.k.r.1.abcdefgh.mac");
    assertThat(mail.messageId()).isEqualTo("<probe.a.b@example.com>");
  }

  @Test
  void parse_neverReadsTheBody() {
    String body =
        "X-Mailflow-Probe: v1.forged.in.the.body.mac\n"
            + "Received: from evil by evil; Fri, 28 Jul 2006 13:07:47 +0200\n"
            + "x".repeat(50_000)
            + "\n\u00ff\u00fe binary\n";

    InboundMail mail = read("Subject: real\n\n" + body);

    assertThat(mail.probeToken()).isNull();
    assertThat(mail.hasProbeToken()).isFalse();
    assertThat(mail.received()).isEmpty();
    assertThat(mail.subject()).isEqualTo("real");
  }

  @Test
  void parse_whenNoEmptyLineBeforeTheEnd_readsEveryHeader() {
    InboundMail mail = read("Subject: headers only\r\nFrom: a@example.com");

    assertThat(mail.subject()).isEqualTo("headers only");
    assertThat(mail.from()).isEqualTo("a@example.com");
  }

  @Test
  void parse_findsFieldsWhateverTheirCase() {
    InboundMail mail =
        read(
            "x-mailflow-probe: t\nMESSAGE-ID: <m@x>\nreceived: by b.example; 28 Jul 2006 11:07:47"
                + " -0000\nsUbJeCt: s\n\n");

    assertThat(mail.probeToken()).isEqualTo("t");
    assertThat(mail.messageId()).isEqualTo("<m@x>");
    assertThat(mail.received()).hasSize(1);
    assertThat(mail.subject()).isEqualTo("s");
  }

  @Test
  void parse_whenBlanksBeforeTheColon_readsTheFieldAsObsoleteSyntaxAllows() {
    assertThat(read("Subject \t: spaced\n\n").subject()).isEqualTo("spaced");
  }

  @Test
  void parse_whenAFieldRepeats_keepsTheTopmost() {
    InboundMail mail = read("X-Mailflow-Probe: first\nX-Mailflow-Probe: second\n\n");

    assertThat(mail.probeToken()).isEqualTo("first");
  }

  @Test
  void parse_whenMailStartsWithAnMboxFromLine_skipsIt() {
    InboundMail mail = read("From mailflow@example.com Fri Jul 28 12:19:01 2006\nSubject: s\n\n");

    assertThat(mail.subject()).isEqualTo("s");
    assertThat(mail.from()).isEmpty();
  }

  @Test
  void parse_whenHeaderHasValidUtf8_decodesItAsUtf8() {
    byte[] raw = "Subject: Größe ✓\n\n".getBytes(StandardCharsets.UTF_8);

    assertThat(read(PARSER, raw).subject()).isEqualTo("Größe ✓");
  }

  @Test
  void parse_whenHeaderHasEightBitBytesThatAreNotUtf8_decodesThemAsLatin1() {
    byte[] raw = "Subject: caf\u00e9 \u00ff\n\n".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(read(PARSER, raw).subject()).isEqualTo("café ÿ");
  }

  @Test
  void parse_whenEightBitBytesInUnknownFieldsAndNames_skipsThem() {
    byte[] raw = ascii("X-\u00e9t\u00e9: \u00ff\u00fe\nSubj\u00e9ct: x\nSubject: kept\n\n");

    assertThat(read(PARSER, raw).subject()).isEqualTo("kept");
  }

  @Test
  void parse_whenDateMissing_leavesItUnknown() {
    InboundMail mail = read("Subject: no date\n\n");

    assertThat(mail.date()).isNull();
    assertThat(mail.messageId()).isEmpty();
    assertThat(mail.from()).isEmpty();
  }

  @Test
  void parse_whenDateUnreadable_leavesItUnknown() {
    assertThat(read("Date: the day before yesterday\n\n").date()).isNull();
  }

  @Test
  void parse_whenReceivedDatesAreOdd_keepsTheStampWithAnUnknownDate() {
    InboundMail mail =
        read(
            "Received: from a by b; Fri Jul 28 12:19:01 UTC+0200 2006\n"
                + "Received: from c by d; last Tuesday\n"
                + "Received: from e by f\n\n");

    assertThat(mail.received())
        .extracting(ReceivedStamp::by, ReceivedStamp::at)
        .containsExactly(
            tuple("f", null), tuple("d", null), tuple("b", Instant.parse("2006-07-28T10:19:01Z")));
  }

  @Test
  void parse_whenLargerThanMaxBytes_refusesAsOversizedBeforeLookingAtLines() {
    byte[] raw = ascii("Subject: " + "x".repeat(2000) + "\n\n");

    assertThat(refusal(STRICT.parse(raw))).isEqualTo(MailRefusal.OVERSIZED);
  }

  @Test
  void parse_whenExactlyMaxBytes_reads() {
    String head = "Subject: s\n\n";
    byte[] raw = ascii(head + "b".repeat(1000 - head.length()));

    assertThat(raw).hasSize(1000);
    assertThat(read(STRICT, raw).subject()).isEqualTo("s");
  }

  @Test
  void parse_whenMoreHeaderLinesThanTheLimit_refuses() {
    String tenLines = "X-A: 1\n".repeat(10);

    assertThat(read(STRICT, ascii(tenLines + "\n")).subject()).isEmpty();
    assertThat(refusal(STRICT.parse(ascii(tenLines + "X-B: 2\n\n"))))
        .isEqualTo(MailRefusal.TOO_MANY_HEADERS);
  }

  @Test
  void parse_countsFoldedContinuationsAsLines() {
    String folded = "Subject: a\n" + " b\n".repeat(10);

    assertThat(refusal(STRICT.parse(ascii(folded + "\n")))).isEqualTo(MailRefusal.TOO_MANY_HEADERS);
  }

  @Test
  void parse_whenMoreReceivedHeadersThanTheLimit_refuses() {
    String three = "Received: by a.example; 28 Jul 2006 11:07:47 -0000\n".repeat(3);

    assertThat(read(STRICT, ascii(three + "\n")).received()).hasSize(3);
    assertThat(refusal(STRICT.parse(ascii(three + "Received: by b.example\n\n"))))
        .isEqualTo(MailRefusal.TOO_MANY_HEADERS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", ""})
  void parse_whenALineIsExactlyTheLimit_reads(String lineEnd) {
    String line = "Subject: " + "x".repeat(100 - 9);

    assertThat(line).hasSize(100);
    assertThat(read(STRICT, ascii(line + lineEnd)).subject()).hasSize(91);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n\n", "\r\n\r\n", ""})
  void parse_whenALineIsLongerThanTheLimit_refuses(String lineEnd) {
    String line = "Subject: " + "x".repeat(100 - 8);

    assertThat(refusal(STRICT.parse(ascii(line + lineEnd))))
        .isEqualTo(MailRefusal.HEADER_LINE_TOO_LONG);
  }

  @Test
  void parse_whenOneLongLineHasNoEnd_refusesAsTooLong() {
    byte[] raw = ascii("Subject: " + "x".repeat(200_000));

    assertThat(refusal(PARSER.parse(raw))).isEqualTo(MailRefusal.HEADER_LINE_TOO_LONG);
  }

  @Test
  void parse_whenDefaultLimits_acceptRealMailAndRefuseAMailLoop() {
    String loop = "Received: from a.example by b.example; 28 Jul 2006 11:07:47 -0000\n".repeat(101);

    assertThat(read(PARSER, Fixtures.mail("postfix-gmail-ses.eml")).received()).hasSize(5);
    assertThat(refusal(PARSER.parse(ascii(loop + "\n")))).isEqualTo(MailRefusal.TOO_MANY_HEADERS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\r\n",
        "\n\nSubject: in the body\n",
        "just some text without a colon\nand more\n\n",
        " continuation: with nothing before it\n\n",
        ": no name\n\n"
      })
  void parse_whenThereIsNoHeaderSection_refusesAsMalformed(String raw) {
    assertThat(refusal(PARSER.parse(ascii(raw)))).isEqualTo(MailRefusal.MALFORMED);
  }

  @Test
  void parse_whenRawIsNull_refusesAsMalformed() {
    assertThat(refusal(PARSER.parse((byte[]) null))).isEqualTo(MailRefusal.MALFORMED);
  }

  @Test
  void parse_sesHeaderList_readsTheFieldsLikeTheRawMail() {
    List<MailHeader> headers =
        List.of(
            new MailHeader("Return-Path", "<mailflow@contoso.com>"),
            new MailHeader(
                "Received",
                "from MX01.contoso.com (mx01.contoso.com [198.51.100.10]) by"
                    + " inbound-smtp.eu-west-1.amazonaws.com with SMTP id"
                    + " 3hq0b0l9v6tm3ri4ppl2mf6gn9eq0d5v2k8a8i81 for"
                    + " probe-mx01@mailflow.contoso.com; Fri, 28 Jul 2006 11:07:49 +0000 (UTC)"),
            new MailHeader("X-SES-Spam-Verdict", "PASS"),
            new MailHeader("X-SES-Virus-Verdict", "PASS"),
            new MailHeader(
                "Authentication-Results",
                "amazonses.com; spf=pass (spfCheck: domain of contoso.com designates"
                    + " 198.51.100.10 as permitted sender) client-ip=198.51.100.10;"
                    + " envelope-from=mailflow@contoso.com; helo=MX01.contoso.com; dkim=none;"
                    + " dmarc=none header.from=contoso.com;"),
            new MailHeader(
                "Received",
                "from MX02.contoso.local ([10.0.0.2]) by MX01.contoso.local with Microsoft"
                    + " SMTPSVC(6.0.3790.1830); Fri, 28 Jul 2006 13:07:47 +0200"),
            new MailHeader(
                "Received",
                "from monitor.contoso.com ([192.0.2.5]) by MX02.contoso.local with Microsoft"
                    + " SMTPSVC(6.0.3790.1830); Fri, 28 Jul 2006 12:19:02 +0200"),
            new MailHeader("Date", "Fri, 28 Jul 2006 10:19:01 +0000"),
            new MailHeader("From", "mailflow@contoso.com"),
            new MailHeader("To", "probe-mx01@contoso.com"),
            new MailHeader("Message-ID", "<probe.exch2003flush001.MX02-to-MX01@contoso.com>"),
            new MailHeader("Subject", "Mailflow probe MX02-to-MX01 2006-07-28 10:19:01Z"),
            new MailHeader("MIME-Version", "1.0"),
            new MailHeader("Content-Type", "text/plain; charset=UTF-8"),
            new MailHeader("Content-Transfer-Encoding", "7bit"),
            new MailHeader(
                "X-Mailflow-Probe",
                "v1.k2024.MX02-to-MX01.1154081941000.exch2003flush001."
                    + "Gb2xI3JDuChjjQaYqVB4UTqaGu2-SLNBhi9Z24siMNo"),
            new MailHeader("Auto-Submitted", "auto-generated"),
            new MailHeader("X-Auto-Response-Suppress", "All"),
            new MailHeader(
                "X-OriginalArrivalTime",
                "28 Jul 2006 11:07:47.0421 (UTC) FILETIME=[6C5F3AD0:01C6B23A]"));

    MailReading fromList = PARSER.parse(headers);

    assertThat(fromList).isInstanceOf(MailReading.Read.class);
    InboundMail mail = ((MailReading.Read) fromList).mail();
    assertThat(mail).isEqualTo(read(PARSER, Fixtures.mail("exchange2003-backlog.eml")));
    assertThat(mail.received())
        .extracting(ReceivedStamp::by)
        .containsExactly(
            "MX02.contoso.local", "MX01.contoso.local", "inbound-smtp.eu-west-1.amazonaws.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "exchange2003-backlog.eml",
        "exchange2016-clock-skew.eml",
        "postfix-gmail-ses.eml",
        "qmail-go-relay.eml"
      })
  void parse_sesHeaderListOfEachFixture_equalsTheRawReading(String fixture) {
    byte[] raw = Fixtures.mail(fixture);

    MailReading fromList = PARSER.parse(asSesHeaderList(raw));

    assertThat(fromList).isEqualTo(PARSER.parse(raw));
  }

  @Test
  void parse_sesHeaderList_skipsMissingEntriesAndStillUnfolds() {
    List<MailHeader> headers = new ArrayList<>();
    headers.add(null);
    headers.add(new MailHeader("Subject", " folded\r\n value "));
    headers.add(new MailHeader(null, "nameless"));

    InboundMail mail = ((MailReading.Read) PARSER.parse(headers)).mail();

    assertThat(mail.subject()).isEqualTo("folded value");
  }

  @Test
  void parse_sesHeaderList_appliesEveryLimit() {
    List<MailHeader> eleven = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      eleven.add(new MailHeader("X-A", "1"));
    }
    List<MailHeader> fourReceived = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fourReceived.add(new MailHeader("Received", "by a.example"));
    }

    assertThat(refusal(STRICT.parse(List.of(new MailHeader("Subject", "x".repeat(1000))))))
        .isEqualTo(MailRefusal.OVERSIZED);
    assertThat(refusal(STRICT.parse(eleven))).isEqualTo(MailRefusal.TOO_MANY_HEADERS);
    assertThat(refusal(STRICT.parse(fourReceived))).isEqualTo(MailRefusal.TOO_MANY_HEADERS);
    assertThat(refusal(STRICT.parse(List.of(new MailHeader("Subject", "x".repeat(101))))))
        .isEqualTo(MailRefusal.HEADER_LINE_TOO_LONG);
    assertThat(refusal(STRICT.parse(List.of()))).isEqualTo(MailRefusal.MALFORMED);
    assertThat(refusal(STRICT.parse((List<MailHeader>) null))).isEqualTo(MailRefusal.MALFORMED);
  }

  @Test
  void mailLimits_whenNotPositive_refuseNamingTheLimit() {
    assertThatThrownBy(() -> new MailLimits(1, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxHeaderLineLength");
  }

  /**
   * The header section as SES lists it: one entry per field, unfolded. Written with a regular
   * expression so it does not share code with the parser it checks.
   */
  static List<MailHeader> asSesHeaderList(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    String headerSection = text.substring(0, text.indexOf("\n\n"));
    Matcher field =
        Pattern.compile("^([^:\\s]+):[ \\t]*((?:[^\\n]*)(?:\\n[ \\t][^\\n]*)*)", Pattern.MULTILINE)
            .matcher(headerSection);
    List<MailHeader> headers = new ArrayList<>();
    while (field.find()) {
      headers.add(new MailHeader(field.group(1), field.group(2).replace("\n", "")));
    }
    return headers;
  }
}
