package dev.mailflow.adapters.mail;

import static dev.mailflow.adapters.mail.Fixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.Origin;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.TokenRejection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArrivalReaderTest {

  private static final ArrivalReader READER = new ArrivalReader(Fixtures.SIGNER);

  private static Arrival arrival(ArrivalReading reading) {
    assertThat(reading).isInstanceOf(ArrivalReading.Read.class);
    return ((ArrivalReading.Read) reading).arrival();
  }

  /** The outcome a rejected mail ends in, with the rule it broke. */
  private static Tuple rejection(ArrivalReading reading) {
    assertThat(reading).isInstanceOf(ArrivalReading.Rejected.class);
    ArrivalReading.Rejected rejected = (ArrivalReading.Rejected) reading;
    assertThat(rejected.detail()).isNotBlank();
    return tuple(rejected.outcome(), rejected.cause());
  }

  private static byte[] replace(byte[] mail, String from, String to) {
    String text = new String(mail, StandardCharsets.ISO_8859_1);
    assertThat(text).contains(from);
    return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void read_composedProbeWithHopsAddedOnTheWay_givesTheArrival() {
    Instant sent = Instant.parse("2024-01-02T10:00:00.250Z");
    byte[] composed =
        new ProbeMailComposer(Fixtures.SIGNER)
            .composeBytes(Fixtures.MX02_TO_MX01, sent, "roundtrip0000001");
    byte[] delivered =
        ascii(
            "Received: from MX01.contoso.com by inbound-smtp.eu-west-1.amazonaws.com with SMTP"
                + " id x; Tue, 02 Jan 2024 10:00:03 +0000\r\n"
                + "Received: from monitor.contoso.com by MX02.contoso.local with ESMTPSA;\r\n"
                + " Tue, 2 Jan 2024 11:00:01 +0100\r\n"
                + new String(composed, StandardCharsets.ISO_8859_1));

    Arrival arrival = arrival(READER.read(delivered, Instant.parse("2024-01-02T10:00:03.500Z")));

    assertThat(arrival.token())
        .isEqualTo(new ProbeToken("k2024", "MX02-to-MX01", sent, "roundtrip0000001"));
    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofMillis(3250));
    assertThat(arrival.messageId()).isEqualTo("<probe.roundtrip0000001.MX02-to-MX01@contoso.com>");
    assertThat(arrival.hops())
        .extracting(Hop::by, Hop::protocol, Hop::delay)
        .containsExactly(
            tuple("MX02.contoso.local", "ESMTPSA", Duration.ofMillis(750)),
            tuple("inbound-smtp.eu-west-1.amazonaws.com", "SMTP", Duration.ofSeconds(2)));
  }

  @Test
  void read_composedProbeWithoutAnyHop_givesTheArrivalWithNoHops() {
    Instant sent = Instant.parse("2024-01-02T10:00:00Z");
    byte[] composed =
        new ProbeMailComposer(Fixtures.SIGNER)
            .composeBytes(Fixtures.MX02_TO_MX01, sent, ProbeTokenSigner.newNonce());

    Arrival arrival = arrival(READER.read(composed, sent.plusSeconds(1)));

    assertThat(arrival.hops()).isEmpty();
    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofSeconds(1));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void read_backlogFlushOfTheExchange2003Story_measuresTheQueuedHop(boolean crlf) {
    byte[] mail = Fixtures.mail("exchange2003-backlog.eml");

    Arrival arrival =
        arrival(
            READER.read(
                crlf ? Fixtures.crlf(mail) : Fixtures.lfOnly(mail),
                Instant.parse("2006-07-28T11:07:49Z")));

    assertThat(arrival.routeId()).isEqualTo("MX02-to-MX01");
    assertThat(arrival.probeId()).isEqualTo("exch2003flush001");
    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofSeconds(2928));
    assertThat(arrival.hops())
        .extracting(Hop::from, Hop::by, Hop::protocol, Hop::delay)
        .containsExactly(
            tuple(
                "monitor.contoso.com",
                "MX02.contoso.local",
                "Microsoft SMTPSVC",
                Duration.ofSeconds(1)),
            tuple(
                "MX02.contoso.local",
                "MX01.contoso.local",
                "Microsoft SMTPSVC",
                Duration.ofSeconds(2925)),
            tuple(
                "MX01.contoso.com",
                "inbound-smtp.eu-west-1.amazonaws.com",
                "SMTP",
                Duration.ofSeconds(2)));
    assertThat(arrival.authentication())
        .isEqualTo(new AuthenticationVerdicts("pass", "none", "none"));
    assertThat(arrival.toDelivery().deliveredAt()).isEqualTo(Instant.parse("2006-07-28T11:07:49Z"));
  }

  @Test
  void read_postfixToGmailToSes_measuresEveryHop() {
    Arrival arrival =
        arrival(
            READER.read(
                Fixtures.mail("postfix-gmail-ses.eml"), Instant.parse("2024-01-02T10:00:04.500Z")));

    assertThat(arrival.hops())
        .extracting(Hop::delay)
        .containsExactly(
            Duration.ofMillis(750),
            Duration.ofSeconds(1),
            Duration.ZERO,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    assertThat(arrival.hops()).allMatch(Hop::hasTrustedDelay);
    assertThat(arrival.endToEnd()).isEqualTo(Duration.ofMillis(4250));
    assertThat(arrival.authentication())
        .isEqualTo(new AuthenticationVerdicts("pass", "pass", "pass"));
  }

  @Test
  void read_qmailAndGoRelay_readsCommentOnlyStampsAndGoDates() {
    Arrival arrival =
        arrival(
            READER.read(
                Fixtures.mail("qmail-go-relay.eml"), Instant.parse("2024-07-15T08:30:05Z")));

    assertThat(arrival.hops())
        .extracting(Hop::from, Hop::by, Hop::delay)
        .containsExactly(
            tuple("unknown", "mx.example.net", Duration.ofSeconds(1)),
            tuple("", "", Duration.ofSeconds(1)),
            tuple("mx.example.net", "relay.example.net", Duration.ofNanos(2_123_456_789)),
            tuple(
                "relay.example.net",
                "inbound-smtp.eu-west-1.amazonaws.com",
                Duration.ofNanos(876_543_211)));
    assertThat(arrival.authentication()).isEqualTo(AuthenticationVerdicts.unknown());
  }

  @Test
  void read_whenAHostClockIsSlow_flagsTheNegativeHopAndKeepsIt() {
    Arrival arrival =
        arrival(
            READER.read(
                Fixtures.mail("exchange2016-clock-skew.eml"),
                Instant.parse("2024-01-02T10:00:04Z")));

    assertThat(arrival.hops())
        .extracting(Hop::by, Hop::delay, Hop::clockSkew)
        .containsExactly(
            tuple("EX01.contoso.local", Duration.ofSeconds(1), false),
            tuple("EX02.contoso.local", Duration.ofSeconds(-119), true),
            tuple("EX02.contoso.local", Duration.ofSeconds(-118), true),
            // From the last right clock (EX01's), not from EX02's slow one.
            tuple("inbound-smtp.us-east-1.amazonaws.com", Duration.ofSeconds(3), false));
    assertThat(arrival.hops().get(1).hasTrustedDelay()).isFalse();
    assertThat(arrival.hops().get(0).protocol()).isEqualTo("Microsoft SMTP Server");
  }

  @Test
  void read_whenTokenSignedWithAnotherSecret_rejectsAsBadSignature() {
    ArrivalReading reading =
        READER.read(Fixtures.mail("forged-token.eml"), Instant.parse("2006-07-28T11:07:49Z"));

    assertThat(rejection(reading))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.BAD_SIGNATURE));
  }

  @ParameterizedTest
  @CsvSource({
    "MX02-to-MX01.1154081941000, MX03-to-MX01.1154081941000",
    "MX02-to-MX01.1154081941000, MX02-to-MX01.1154081941001",
    "exch2003flush001.Gb2x, exch2003flush002.Gb2x"
  })
  void read_whenTheTokenOfARealProbeIsAltered_rejectsAsBadSignature(String from, String to) {
    byte[] tampered = replace(Fixtures.mail("exchange2003-backlog.eml"), from, to);

    ArrivalReading reading = READER.read(tampered, Instant.parse("2006-07-28T11:07:49Z"));

    assertThat(rejection(reading))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.BAD_SIGNATURE));
  }

  @Test
  void read_whenTheTokenWasCutShort_rejectsAsTruncated() {
    byte[] cut = replace(Fixtures.mail("exchange2003-backlog.eml"), "SLNBhi9Z24siMNo", "SLNBhi9");

    assertThat(rejection(READER.read(cut, Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.TRUNCATED));
  }

  @Test
  void read_whenTheKeyWasRetired_rejectsAsUnknownKey() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 'n');
    ArrivalReader rotated =
        new ArrivalReader(new ProbeTokenSigner(SigningKeys.of(new SigningKey("k2025", secret))));

    ArrivalReading reading = rotated.read(Fixtures.mail("exchange2003-backlog.eml"), Instant.EPOCH);

    assertThat(rejection(reading))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.UNKNOWN_KEY));
  }

  @Test
  void read_whenTheKeyIsThePreviousOne_stillAccepts() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 'n');
    ArrivalReader rotated =
        new ArrivalReader(
            new ProbeTokenSigner(new SigningKeys(new SigningKey("k2025", secret), Fixtures.KEY)));

    ArrivalReading reading =
        rotated.read(
            Fixtures.mail("exchange2003-backlog.eml"), Instant.parse("2006-07-28T11:07:49Z"));

    assertThat(arrival(reading).token().keyId()).isEqualTo("k2024");
  }

  @Test
  void read_whenAMailHasNoToken_rejectsAsForeign() {
    ArrivalReading reading =
        READER.read(
            Fixtures.mail("out-of-office-reply.eml"), Instant.parse("2024-01-02T10:00:09Z"));

    assertThat(rejection(reading)).isEqualTo(tuple(ArrivalOutcome.FOREIGN, null));
  }

  @Test
  void read_whenTheTokenHeaderIsEmpty_rejectsAsMalformedToken() {
    assertThat(rejection(READER.read(ascii("X-Mailflow-Probe:\r\n\r\n"), Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.MALFORMED));
  }

  @Test
  void read_whenTheTokenIsFoldedOntoItsOwnLine_acceptsIt() {
    byte[] folded =
        replace(
            Fixtures.mail("exchange2003-backlog.eml"),
            "X-Mailflow-Probe: v1.",
            "X-Mailflow-Probe:\r\n v1.");

    assertThat(arrival(READER.read(folded, Instant.parse("2006-07-28T11:07:49Z"))).probeId())
        .isEqualTo("exch2003flush001");
  }

  @Test
  void read_whenTheTokenIsOverLong_rejectsAsTokenTooLong() {
    byte[] mail = ascii("X-Mailflow-Probe: v1." + "a".repeat(300) + "\r\n\r\n");

    assertThat(rejection(READER.read(mail, Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.TOO_LONG));
  }

  @Test
  void read_whenTheTokenIsOfAFutureVersion_rejectsAsUnsupportedVersion() {
    byte[] mail = ascii("X-Mailflow-Probe: v2.whatever\r\n\r\n");

    assertThat(rejection(READER.read(mail, Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.FORGED, TokenRejection.UNSUPPORTED_VERSION));
  }

  @Test
  void read_whenTheMailBreaksALimit_rejectsWithTheMatchingReason() {
    ArrivalReader strict = new ArrivalReader(Fixtures.SIGNER, new MailLimits(3000, 40, 200, 2));
    byte[] mail = Fixtures.mail("exchange2003-backlog.eml");

    assertThat(rejection(strict.read(ascii("x".repeat(3001)), Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.OVERSIZED, MailRefusal.OVERSIZED));
    assertThat(rejection(strict.read(mail, Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.MALFORMED_MAIL, MailRefusal.TOO_MANY_HEADERS));
    assertThat(rejection(strict.read(ascii("X-A: 1\n".repeat(41)), Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.MALFORMED_MAIL, MailRefusal.TOO_MANY_HEADERS));
    assertThat(rejection(strict.read(ascii("X-A: " + "1".repeat(300)), Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.MALFORMED_MAIL, MailRefusal.HEADER_LINE_TOO_LONG));
    assertThat(rejection(strict.read(ascii("\r\nbody only"), Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.MALFORMED_MAIL, MailRefusal.MALFORMED));
    assertThat(rejection(strict.read((byte[]) null, Instant.EPOCH)))
        .isEqualTo(tuple(ArrivalOutcome.MALFORMED_MAIL, MailRefusal.MALFORMED));
  }

  @Test
  void read_sesHeaderList_givesTheSameArrivalAsTheRawMail() {
    byte[] raw = Fixtures.mail("postfix-gmail-ses.eml");
    Instant arrivedAt = Instant.parse("2024-01-02T10:00:04.500Z");

    ArrivalReading fromList = READER.read(InboundMailParserTest.asSesHeaderList(raw), arrivedAt);

    assertThat(arrival(fromList)).isEqualTo(arrival(READER.read(raw, arrivedAt)));
    assertThat(arrival(fromList).hops()).hasSize(5);
  }

  @Test
  void read_givesTheOriginSesSaw_withItsDkimDomainsOnlyWhenSesVerdictIsAPass() {
    byte[] raw = Fixtures.mail("postfix-gmail-ses.eml");
    Instant arrivedAt = Instant.parse("2024-01-02T10:00:04.500Z");

    ArrivalReading passed =
        READER.read(raw, arrivedAt, new AuthenticationVerdicts("PASS", "PASS", "PASS"));
    ArrivalReading failed =
        READER.read(raw, arrivedAt, new AuthenticationVerdicts("PASS", "FAIL", "PASS"));

    assertThat(((ArrivalReading.Read) passed).origin())
        .isEqualTo(new Origin("209.85.220.41", "mail-sor-f41.google.com", Set.of("example.org")));
    assertThat(((ArrivalReading.Read) failed).origin())
        .isEqualTo(new Origin("209.85.220.41", "mail-sor-f41.google.com", Set.of()));
  }

  @Test
  void read_whenFedRandomlyDamagedMail_alwaysAnswersWithoutThrowing() {
    byte[] original = Fixtures.mail("postfix-gmail-ses.eml");
    Random random = new Random(20060728);
    int arrivals = 0;
    for (int i = 0; i < 3_000; i++) {
      byte[] damaged = Arrays.copyOf(original, 1 + random.nextInt(original.length));
      for (int e = random.nextInt(20); e > 0; e--) {
        damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
      }
      ArrivalReading reading = READER.read(damaged, Instant.EPOCH);
      assertThat(reading).isNotNull();
      if (reading instanceof ArrivalReading.Read) {
        arrivals++;
      }
    }
    assertThat(arrivals).isLessThan(3_000);
  }
}
