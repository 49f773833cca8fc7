package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mailflow.domain.probe.ReceivedStamp;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReceivedHeaderTest {

  static Stream<Arguments> realHeaders() {
    return Stream.of(
        arguments(
            "Exchange 2003",
            "from MX02.contoso.local ([10.0.0.2]) by MX01.contoso.local with Microsoft"
                + " SMTPSVC(6.0.3790.1830); Fri, 28 Jul 2006 13:07:47 +0200",
            "MX02.contoso.local",
            "MX01.contoso.local",
            "Microsoft SMTPSVC",
            "2006-07-28T11:07:47Z"),
        arguments(
            "Exchange 2016, unfolded",
            "from EX01.contoso.local (10.0.0.11) by EX02.contoso.local (10.0.0.12) with"
                + " Microsoft SMTP Server (version=TLS1_2,"
                + " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.6 via Mailbox"
                + " Transport; Tue, 2 Jan 2024 10:58:02 +0100",
            "EX01.contoso.local",
            "EX02.contoso.local",
            "Microsoft SMTP Server",
            "2024-01-02T09:58:02Z"),
        arguments(
            "Postfix with TLS comments, tabs of the folding kept",
            "from monitor.example.net (ec2-198-51-100-7.compute-1.amazonaws.com"
                + " [198.51.100.7])\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256"
                + " bits)\t key-exchange X25519 server-signature RSA-PSS (2048 bits)"
                + " server-digest SHA256)\t(No client certificate requested)\tby mx2.example.org"
                + " (Postfix) with ESMTPSA id 4T4Bqk2Lr1z9sQx\tfor <probe@example.com>; Tue,  2"
                + " Jan 2024 10:00:01 +0000 (UTC)",
            "monitor.example.net",
            "mx2.example.org",
            "ESMTPSA",
            "2024-01-02T10:00:01Z"),
        arguments(
            "Gmail MX",
            "from mx2.example.org (mx2.example.org. [203.0.113.25]) by mx.google.com with ESMTPS"
                + " id d9443c01a7336-1d4b3c7f5e0si1234567pfb.123.2024.01.02.02.00.02 for"
                + " <probe@example.com> (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384"
                + " bits=256/256); Tue, 02 Jan 2024 02:00:02 -0800 (PST)",
            "mx2.example.org",
            "mx.google.com",
            "ESMTPS",
            "2024-01-02T10:00:02Z"),
        arguments(
            "Gmail internal, no from",
            "by 2002:a05:6a10:8e0b:b0:4f2:1c3d:8a1f with SMTP id u11csp2412345pxh;        Tue, 2"
                + " Jan 2024 02:00:03 -0800 (PST)",
            "",
            "2002:a05:6a10:8e0b:b0:4f2:1c3d:8a1f",
            "SMTP",
            "2024-01-02T10:00:03Z"),
        arguments(
            "Amazon SES inbound",
            "from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41]) by"
                + " inbound-smtp.us-east-1.amazonaws.com with SMTP id"
                + " 5g2mh3b8c1s4q0rtu7vl8jnd2a6cf9ekq1p0ot81 for probe-gws@mailflow.example.com;"
                + " Tue, 02 Jan 2024 10:00:04 +0000 (UTC)",
            "mail-sor-f41.google.com",
            "inbound-smtp.us-east-1.amazonaws.com",
            "SMTP",
            "2024-01-02T10:00:04Z"),
        arguments(
            "Go server, time.Time text",
            "from mx.example.net (mx.example.net [192.0.2.10]) by relay.example.net (go-smtp)"
                + " with ESMTPS id 2f4e1c9a; 2024-07-15 10:30:04.123456789 +0200 CEST"
                + " m=+86400.000123001",
            "mx.example.net",
            "relay.example.net",
            "ESMTPS",
            "2024-07-15T08:30:04.123456789Z"),
        arguments(
            "qmail, only a comment whose words look like clauses",
            "(qmail 1234 invoked by uid 89); 28 Jul 2006 11:07:47 -0000",
            "",
            "",
            "",
            "2006-07-28T11:07:47Z"),
        arguments(
            "qmail SMTP",
            "from unknown (HELO monitor) (192.0.2.5)  by mx.example.net with SMTP; 15 Jul 2024"
                + " 08:30:01 -0000",
            "unknown",
            "mx.example.net",
            "SMTP",
            "2024-07-15T08:30:01Z"),
        arguments(
            "Exim, upper-case keywords, with clause cut at its comment",
            "FROM [192.0.2.1] (helo=mx02.example.com) BY mx01.example.com WITH esmtpsa (TLS1.3)"
                + " tls TLS_AES_256_GCM_SHA384 (Exim 4.96) (envelope-from <a@example.com>) id"
                + " 1qXyZ-0001 for x@example.com; Fri, 28 Jul 2006 13:07:47 +0200",
            "[192.0.2.1]",
            "mx01.example.com",
            "esmtpsa",
            "2006-07-28T11:07:47Z"),
        arguments(
            "no date",
            "from a.example by b.example with LMTP",
            "a.example",
            "b.example",
            "LMTP",
            null),
        arguments(
            "unreadable date",
            "from a.example by b.example; yesterday",
            "a.example",
            "b.example",
            "",
            null),
        arguments(
            "unbalanced comment",
            "from a.example (unclosed by b.example; Fri, 28 Jul 2006 13:07:47 +0200",
            "a.example",
            "",
            "",
            "2006-07-28T11:07:47Z"),
        arguments(
            "';' in a comment after the date",
            "from a.example by b.example with ESMTP; Fri, 28 Jul 2006 13:07:47 +0200 (note; x)",
            "a.example",
            "b.example",
            "ESMTP",
            "2006-07-28T11:07:47Z"),
        arguments("empty", "", "", "", "", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("realHeaders")
  void parse_readsHostsProtocolAndDate(
      String description, String value, String from, String by, String protocol, String at) {
    ReceivedStamp stamp = ReceivedHeader.parse(value);

    assertThat(stamp.from()).isEqualTo(from);
    assertThat(stamp.by()).isEqualTo(by);
    assertThat(stamp.protocol()).isEqualTo(protocol);
    assertThat(stamp.at()).isEqualTo(at == null ? null : Instant.parse(at));
  }
}
