package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.Origin;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OriginHeadersTest {

  static Stream<Arguments> received() {
    return Stream.of(
        // SES's own stamp: the HELO name, then the reverse-DNS name and the address it connected.
        Arguments.of(
            "from mx01.contoso.com (mx01.contoso.com [198.51.100.10]) by"
                + " inbound-smtp.eu-west-1.amazonaws.com with SMTP id abc for"
                + " probe@mailflow.contoso.com; Mon, 02 Mar 2026 09:00:04 +0000 (UTC)",
            "198.51.100.10",
            "mx01.contoso.com"),
        // A HELO that claims the target's name proves nothing: the looked-up name is read.
        Arguments.of(
            "from mx01.contoso.se (relay.outsider.example [203.0.113.7]) by inbound-smtp",
            "203.0.113.7",
            "relay.outsider.example"),
        Arguments.of(
            "from mail.example (mail.example. [IPv6:2001:db8::25]) by inbound-smtp",
            "2001:db8::25",
            "mail.example."),
        Arguments.of("from x (unknown [203.0.113.7]) by inbound-smtp", "203.0.113.7", ""),
        Arguments.of(
            "from MX02.contoso.local (10.0.0.2) by MX01.contoso.local (10.0.0.1) with Microsoft"
                + " SMTP Server id 15.2.1544.4; Mon, 2 Mar 2026 10:00:03 +0100",
            "10.0.0.2",
            ""),
        Arguments.of("by 2002:a05:6a10:9e8b with SMTP id x; Tue, 2 Jan 2024", "", ""),
        Arguments.of("from [203.0.113.7] by outsider.example; Tue, 2 Jan 2024", "", ""),
        Arguments.of("from mx01 (mx01 [not-an-address]) by ses", "", "mx01"),
        Arguments.of("from mx01 (unclosed [198.51.100.10", "", ""),
        Arguments.of("", "", ""));
  }

  @ParameterizedTest
  @MethodSource("received")
  void read_takesTheConnectingAddressAndItsLookedUpName(String value, String address, String name) {
    Origin origin = OriginHeaders.read(value, null);

    assertThat(origin.relayAddress()).isEqualTo(address);
    assertThat(origin.relayName())
        .isEqualTo(name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
    assertThat(origin.dkimDomains()).isEmpty();
  }

  @Test
  void read_takesTheDomainOfEveryPassingDkimResult() {
    Origin origin =
        OriginHeaders.read(
            null,
            "amazonses.com; spf=pass (spfCheck: dkim=pass header.d=comment.example) client-ip=1.2.3.4;"
                + " dkim=pass header.d=Contoso.SE header.s=s1; dkim=fail header.d=broken.example;"
                + " dkim=pass header.i=probe@signer.example; dkim=pass header.i=@third.example;"
                + " dmarc=pass header.from=contoso.se;");

    assertThat(origin.dkimDomains())
        .isEqualTo(Set.of("contoso.se", "signer.example", "third.example"));
  }

  @Test
  void read_aServiceNamedLikeAResultIsNotOne() {
    assertThat(OriginHeaders.read(null, "dkim=pass header.d=contoso.se").dkimDomains()).isEmpty();
  }

  @Test
  void parser_readsTheOriginFromTheNewestHeadersOnly() {
    byte[] raw = Fixtures.mail("postfix-gmail-ses.eml");

    InboundMail mail =
        ((MailReading.Read) new InboundMailParser(MailLimits.defaults()).parse(raw)).mail();

    assertThat(mail.origin())
        .isEqualTo(new Origin("209.85.220.41", "mail-sor-f41.google.com", Set.of("example.org")));
  }
}
