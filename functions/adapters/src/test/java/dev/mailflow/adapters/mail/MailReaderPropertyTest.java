package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The receive function reads whatever anyone mails to the probe address, so the mail reader must
 * answer every input with a reading, never an exception: arbitrary bytes, real mails with bytes
 * changed, and header sections built from the fields it reads with hostile values.
 */
class MailReaderPropertyTest {

  private static final InboundMailParser PARSER = new InboundMailParser();
  private static final ArrivalReader READER = new ArrivalReader(Fixtures.SIGNER);
  private static final Instant ARRIVED = Instant.parse("2026-03-02T10:05:00Z");

  private static final List<String> MAILS =
      List.of(
          "exchange2003-backlog.eml",
          "exchange2016-clock-skew.eml",
          "forged-token.eml",
          "out-of-office-reply.eml",
          "postfix-gmail-ses.eml",
          "qmail-go-relay.eml");

  /** One change to a mail: replace, insert or delete the byte at a position. */
  record Edit(int kind, int position, byte value) {}

  @Property(tries = 1000)
  void arbitraryBytes_areReadWithoutAnException(@ForAll byte[] raw) {
    assertReadWithoutException(raw);
  }

  @Property(tries = 1000)
  void realMailWithBytesChanged_isReadWithoutAnException(
      @ForAll("mails") byte[] mail, @ForAll("edits") List<Edit> edits) {
    assertReadWithoutException(edited(mail, edits));
  }

  @Property(tries = 1000)
  void headerSectionOfHostileFields_isReadWithoutAnException(
      @ForAll("headerSections") String headers) {
    assertReadWithoutException(headers.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static void assertReadWithoutException(byte[] raw) {
    assertThatCode(
            () -> {
              assertThat(PARSER.parse(raw)).isNotNull();
              assertThat(READER.read(raw, ARRIVED)).isNotNull();
            })
        .doesNotThrowAnyException();
  }

  @Provide
  Arbitrary<byte[]> mails() {
    return Arbitraries.of(MAILS).map(Fixtures::mail);
  }

  @Provide
  Arbitrary<List<Edit>> edits() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.integers().between(0, 1 << 16),
            Arbitraries.bytes())
        .as(Edit::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> headerSections() {
    Arbitrary<String> name =
        Arbitraries.of(
            "Received",
            "X-Mailflow-Probe",
            "Date",
            "Message-ID",
            "From",
            "Subject",
            "Authentication-Results",
            "X-Other",
            " ",
            "\t");
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(200),
            Arbitraries.of(
                "from a by b; Mon, 2 Mar 2026 10:00:00 +0000",
                "from a by b; Mon, 31 Feb 99999 25:61:61 +9999",
                "from a by b; ;;;",
                "v1.key-1.MX02-to-MX01.1772445600000.abcdefgh12345678.AAAA",
                "v1.key-1.MX02-to-MX01.99999999999999999999.abcdefgh12345678.AAAA",
                "mx.example; spf=pass dkim=fail dmarc=",
                "=?UTF-8?B?////?=",
                "\u0000\u00ff"));
    Arbitrary<String> field = Combinators.combine(name, value).as((n, v) -> n + ": " + v);
    return field
        .list()
        .ofMaxSize(40)
        .map(fields -> String.join("\r\n", fields) + "\r\n\r\nbody\r\n");
  }

  private static byte[] edited(byte[] mail, List<Edit> edits) {
    byte[] bytes = mail;
    for (Edit edit : edits) {
      int at = bytes.length == 0 ? 0 : edit.position() % bytes.length;
      byte[] next;
      switch (edit.kind()) {
        case 0 -> {
          next = bytes.clone();
          if (next.length > 0) {
            next[at] = edit.value();
          }
        }
        case 1 -> {
          next = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, next, 0, at);
          next[at] = edit.value();
          System.arraycopy(bytes, at, next, at + 1, bytes.length - at);
        }
        default -> {
          if (bytes.length == 0) {
            next = bytes;
          } else {
            next = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, next, 0, at);
            System.arraycopy(bytes, at + 1, next, at, bytes.length - at - 1);
          }
        }
      }
      bytes = next;
    }
    return bytes;
  }
}
