package dev.mailflow.send;

import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.domain.sending.ProbeSubmitter;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Hands each server's probes to the submitter of its transport: SMTP submission, or the SES API.
 *
 * <p>The SES submitter is built on first use: a configuration without an SES server never pays for
 * building the SES client.
 */
final class TransportSubmitter implements ProbeSubmitter {
  private final ProbeSubmitter smtp;
  private final Supplier<? extends ProbeSubmitter> sesFactory;
  private volatile ProbeSubmitter ses;

  TransportSubmitter(ProbeSubmitter smtp, Supplier<? extends ProbeSubmitter> ses) {
    this.smtp = Objects.requireNonNull(smtp, "smtp");
    this.sesFactory = Objects.requireNonNull(ses, "ses");
  }

  @Override
  public List<Submission> submit(Server server, List<OutgoingProbe> probes) {
    return server.transport() == Server.Transport.SES
        ? ses().submit(server, probes)
        : smtp.submit(server, probes);
  }

  private ProbeSubmitter ses() {
    ProbeSubmitter built = ses;
    if (built == null) {
      synchronized (this) {
        built = ses;
        if (built == null) {
          built = Objects.requireNonNull(sesFactory.get(), "SES submitter");
          ses = built;
        }
      }
    }
    return built;
  }
}
