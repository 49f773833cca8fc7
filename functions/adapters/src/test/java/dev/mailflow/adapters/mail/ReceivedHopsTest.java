package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mailflow.domain.probe.Hop;
import dev.mailflow.domain.probe.HopChain;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Received lines, read and chained as the receive function does: hosts stamp whole seconds
 * while the send time has milliseconds, so a hop in the same second as the one before it must not
 * come out as clock skew, and a host whose clock is minutes off still must.
 */
class ReceivedHopsTest {

  private static final String POSTFIX_SUBMISSION =
      "from [127.0.0.1] (localhost [127.0.0.1])\t(using TLSv1.3 with cipher"
          + " TLS_AES_256_GCM_SHA384 (256/256 bits)\t key-exchange X25519 server-signature RSA-PSS"
          + " (2048 bits) server-digest SHA256)\t(No client certificate requested)\tby"
          + " mx02.contoso.se (Postfix) with ESMTPS id 4T4Bqk2Lr1z9sQx\tfor <probe@mx01.contoso.se>;"
          + " Wed,  2 Dec 2026 11:30:00 +0100 (CET)";
  private static final String POSTFIX_RELAY =
      "from mx02.contoso.se (mx02.contoso.se [127.0.0.2])\t(using TLSv1.3 with cipher"
          + " TLS_AES_256_GCM_SHA384 (256/256 bits))\t(No client certificate requested)\tby"
          + " mx01.contoso.se (Postfix) with ESMTPS id 4T4Bql0Yx3z9sR2\tfor <probe@mx01.contoso.se>;"
          + " Wed,  2 Dec 2026 11:30:%s +0100 (CET)";
  private static final String SES_INBOUND =
      "from mx01.contoso.se (mx01.contoso.se [203.0.113.1]) by"
          + " inbound-smtp.eu-west-1.amazonaws.com with SMTP id 5g2mh3b8c1s4q0rtu7vl8jnd2a6cf9ekq1p0"
          + " for probe-mx01@mailflow.contoso.se; Wed, 02 Dec 2026 10:30:%s +0000 (UTC)";
  private static final String EXCHANGE_FRONTEND =
      "from EX01.contoso.local (10.0.0.11) by EX02.contoso.local (10.0.0.12) with Microsoft SMTP"
          + " Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.6;"
          + " Wed, 2 Dec 2026 11:%s +0100";
  private static final String EXCHANGE_BACKEND =
      "from EX02.contoso.local (10.0.0.12) by EX03.contoso.local (10.0.0.13) with Microsoft SMTP"
          + " Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.6"
          + " via Frontend Transport; Wed, 2 Dec 2026 11:%s +0100";
  private static final String GMAIL_MX =
      "from mx02.contoso.se (mx02.contoso.se. [203.0.113.25]) by mx.google.com with ESMTPS id"
          + " d9443c01a7336-1d4b3c7f5e0si1234567pfb.123.2026.12.02.02.30.00 for <probe@contoso.se>"
          + " (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256); Wed, 02 Dec 2026"
          + " 02:30:%s -0800 (PST)";
  private static final String GMAIL_INTERNAL =
      "by 2002:a05:6a10:8e0b:b0:4f2:1c3d:8a1f with SMTP id u11csp2412345pxh;        Wed, 2 Dec"
          + " 2026 02:30:%s -0800 (PST)";

  static Stream<Arguments> realChains() {
    return Stream.of(
        arguments(
            "Postfix submission and relay in the send's own second: no skew",
            "10:30:00.734",
            "10:30:01",
            List.of(POSTFIX_SUBMISSION, POSTFIX_RELAY.formatted("00"), SES_INBOUND.formatted("01")),
            List.of(0L, 0L, 266L),
            List.of(false, false, false)),
        arguments(
            "Postfix relay whose clock is a second behind its peer's: no skew",
            "10:30:00.015",
            "10:30:02",
            List.of(
                POSTFIX_SUBMISSION,
                POSTFIX_RELAY.formatted("59").replace("11:30:", "11:29:"),
                SES_INBOUND.formatted("02")),
            List.of(0L, 0L, 1985L),
            List.of(false, false, false)),
        arguments(
            "Postfix relay three minutes behind: skew",
            "10:30:00.734",
            "10:30:02",
            List.of(POSTFIX_SUBMISSION, POSTFIX_RELAY.formatted("00").replace("11:30:", "11:27:")),
            List.of(0L, -180734L),
            List.of(false, true)),
        arguments(
            "Exchange frontend and backend two seconds apart: no skew",
            "10:30:01.500",
            "10:30:03",
            List.of(EXCHANGE_FRONTEND.formatted("30:02"), EXCHANGE_BACKEND.formatted("30:00")),
            List.of(500L, 0L),
            List.of(false, false)),
        arguments(
            "Exchange frontend ten minutes ahead: the frontend flagged, not the backend after it",
            "10:30:01.500",
            "10:30:04",
            List.of(EXCHANGE_FRONTEND.formatted("40:02"), EXCHANGE_BACKEND.formatted("30:03")),
            List.of(600500L, 1500L),
            List.of(true, false)),
        arguments(
            "Gmail MX and internal hop in the send's second: no skew",
            "10:30:00.450",
            "10:30:01",
            List.of(GMAIL_MX.formatted("00"), GMAIL_INTERNAL.formatted("00")),
            List.of(0L, 0L),
            List.of(false, false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realChains")
  void hops_ofRealReceivedLines_flagClockSkewOnlyBeyondTheTolerance(
      String behaviour,
      String sent,
      String delivered,
      List<String> oldestFirst,
      List<Long> delayMillis,
      List<Boolean> skew) {
    List<Hop> hops =
        HopChain.from(
            Instant.parse("2026-12-02T" + sent + "Z"),
            oldestFirst.stream().map(ReceivedHeader::parse).toList(),
            Instant.parse("2026-12-02T" + delivered + "Z"));

    assertThat(hops).allMatch(hop -> hop.receivedAt() != null, "every date read");
    assertThat(hops)
        .extracting(Hop::delay)
        .containsExactlyElementsOf(delayMillis.stream().map(Duration::ofMillis).toList());
    assertThat(hops).extracting(Hop::clockSkew).containsExactlyElementsOf(skew);
  }
}
