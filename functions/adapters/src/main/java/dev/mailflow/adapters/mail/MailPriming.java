package dev.mailflow.adapters.mail;

import dev.mailflow.adapters.lambda.PrimingStep;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The priming step of the mail code (see {@code ColdStartPriming}): one probe mail composed with
 * Jakarta Mail and read back as an arrival, under a key of its own that signs nothing else, so that
 * the first send or receive finds the mail classes loaded and their code run once.
 */
public final class MailPriming {

  private static final Instant SENT = Instant.parse("2026-01-01T00:00:00Z");

  private MailPriming() {}

  /** Composes a probe mail and reads it back; nothing leaves the process. */
  public static PrimingStep probeMailRoundTrip() {
    return new PrimingStep("probe mail", MailPriming::roundTrip);
  }

  private static void roundTrip() {
    ProbeTokenSigner signer =
        new ProbeTokenSigner(
            SigningKeys.of(
                new SigningKey(
                    "priming",
                    "a key that signs only the priming mail".getBytes(StandardCharsets.US_ASCII))));
    Route route =
        new Route(
            "priming",
            "MX02",
            "MX01",
            "mailflow@priming.invalid",
            "probe@priming.invalid",
            RoutePolicy.defaults(),
            true);
    byte[] mail =
        new ProbeMailComposer(signer).composeBytes(route, SENT, ProbeTokenSigner.newNonce());
    ArrivalReading reading = new ArrivalReader(signer).read(mail, SENT.plusSeconds(1));
    if (!(reading instanceof ArrivalReading.Read)) {
      throw new IllegalStateException(
          "the priming mail did not read back as an arrival: " + reading);
    }
  }
}
