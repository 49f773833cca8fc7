package dev.mailflow.domain.sending;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the send function: every enabled route that is due gets a signed probe, submitted to
 * its source server, and the server's answer is recorded.
 *
 * <p>A route is due when its newest probe is at least one probe interval old, less a little slack
 * for a scheduler that fires a second early; asking the store rather than trusting the schedule
 * means a retried invocation does not send twice. Two runs at once (a scheduler that fires twice
 * for the same slot) would both find a route due before either has recorded its probe, so a due
 * route is sent only once its send slot is claimed in the store: one conditional write, which only
 * one of the runs wins, held until the route's next probe is due. Probes for one server go over one
 * connection; servers are served in parallel on the given executor.
 *
 * <p>A probe submitted but not recorded would be invisible to the evaluation: a loss on it could
 * not be seen. Its record is therefore written again once after a transient failure; if that fails
 * too, the probe is logged as an error with its route and probe id and counted in {@link
 * SendReport#unrecorded()}, and never resent (that would double the probe). Should it arrive, its
 * arrival still creates its record.
 */
public final class SendRound {
  private static final Logger LOG = LoggerFactory.getLogger(SendRound.class);
  private static final Duration MAX_SLACK = Duration.ofSeconds(30);

  /** Attempts at a probe's record: the store's client has already retried within each. */
  static final int RECORD_ATTEMPTS = 2;

  private final ProbeStore store;
  private final ProbeSubmitter submitter;
  private final Supplier<ProbeTokenSigner> signer;
  private final Executor executor;
  private final Clock clock;

  /**
   * @param store where probes are recorded
   * @param submitter hands probes to servers
   * @param signer the current signer (keys may be rotated between runs)
   * @param executor runs the servers of one round in parallel; its size bounds the parallelism
   * @param clock the time source
   */
  public SendRound(
      ProbeStore store,
      ProbeSubmitter submitter,
      Supplier<ProbeTokenSigner> signer,
      Executor executor,
      Clock clock) {
    this.store = store;
    this.submitter = submitter;
    this.signer = signer;
    this.executor = executor;
    this.clock = clock;
  }

  /** Sends the due probes of every enabled route in {@code configuration}. */
  public SendReport run(MonitorConfiguration configuration) {
    List<CompletableFuture<List<SendResult>>> perServer = new ArrayList<>();
    List<SendResult> results = new ArrayList<>();
    ProbeTokenSigner currentSigner = signer.get();
    for (Map.Entry<Server, List<Route>> entry : configuration.enabledRoutesBySource().entrySet()) {
      Server server = entry.getKey();
      List<Route> due = new ArrayList<>();
      for (Route route : entry.getValue()) {
        DueCheck check = dueCheck(route);
        if (check.due()) {
          check = claimSlot(route);
        }
        if (check.due()) {
          due.add(route);
        } else {
          results.add(SendResult.notDue(route.id(), check.reason()));
        }
      }
      if (!due.isEmpty()) {
        perServer.add(
            CompletableFuture.supplyAsync(() -> sendTo(server, due, currentSigner), executor));
      }
    }
    for (CompletableFuture<List<SendResult>> future : perServer) {
      results.addAll(future.join());
    }
    return new SendReport(results);
  }

  private DueCheck dueCheck(Route route) {
    Optional<Instant> last;
    try {
      last = store.lastSentAt(route.id());
    } catch (StoreException e) {
      // Sending blind could double the probes; skipping one round shows up as a gap instead.
      LOG.error("route={} cannot read its last probe, not sending this round", route.id(), e);
      return new DueCheck(false, "store unavailable: " + e.getMessage());
    }
    if (last.isEmpty()) {
      return new DueCheck(true, "first probe");
    }
    Instant dueAt = nextDueAt(route, last.get());
    Instant now = clock.instant();
    return now.isBefore(dueAt)
        ? new DueCheck(false, "next probe due at " + dueAt)
        : new DueCheck(true, "last probe sent at " + last.get());
  }

  /** When the probe after one sent at {@code sentAt} is due. */
  private static Instant nextDueAt(Route route, Instant sentAt) {
    Duration interval = route.policy().probeInterval();
    Duration slack =
        interval.dividedBy(10).compareTo(MAX_SLACK) > 0 ? MAX_SLACK : interval.dividedBy(10);
    return sentAt.plus(interval).minus(slack);
  }

  /** Claims the route's send slot, from now until a probe sent now has its successor due. */
  private DueCheck claimSlot(Route route) {
    Instant now = clock.instant();
    Instant until = nextDueAt(route, now);
    boolean claimed;
    try {
      claimed = store.claimSendSlot(route.id(), now, until);
    } catch (StoreException e) {
      // As when the last probe cannot be read: a gap shows, a doubled probe would not.
      LOG.error("route={} cannot claim its send slot, not sending this round", route.id(), e);
      return new DueCheck(false, "store unavailable: " + e.getMessage());
    }
    if (!claimed) {
      LOG.warn("route={} is due, but another run holds its send slot: not sending", route.id());
      return new DueCheck(false, "another run holds the send slot");
    }
    return new DueCheck(true, "send slot claimed until " + until);
  }

  private List<SendResult> sendTo(Server server, List<Route> routes, ProbeTokenSigner signer) {
    List<OutgoingProbe> outgoing = new ArrayList<>(routes.size());
    for (Route route : routes) {
      Instant sentAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      String nonce = ProbeTokenSigner.newNonce();
      String text = signer.sign(route.id(), sentAt, nonce);
      ProbeToken token = new ProbeToken(signer.currentKeyId(), route.id(), sentAt, nonce);
      outgoing.add(new OutgoingProbe(route, token, text));
    }
    List<Submission> submissions;
    try {
      submissions = submitter.submit(server, outgoing);
    } catch (RuntimeException e) {
      // A submitter reports failures as submissions; should one throw anyway, its probes are
      // still recorded, as not submitted, rather than left unknown.
      LOG.error("server={} submitter failed: {}", server.id(), e, e);
      Submission failed = Submission.failed(clock.instant(), 0, "submission failed: " + e);
      submissions = Collections.nCopies(outgoing.size(), failed);
    }
    if (submissions.size() != outgoing.size()) {
      throw new IllegalStateException(
          "submitter answered " + submissions.size() + " of " + outgoing.size() + " probes");
    }
    List<SendResult> results = new ArrayList<>(outgoing.size());
    for (int i = 0; i < outgoing.size(); i++) {
      results.add(record(outgoing.get(i), submissions.get(i)));
    }
    return results;
  }

  private SendResult record(OutgoingProbe outgoing, Submission submission) {
    ProbeToken token = outgoing.token();
    Probe probe = new Probe(token.routeId(), token.probeId(), token.sentAt(), submission, null);
    if (submission.accepted()) {
      LOG.info(
          "route={} probe={} submitted to {}: {} {}",
          token.routeId(),
          token.probeId(),
          outgoing.route().source(),
          submission.replyCode(),
          submission.reply());
    } else {
      LOG.warn(
          "route={} probe={} not submitted to {}: {} {}",
          token.routeId(),
          token.probeId(),
          outgoing.route().source(),
          submission.replyCode(),
          submission.reply());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        store.recordSubmission(probe);
        return SendResult.attempted(probe, true);
      } catch (StoreException e) {
        if (e.isTransient() && attempt < RECORD_ATTEMPTS) {
          LOG.warn(
              "route={} probe={} submission not recorded, writing it again: {}",
              token.routeId(),
              token.probeId(),
              e.getMessage());
          continue;
        }
        // The mail is out; its arrival will still be recorded. Never resend: that doubles probes.
        LOG.error(
            "route={} probe={} sent at {} has no record: a loss of it cannot be seen: {}",
            token.routeId(),
            token.probeId(),
            token.sentAt(),
            e.getMessage(),
            e);
        return SendResult.attempted(probe, false);
      }
    }
  }

  private record DueCheck(boolean due, String reason) {}
}
