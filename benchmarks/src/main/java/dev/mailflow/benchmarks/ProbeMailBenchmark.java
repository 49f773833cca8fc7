package dev.mailflow.benchmarks;

import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.ArrivalReading;
import dev.mailflow.adapters.mail.MailHeader;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Composing a probe mail and reading one that arrived.
 *
 * <p>The budget for {@link #readArrival} (the receive function's whole mail handling: header parse,
 * token check, hop chain) is under 100 µs and 60 KB allocated per mail, warm, on a probe that
 * crossed five hosts. {@link #jakartaMimeMessageHeaders} is the baseline that decided against
 * reading inbound mail with Jakarta Mail.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProbeMailBenchmark {

  static final Instant SENT = Instant.parse("2024-01-02T10:00:00.250Z");
  static final Instant ARRIVED = Instant.parse("2024-01-02T10:00:04.500Z");
  static final String NONCE = "q3Jx0bW8LkPz1mNe";

  /**
   * What five hosts and the SES receiving service add on top of the composed probe; the fuzz run
   * ({@link ParserFuzz}) starts from it too.
   */
  static final String ADDED_ON_THE_WAY =
      "Return-Path: <SRS0=h1Zq=IM=contoso.com=mailflow@fabrikam.com>\r\n"
          + "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41])\r\n"
          + " by inbound-smtp.us-east-1.amazonaws.com with SMTP id"
          + " 5g2mh3b8c1s4q0rtu7vl8jnd2a6cf9ekq1p0ot81\r\n"
          + " for probe-gws@mailflow.fabrikam.com;\r\n"
          + " Tue, 02 Jan 2024 10:00:04 +0000 (UTC)\r\n"
          + "X-SES-Spam-Verdict: PASS\r\n"
          + "X-SES-Virus-Verdict: PASS\r\n"
          + "Received-SPF: pass (spfCheck: domain of _spf.google.com designates 209.85.220.41 as"
          + " permitted sender) client-ip=209.85.220.41;"
          + " envelope-from=SRS0=h1Zq=IM=contoso.com=mailflow@fabrikam.com;"
          + " helo=mail-sor-f41.google.com;\r\n"
          + "Authentication-Results: amazonses.com;\r\n"
          + " spf=pass (spfCheck: domain of _spf.google.com designates 209.85.220.41 as permitted"
          + " sender) client-ip=209.85.220.41;"
          + " envelope-from=SRS0=h1Zq=IM=contoso.com=mailflow@fabrikam.com;"
          + " helo=mail-sor-f41.google.com;\r\n"
          + " dkim=pass header.i=@contoso.com;\r\n"
          + " dmarc=pass header.from=contoso.com;\r\n"
          + "X-SES-RECEIPT: AEFBQUFBQUFBQUFHVHpLUk5rM2Z0bW1aYk1kR0pLa3hLZ0tYb2dPb2VKb0ZvR1B4\r\n"
          + "Received: by 2002:a05:6a10:8e0b:b0:4f2:1c3d:8a1f with SMTP id u11csp2412345pxh;\r\n"
          + "        Tue, 2 Jan 2024 02:00:03 -0800 (PST)\r\n"
          + "X-Forwarded-To: probe-gws@mailflow.fabrikam.com\r\n"
          + "Delivered-To: probe@fabrikam.com\r\n"
          + "Received: from MX01.contoso.com (mx01.contoso.com. [198.51.100.10])\r\n"
          + "        by mx.google.com with ESMTPS id"
          + " d9443c01a7336-1d4b3c7f5e0si1234567pfb.123.2024.01.02.02.00.02\r\n"
          + "        for <probe@fabrikam.com>\r\n"
          + "        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\r\n"
          + "        Tue, 02 Jan 2024 02:00:02 -0800 (PST)\r\n"
          + "Received: from MX02.contoso.local (10.0.0.2) by MX01.contoso.local\r\n"
          + " (10.0.0.1) with Microsoft SMTP Server (version=TLS1_2,\r\n"
          + " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.1.2507.6; Tue, 2 Jan 2024\r\n"
          + " 11:00:02 +0100\r\n"
          + "Received: from monitor.contoso.com (ec2-198-51-100-7.compute-1.amazonaws.com"
          + " [198.51.100.7])\r\n"
          + "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n"
          + "\tby MX02.contoso.local (Postfix) with ESMTPSA id 4T4Bqk2Lr1z9sQx\r\n"
          + "\tfor <probe@fabrikam.com>; Tue,  2 Jan 2024 10:00:01 +0000 (UTC)\r\n";

  private ProbeMailComposer composer;
  private ArrivalReader reader;
  private Route route;
  private byte[] deliveredProbe;
  private List<MailHeader> sesHeaders;
  private Session session;

  @Setup
  public void setUp() throws MessagingException {
    ProbeTokenSigner signer = signer();
    route = route();
    composer = new ProbeMailComposer(signer);
    reader = new ArrivalReader(signer);
    session = Session.getInstance(new Properties());
    String composed =
        new String(composer.composeBytes(route, SENT, NONCE), StandardCharsets.ISO_8859_1);
    deliveredProbe = (ADDED_ON_THE_WAY + composed).getBytes(StandardCharsets.ISO_8859_1);
    sesHeaders = headerList(deliveredProbe);

    ArrivalReading reading = reader.read(deliveredProbe, ARRIVED);
    if (!(reading instanceof ArrivalReading.Read read) || read.arrival().hops().size() != 5) {
      throw new IllegalStateException("the benchmark probe does not read as 5 hops: " + reading);
    }
  }

  /** The signer of the benchmark's probes. */
  static ProbeTokenSigner signer() {
    return new ProbeTokenSigner(
        SigningKeys.of(
            new SigningKey(
                "k2024",
                "benchmark-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.US_ASCII))));
  }

  /** The route the benchmark's probes travel. */
  static Route route() {
    return new Route(
        "MX02-to-MX01",
        "MX02",
        "MX01",
        "mailflow@contoso.com",
        "probe@fabrikam.com",
        RoutePolicy.defaults(),
        true);
  }

  @Benchmark
  public byte[] composeBytes() {
    return composer.composeBytes(route, SENT, NONCE);
  }

  @Benchmark
  public ArrivalReading readArrival() {
    return reader.read(deliveredProbe, ARRIVED);
  }

  @Benchmark
  public ArrivalReading readArrivalFromSesHeaderList() {
    return reader.read(sesHeaders, ARRIVED);
  }

  /** Only the header parse that Jakarta Mail would give the receive function, no token or hops. */
  @Benchmark
  public void jakartaMimeMessageHeaders(Blackhole blackhole) throws MessagingException {
    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(deliveredProbe));
    blackhole.consume(message.getHeader("X-Mailflow-Probe", null));
    blackhole.consume(message.getHeader("Received"));
    blackhole.consume(message.getMessageID());
    blackhole.consume(message.getHeader("Authentication-Results", null));
  }

  /** The header section as an SES receipt event lists it: one unfolded entry per field. */
  private static List<MailHeader> headerList(byte[] mail) {
    String text = new String(mail, StandardCharsets.ISO_8859_1);
    String headerSection = text.substring(0, text.indexOf("\r\n\r\n"));
    List<MailHeader> headers = new ArrayList<>();
    for (String field : headerSection.split("\r\n(?![ \t])")) {
      int colon = field.indexOf(':');
      headers.add(
          new MailHeader(
              field.substring(0, colon), field.substring(colon + 1).replace("\r\n", "")));
    }
    return headers;
  }
}
