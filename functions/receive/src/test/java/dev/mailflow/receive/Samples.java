package dev.mailflow.receive;

import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The keys, names and files the receive function's tests share: the sample events of {@code
 * events/} and the key their tokens are signed with (documented in {@code events/README.md}), and
 * the mail fixtures of the codec with theirs.
 */
final class Samples {

  /** The key of {@code events/README.md}: the sample events' tokens verify with it. */
  static final SigningKey SAMPLE_KEY =
      new SigningKey(
          "sample",
          "mailflow-sample-signing-key-not-for-production".getBytes(StandardCharsets.US_ASCII));

  /** The sample signing secret as it is stored in Secrets Manager. */
  static final String SAMPLE_SECRET =
      "{\"keyId\": \"sample\", \"key\": \"mailflow-sample-signing-key-not-for-production\"}";

  /** The key the codec's mail fixtures ({@code mail/*.eml}) were signed with. */
  static final SigningKey FIXTURE_KEY =
      new SigningKey(
          "k2024",
          "mailflow-fixture-secret-not-for-production".getBytes(StandardCharsets.US_ASCII));

  /** A key nobody in these tests trusts: what a forger would sign with. */
  static final SigningKey FORGER_KEY =
      new SigningKey(
          "sample",
          "a-forger-guessed-the-key-id-but-not-the-secret".getBytes(StandardCharsets.US_ASCII));

  /** The keys the function under test accepts: the sample key, and the fixtures' as previous. */
  static final SigningKeys TRUSTED_KEYS = new SigningKeys(SAMPLE_KEY, FIXTURE_KEY);

  /** Bucket and prefix the sample events name. */
  static final String SAMPLE_BUCKET = "mailflow-sample-inbound-mail";

  static final String SAMPLE_PREFIX = "inbound/";

  /** SES message id of the probe mail stored in {@code events/receive-sample-mail.eml}. */
  static final String SAMPLE_STORED_MESSAGE_ID = "9h2bqrku5c4j8ds0ftb7lm1vo6e3ng0a2pi4kq81";

  static final Route MX02_TO_MX01 =
      new Route(
          "MX02-to-MX01",
          "MX02",
          "MX01",
          "mailflow@contoso.com",
          "probe-mx01@contoso.com",
          RoutePolicy.defaults(),
          true);

  private Samples() {}

  /** The {@code events/} folder at the top of the repository. */
  static Path eventsFolder() {
    String folder = System.getProperty("mailflow.events");
    if (folder == null) {
      throw new IllegalStateException(
          "system property mailflow.events is not set: run the tests with Maven");
    }
    return Path.of(folder);
  }

  /** The receive function's sample events: {@code events/receive-*.json}. */
  static List<Path> receiveEvents() {
    try (Stream<Path> files = Files.list(eventsFolder())) {
      return files
          .filter(file -> file.getFileName().toString().matches("receive-.*\\.json"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] event(String name) {
    return read(eventsFolder().resolve(name));
  }

  /** The stored probe mail the truncated SES sample and the S3 sample name. */
  static byte[] sampleMail() {
    return read(eventsFolder().resolve("receive-sample-mail.eml"));
  }

  /** A mail fixture of the codec, {@code mail/NAME}. */
  static byte[] fixture(String name) {
    try (InputStream in = Samples.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture mail/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A probe mail on MX02-to-MX01 signed with {@code key}, as SES would store it after two hops:
   * MX02 one second after sending, MX01 two seconds later.
   */
  static byte[] probeMail(SigningKey key, Instant sentAt, String nonce) {
    byte[] composed =
        new ProbeMailComposer(new ProbeTokenSigner(SigningKeys.of(key)))
            .composeBytes(MX02_TO_MX01, sentAt, nonce);
    String received =
        "Received: from MX02.contoso.local by MX01.contoso.local with ESMTPS; "
            + TestEvents.mailDate(sentAt.plusSeconds(3))
            + "\r\n"
            + "Received: from monitor.contoso.com by MX02.contoso.local with ESMTPSA; "
            + TestEvents.mailDate(sentAt.plusSeconds(1))
            + "\r\n";
    return (received + new String(composed, StandardCharsets.ISO_8859_1))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
