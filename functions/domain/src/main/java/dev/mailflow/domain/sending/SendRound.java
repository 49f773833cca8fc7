package dev.mailflow.domain.sending;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.parallel.InFlight;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.Server;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 * <p>When a route is due follows from the clock alone: its probes go out at its {@linkplain
 * ProbePhase phase} into each probe interval, counted from the epoch, and the run the schedule
 * meant to start at {@code t} sends the routes whose slot began in {@code (t - sendEvery, t]},
 * after the run before it. So the round reads nothing to decide, and the runs of a schedule share
 * the slots between them with no gap and no overlap. A run retried or fired twice for the same time
 * finds the same routes due, so a due route is sent only once its send slot is claimed in the
 * store: one conditional write, which only one of the runs wins, held until just before the route's
 * next slot. The claims, and the records of the probes sent, keep up to {@code routesInFlight}
 * writes waiting on the store at once; probes for one server go over one connection, and servers
 * are served in parallel on the given executor.
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

  /**
   * How far the schedule's time may lie from the clock, beyond a schedule period late: a scheduler
   * retries a run for up to a minute.
   */
  private static final Duration TRUSTED_SKEW = Duration.ofMinutes(1);

  /** The send schedule's rate unless given: the template's schedule runs every minute. */
  public static final Duration DEFAULT_SEND_EVERY = Duration.ofMinutes(1);

  /** Attempts at a probe's record: the store's client has already retried within each. */
  static final int RECORD_ATTEMPTS = 2;

  private final ProbeStore store;
  private final ProbeSubmitter submitter;
  private final Supplier<ProbeTokenSigner> signer;
  private final Executor executor;
  private final Clock clock;
  private final Duration sendEvery;
  private final InFlight writes;

  /**
   * A round for a schedule that runs every minute, claiming and recording one route at a time.
   *
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
    this(store, submitter, signer, executor, clock, DEFAULT_SEND_EVERY, 1);
  }

  /**
   * @param sendEvery the send schedule's rate: each run sends the slots that began since the run
   *     before it
   * @param routesInFlight how many send-slot claims or probe records may wait on the store at once
   */
  public SendRound(
      ProbeStore store,
      ProbeSubmitter submitter,
      Supplier<ProbeTokenSigner> signer,
      Executor executor,
      Clock clock,
      Duration sendEvery,
      int routesInFlight) {
    this.store = store;
    this.submitter = submitter;
    this.signer = signer;
    this.executor = executor;
    this.clock = clock;
    if (sendEvery == null || sendEvery.isNegative() || sendEvery.isZero()) {
      throw new IllegalArgumentException("sendEvery must be positive, not " + sendEvery);
    }
    this.sendEvery = sendEvery;
    this.writes = new InFlight(routesInFlight);
  }

  /** Sends the probes of every enabled route in {@code configuration} that are due now. */
  public SendReport run(MonitorConfiguration configuration) {
    return run(configuration, clock.instant());
  }

  /**
   * Sends the probes of every enabled route in {@code configuration} whose slot began in the
   * schedule period that ends at {@code scheduledAt}.
   *
   * @param scheduledAt when the schedule meant this run to start; a retry of the run names the same
   */
  public SendReport run(MonitorConfiguration configuration, Instant scheduledAt) {
    Instant now = clock.instant();
    Instant runAt = scheduledAt;
    if (scheduledAt.isAfter(now.plus(TRUSTED_SKEW))
        || scheduledAt.isBefore(now.minus(sendEvery).minus(TRUSTED_SKEW))) {
      // A time this far off is not the schedule's: a replayed or hand-made event.
      LOG.warn(
          "scheduled time {} is too far from now {}; the run sends as of now", scheduledAt, now);
      runAt = now;
    }
    return runAt(configuration, runAt);
  }

  private SendReport runAt(MonitorConfiguration configuration, Instant scheduledAt) {
    List<SendResult> results = new ArrayList<>();
    Map<Server, List<Claim>> claims = new LinkedHashMap<>();
    for (Map.Entry<Server, List<Route>> entry : configuration.enabledRoutesBySource().entrySet()) {
      for (Route route : entry.getValue()) {
        Optional<Instant> slot = slotDueIn(route, scheduledAt, sendEvery);
        if (slot.isEmpty()) {
          results.add(
              SendResult.notDue(route.id(), "next probe due at " + nextSlot(route, scheduledAt)));
          continue;
        }
        writes.awaitSlot();
        claims
            .computeIfAbsent(entry.getKey(), server -> new ArrayList<>())
            .add(new Claim(route, writes.start(() -> claimSlot(route, slot.get(), scheduledAt))));
      }
    }
    ProbeTokenSigner currentSigner = signer.get();
    List<CompletableFuture<List<SendResult>>> perServer = new ArrayList<>();
    for (Map.Entry<Server, List<Claim>> entry : claims.entrySet()) {
      List<Route> due = new ArrayList<>();
      for (Claim claim : entry.getValue()) {
        DueCheck check = claim.check().join();
        if (check.due()) {
          due.add(claim.route());
        } else {
          results.add(SendResult.notDue(claim.route().id(), check.reason()));
        }
      }
      if (!due.isEmpty()) {
        Server server = entry.getKey();
        perServer.add(
            CompletableFuture.supplyAsync(() -> sendTo(server, due, currentSigner), executor));
      }
    }
    for (CompletableFuture<List<SendResult>> future : perServer) {
      results.addAll(future.join());
    }
    return new SendReport(results);
  }

  /**
   * The start of {@code route}'s slot that began in {@code (runAt - sendEvery, runAt]}, if one did:
   * the latest of its slots up to {@code runAt}. Intervals and phases are bounded when the
   * configuration is read, so the arithmetic in milliseconds cannot overflow.
   */
  static Optional<Instant> slotDueIn(Route route, Instant runAt, Duration sendEvery) {
    Instant latest = latestSlot(route, runAt);
    return latest.isAfter(runAt.minus(sendEvery)) ? Optional.of(latest) : Optional.empty();
  }

  /** The first of {@code route}'s slots after {@code instant}. */
  static Instant nextSlot(Route route, Instant instant) {
    return latestSlot(route, instant).plus(route.policy().probeInterval());
  }

  private static Instant latestSlot(Route route, Instant instant) {
    Duration interval = route.policy().probeInterval();
    long intervalMillis = interval.toMillis();
    long phaseMillis = route.policy().probePhase().offsetOf(route.id(), interval).toMillis();
    long slots = Math.floorDiv(instant.toEpochMilli() - phaseMillis, intervalMillis);
    return Instant.ofEpochMilli(slots * intervalMillis + phaseMillis);
  }

  /**
   * Claims the route's send slot, from now until just before its next slot, or just before the next
   * run where that comes later (a route probed more often than the schedule runs): a run for the
   * same scheduled time finds it held, and a scheduler that fires the next run a little early still
   * finds it free.
   */
  private DueCheck claimSlot(Route route, Instant slot, Instant scheduledAt) {
    Instant now = clock.instant();
    Duration interval = route.policy().probeInterval();
    Instant nextSlot = slot.plus(interval).minus(slack(interval));
    Instant nextRun = scheduledAt.plus(sendEvery).minus(slack(sendEvery));
    Instant until = nextSlot.isAfter(nextRun) ? nextSlot : nextRun;
    if (!until.isAfter(now)) {
      // A run this late would send a probe just before the next slot's: the gap shows instead.
      LOG.warn("route={} slot {} is over by now, not sending", route.id(), slot);
      return new DueCheck(false, "slot " + slot + " is over");
    }
    boolean claimed;
    try {
      claimed = store.claimSendSlot(route.id(), now, until);
    } catch (StoreException e) {
      // Sending without the claim could double the probe; a gap shows instead.
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
    List<CompletableFuture<SendResult>> records = new ArrayList<>(outgoing.size());
    for (int i = 0; i < outgoing.size(); i++) {
      OutgoingProbe probe = outgoing.get(i);
      Submission submission = submissions.get(i);
      writes.awaitSlot();
      records.add(writes.start(() -> record(probe, submission)));
    }
    return records.stream().map(CompletableFuture::join).toList();
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

  /** A tenth of {@code period}, at most 30 s: how early a scheduler may fire. */
  private static Duration slack(Duration period) {
    Duration tenth = period.dividedBy(10);
    return tenth.compareTo(MAX_SLACK) > 0 ? MAX_SLACK : tenth;
  }

  private record DueCheck(boolean due, String reason) {}

  /** A due route and its send-slot claim, under way. */
  private record Claim(Route route, CompletableFuture<DueCheck> check) {}
}
