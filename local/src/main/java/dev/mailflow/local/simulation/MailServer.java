package dev.mailflow.local.simulation;

import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.local.scenario.ScenarioServer;
import dev.mailflow.local.smtp.Envelope;
import dev.mailflow.local.smtp.MailIntake;
import dev.mailflow.local.smtp.SmtpClient;
import dev.mailflow.local.smtp.SmtpReply;
import dev.mailflow.local.smtp.SmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A mail server of a scenario, behaving as mail servers do: it takes mail over SMTP on loopback,
 * stamps a Received header with its own clock, queues the mail per next hop, and relays it over
 * SMTP when it is due, retrying after a back-off while the next hop cannot be reached.
 *
 * <p>The back-off is Postfix's: a mail deferred for the first time is tried again after the
 * server's retry interval, and each further failed attempt doubles its wait, up to the maximum
 * interval. A next hop that refused the connection is left alone for the retry interval (Postfix
 * marks it dead for {@code minimal_backoff_time}); mail that arrives meanwhile waits for it, and
 * after that each mail goes at its own time. So mail queued long ago may wait for its next retry
 * when the hop is back, as on a real server, unless the queue is retried by hand ({@link
 * #retryNow()}).
 *
 * <p>It listens on two ports, as a real one does: submission, which the send function's
 * configuration names, and relay, where other servers hand it mail. Greylisting applies to relay
 * only. Mail for its own domain goes to the receiving domain through the {@link InboundBridge}, as
 * the forwarding rule on a probe mailbox sends it; other mail goes to the server of the recipient's
 * domain, or to its smart host.
 *
 * <p>It never moves time itself: the simulation calls {@link #relayDue()} at each step and asks
 * {@link #nextDue()} when it will have work again. Shut down ({@link #down()}), it refuses
 * connections on both ports and keeps its queue until it is started again.
 */
final class MailServer implements NextHop, AutoCloseable {
  /**
   * A mail that has passed this many servers is looping; RFC 5321 suggests 100, we need far less.
   */
  static final int MAX_RECEIVED_HEADERS = 30;

  private static final DateTimeFormatter RFC_5322_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

  private final ScenarioServer configuration;
  private final SimulatedClock clock;
  private final ZoneId zone;
  private final Consumer<RunEvent> events;
  private final Function<String, String> routeOfRecipient;
  private final SmtpServer submission;
  private final SmtpServer relay;
  private final SmtpClient client;

  // Set once by connect(), before the server starts.
  private Map<String, NextHop> serversByDomain = Map.of();
  private NextHop relayHost;
  private NextHop inbound;

  // Behaviour that timeline events change, and the queue: guarded by this.
  private boolean up;
  private Duration delay;
  private Duration greylist;
  private Duration skew;
  private int toLose;
  private String loseOnlyRoute;
  private SmtpReply submissionRefusal;
  private boolean submissionHung;
  private final Map<String, Instant> greylistFirstSeen = new HashMap<>();
  private final Set<String> greylistPassed = new HashSet<>();
  private final Map<String, HopQueue> queues = new TreeMap<>();
  private int sequence;

  /**
   * @param configuration how the server behaves at the start
   * @param clock the simulation's clock; this server's own is off by its clock skew
   * @param zone the zone its Received stamps are written in
   * @param events where it reports what it does
   * @param routeOfRecipient the route of a probe mailbox, or {@code null} for other addresses
   */
  MailServer(
      ScenarioServer configuration,
      SimulatedClock clock,
      ZoneId zone,
      Consumer<RunEvent> events,
      Function<String, String> routeOfRecipient) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.zone = Objects.requireNonNull(zone, "zone");
    this.events = Objects.requireNonNull(events, "events");
    this.routeOfRecipient = Objects.requireNonNull(routeOfRecipient, "routeOfRecipient");
    this.delay = configuration.delay();
    this.greylist = configuration.greylist();
    this.skew = configuration.clockSkew();
    this.submission = new SmtpServer(configuration.id() + "-submission", new Intake(false));
    this.relay = new SmtpServer(configuration.id() + "-relay", new Intake(true));
    this.client = new SmtpClient(configuration.hostname(), Duration.ofSeconds(10));
  }

  /**
   * Tells the server where mail goes: the other servers by their domain, and the inbound bridge for
   * its own domain.
   */
  synchronized void connect(Map<String, MailServer> servers, NextHop inboundBridge) {
    Map<String, NextHop> byDomain = new LinkedHashMap<>();
    for (MailServer server : servers.values()) {
      if (server != this) {
        byDomain.put(server.domain(), server);
      }
    }
    serversByDomain = byDomain;
    relayHost = configuration.relayVia().map(servers::get).orElse(null);
    inbound = inboundBridge;
  }

  /** Starts listening on both ports. */
  synchronized void start() {
    submission.start();
    relay.start();
    up = true;
  }

  String id() {
    return configuration.id();
  }

  String domain() {
    return configuration.domain();
  }

  @Override
  public String name() {
    return configuration.id();
  }

  @Override
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), relay.port());
  }

  /** The port the send function submits probes to. */
  int submissionPort() {
    return submission.port();
  }

  /** Shuts the server down: both ports refuse connections; the queue waits. */
  void down() {
    int queued;
    synchronized (this) {
      if (!up) {
        return;
      }
      up = false;
      queued = queued();
    }
    submission.stop();
    relay.stop();
    events.accept(new RunEvent.ServerState(clock.instant(), id(), false, queued));
  }

  /** Starts the server again on the same ports. */
  void up() {
    int queued;
    synchronized (this) {
      if (up) {
        return;
      }
      submission.start();
      relay.start();
      up = true;
      queued = queued();
    }
    events.accept(new RunEvent.ServerState(clock.instant(), id(), true, queued));
  }

  synchronized boolean isUp() {
    return up;
  }

  /** Holds every mail {@code value} longer before relaying it; zero for the ordinary time. */
  void slow(Duration value) {
    synchronized (this) {
      delay = value;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            value.isZero() ? "pace normal" : "slow " + Wording.duration(value),
            value.isZero()
                ? "relays at its ordinary pace again"
                : "holds every mail "
                    + Wording.duration(value)
                    + " before relaying it (slow relay)"));
  }

  /** Greylists new senders from other servers for {@code value}; zero to stop. */
  void greylist(Duration value) {
    synchronized (this) {
      greylist = value;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            value.isZero() ? "greylisting off" : "greylisting " + Wording.duration(value),
            value.isZero()
                ? "stops greylisting"
                : "greylists new senders for " + Wording.duration(value)));
  }

  /** Sets its clock off by {@code value}. */
  void skew(Duration value) {
    synchronized (this) {
      skew = value;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            value.isZero()
                ? "clock right"
                : "clock " + (value.isNegative() ? "-" : "+") + Wording.duration(value.abs()),
            value.isZero()
                ? "clock set right"
                : "clock "
                    + Wording.duration(value.abs())
                    + (value.isNegative() ? " behind" : " ahead")));
  }

  /** Drops the next {@code count} mails it accepts, or those of {@code route} only. */
  void lose(int count, String route) {
    synchronized (this) {
      toLose = count;
      loseOnlyRoute = route;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            "drops " + count + (count == 1 ? " mail" : " mails"),
            "will accept and silently drop the next "
                + (count == 1 ? "mail" : count + " mails")
                + (route == null ? "" : " of route " + route)));
  }

  /**
   * Refuses every submission at MAIL FROM with {@code reply}, as a server whose policy rejects the
   * monitor's sender does, until {@link #acceptSubmission()}.
   */
  void refuseSubmission(SmtpReply reply) {
    synchronized (this) {
      submissionRefusal = reply;
      submissionHung = false;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            "refuses submission " + reply.code(),
            "refuses submission: answers MAIL FROM with " + reply));
  }

  /**
   * Takes submission connections but never answers them, not even with a greeting, as a hung server
   * does, until {@link #acceptSubmission()}. The client waits until its read timeout.
   */
  void hangSubmission() {
    synchronized (this) {
      submissionHung = true;
      submissionRefusal = null;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(),
            id(),
            "submission hangs",
            "takes submission connections but never answers them"));
  }

  /** Takes submission as usual again. */
  void acceptSubmission() {
    synchronized (this) {
      submissionHung = false;
      submissionRefusal = null;
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(), id(), "submission normal", "takes submission as usual again"));
  }

  /** Tries every queued mail at the next step, whatever its back-off. */
  void retryNow() {
    synchronized (this) {
      for (HopQueue queue : queues.values()) {
        queue.retryAt = null;
        for (QueuedMail mail : queue.mails) {
          mail.nextAttemptAt = null;
        }
      }
    }
    events.accept(
        new RunEvent.ServerBehaviour(
            clock.instant(), id(), "retries queue", "retries its queue now"));
  }

  /** Mails waiting in its queues. */
  synchronized int queued() {
    int count = 0;
    for (HopQueue queue : queues.values()) {
      count += queue.mails.size();
    }
    return count;
  }

  /** When it next has a mail to relay, if it is up and has one. */
  synchronized Optional<Instant> nextDue() {
    if (!up) {
      return Optional.empty();
    }
    Instant next = null;
    for (HopQueue queue : queues.values()) {
      for (QueuedMail mail : queue.mails) {
        Instant due = queue.dueAt(mail);
        if (next == null || due.isBefore(next)) {
          next = due;
        }
      }
    }
    return Optional.ofNullable(next);
  }

  /**
   * Relays the mails that are due now, one connection per next hop.
   *
   * @return true when it tried any
   */
  boolean relayDue() {
    Instant now = clock.instant();
    Map<HopQueue, List<QueuedMail>> due = new LinkedHashMap<>();
    synchronized (this) {
      if (!up) {
        return false;
      }
      for (HopQueue queue : queues.values()) {
        List<QueuedMail> batch = new ArrayList<>();
        for (QueuedMail mail : queue.mails) {
          if (!queue.dueAt(mail).isAfter(now)) {
            batch.add(mail);
          }
        }
        if (!batch.isEmpty()) {
          due.put(queue, batch);
        }
      }
    }
    for (Map.Entry<HopQueue, List<QueuedMail>> entry : due.entrySet()) {
      List<SmtpClient.Outgoing> outgoing = new ArrayList<>();
      for (QueuedMail mail : entry.getValue()) {
        outgoing.add(new SmtpClient.Outgoing(mail.envelope, mail.content));
      }
      SmtpClient.Attempt attempt = client.send(entry.getKey().hop.address(), outgoing);
      settle(entry.getKey(), entry.getValue(), attempt, now);
    }
    return !due.isEmpty();
  }

  private void settle(
      HopQueue queue, List<QueuedMail> batch, SmtpClient.Attempt attempt, Instant now) {
    List<RunEvent> happened = new ArrayList<>();
    synchronized (this) {
      int deferred = 0;
      String firstReason = null;
      Instant nextAttempt = null;
      for (int i = 0; i < batch.size(); i++) {
        QueuedMail mail = batch.get(i);
        SmtpClient.Handover handover = attempt.handovers().get(i);
        switch (handover.outcome()) {
          case ACCEPTED:
            queue.mails.remove(mail);
            happened.add(
                new RunEvent.MailRelayed(
                    now,
                    id(),
                    queue.hop.name(),
                    mail.queueId,
                    mail.route,
                    Duration.between(mail.acceptedAt, now)));
            break;
          case REFUSED:
            queue.mails.remove(mail);
            happened.add(
                new RunEvent.MailBounced(
                    now, id(), queue.hop.name(), mail.route, handover.answer()));
            break;
          default:
            mail.failedAttempts++;
            mail.nextAttemptAt = now.plus(configuration.retryAfter(mail.failedAttempts));
            deferred++;
            firstReason = firstReason == null ? handover.answer() : firstReason;
            nextAttempt =
                nextAttempt == null || mail.nextAttemptAt.isBefore(nextAttempt)
                    ? mail.nextAttemptAt
                    : nextAttempt;
        }
      }
      queue.retryAt = attempt.connected() ? null : now.plus(configuration.retryInterval());
      if (deferred > 0) {
        happened.add(
            new RunEvent.RelayDeferred(
                now,
                id(),
                queue.hop.name(),
                attempt.connected() ? deferred : queue.mails.size(),
                firstReason,
                nextAttempt,
                !attempt.connected()));
      }
    }
    happened.forEach(events);
  }

  /** Stops listening for good. */
  @Override
  public void close() {
    submission.close();
    relay.close();
  }

  private SmtpReply recipient(String client, String sender, String recipient, boolean fromRelay) {
    Instant now = clock.instant();
    Instant acceptedFrom = null;
    synchronized (this) {
      if (nextHopFor(recipient) == null) {
        return SmtpReply.of(554, "5.7.1 <" + recipient + ">: Relay access denied");
      }
      if (fromRelay && !greylist.isZero()) {
        String triplet = client + "|" + sender + "|" + recipient;
        if (!greylistPassed.contains(triplet)) {
          Instant firstSeen = greylistFirstSeen.get(triplet);
          if (firstSeen == null) {
            greylistFirstSeen.put(triplet, now);
            acceptedFrom = now.plus(greylist);
          } else if (now.isBefore(firstSeen.plus(greylist))) {
            return greylisted(recipient, Duration.between(now, firstSeen.plus(greylist)));
          } else {
            greylistPassed.add(triplet);
          }
        }
      }
    }
    if (acceptedFrom != null) {
      events.accept(
          new RunEvent.Greylisted(
              now, id(), client, routeOfRecipient.apply(recipient), acceptedFrom));
      return greylisted(recipient, greylist);
    }
    return SmtpReply.of(250, "2.1.5 Ok");
  }

  private static SmtpReply greylisted(String recipient, Duration wait) {
    return SmtpReply.of(
        451,
        "4.7.1 <"
            + recipient
            + ">: Recipient address rejected: Greylisted, try again in "
            + wait.toSeconds()
            + " seconds");
  }

  private SmtpReply accept(Envelope envelope, byte[] content) {
    Instant now = clock.instant();
    String route = routeOfRecipient.apply(envelope.recipients().get(0));
    String queueId;
    synchronized (this) {
      if (receivedHeaders(content) >= MAX_RECEIVED_HEADERS) {
        return SmtpReply.of(554, "5.4.6 Too many hops: the mail is looping");
      }
      sequence++;
      queueId = id() + "-" + String.format("%04d", sequence);
      boolean lost = toLose > 0 && (loseOnlyRoute == null || loseOnlyRoute.equals(route));
      if (!lost) {
        Map<NextHop, List<String>> byHop = new LinkedHashMap<>();
        for (String recipient : envelope.recipients()) {
          byHop.computeIfAbsent(nextHopFor(recipient), hop -> new ArrayList<>()).add(recipient);
        }
        Instant readyAt = now.plus(configuration.processing()).plus(delay);
        for (Map.Entry<NextHop, List<String>> hop : byHop.entrySet()) {
          byte[] stamped = stamped(envelope, hop.getValue(), queueId, content, now);
          queues
              .computeIfAbsent(hop.getKey().name(), name -> new HopQueue(hop.getKey()))
              .mails
              .add(
                  new QueuedMail(
                      queueId,
                      envelope.withRecipients(hop.getValue()),
                      stamped,
                      route,
                      now,
                      readyAt));
        }
      } else {
        toLose--;
      }
      if (lost) {
        events.accept(new RunEvent.MailLost(now, id(), queueId, route));
      }
    }
    return SmtpReply.of(250, "2.0.0 Ok: queued as " + queueId);
  }

  /**
   * Where mail for {@code recipient} goes next, or {@code null} when this server does not relay it.
   */
  private NextHop nextHopFor(String recipient) {
    String domain = Envelope.domainOf(recipient);
    if (domain.equals(domain())) {
      return inbound;
    }
    NextHop owner = serversByDomain.get(domain);
    if (owner == null) {
      return null;
    }
    return relayHost != null ? relayHost : owner;
  }

  /** The mail with this server's Received header on top, dated by this server's own clock. */
  private byte[] stamped(
      Envelope envelope, List<String> recipients, String queueId, byte[] content, Instant now) {
    String date = RFC_5322_DATE.format(now.plus(skew).atZone(zone));
    String header =
        "Received: from "
            + envelope.clientName()
            + " ("
            + envelope.clientName()
            + " [127.0.0.1])\r\n\tby "
            + configuration.hostname()
            + " (Mailflow local) with ESMTP id "
            + queueId
            + (recipients.size() == 1 ? "\r\n\tfor <" + recipients.get(0) + ">" : "")
            + "; "
            + date
            + "\r\n";
    byte[] stamp = header.getBytes(StandardCharsets.US_ASCII);
    byte[] stamped = new byte[stamp.length + content.length];
    System.arraycopy(stamp, 0, stamped, 0, stamp.length);
    System.arraycopy(content, 0, stamped, stamp.length, content.length);
    return stamped;
  }

  private static int receivedHeaders(byte[] content) {
    String text = new String(content, StandardCharsets.ISO_8859_1);
    int count = 0;
    int lineStart = 0;
    while (lineStart < text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd);
      if (line.isEmpty() || line.equals("\r")) {
        break;
      }
      if (line.regionMatches(true, 0, "Received:", 0, 9)) {
        count++;
      }
      lineStart = lineEnd < 0 ? text.length() : lineEnd + 1;
    }
    return count;
  }

  /** The mail waiting for one next hop, and when that hop may be tried again. */
  private static final class HopQueue {
    final NextHop hop;
    final List<QueuedMail> mails = new ArrayList<>();
    Instant retryAt;

    HopQueue(NextHop hop) {
      this.hop = hop;
    }

    Instant dueAt(QueuedMail mail) {
      Instant due = mail.readyAt;
      if (mail.nextAttemptAt != null && mail.nextAttemptAt.isAfter(due)) {
        due = mail.nextAttemptAt;
      }
      if (retryAt != null && retryAt.isAfter(due)) {
        due = retryAt;
      }
      return due;
    }
  }

  /** One mail in a queue. */
  private static final class QueuedMail {
    final String queueId;
    final Envelope envelope;
    final byte[] content;
    final String route;
    final Instant acceptedAt;
    final Instant readyAt;
    Instant nextAttemptAt;
    int failedAttempts;

    QueuedMail(
        String queueId,
        Envelope envelope,
        byte[] content,
        String route,
        Instant acceptedAt,
        Instant readyAt) {
      this.queueId = queueId;
      this.envelope = envelope;
      this.content = content;
      this.route = route;
      this.acceptedAt = acceptedAt;
      this.readyAt = readyAt;
    }
  }

  /** One of the server's two ports. */
  private final class Intake implements MailIntake {
    private final boolean relay;

    Intake(boolean relay) {
      this.relay = relay;
    }

    @Override
    public String hostname() {
      return configuration.hostname();
    }

    @Override
    public boolean answers() {
      synchronized (MailServer.this) {
        return relay || !submissionHung;
      }
    }

    @Override
    public SmtpReply sender(String clientName, String sender) {
      synchronized (MailServer.this) {
        return relay || submissionRefusal == null
            ? SmtpReply.of(250, "2.1.0 Ok")
            : submissionRefusal;
      }
    }

    @Override
    public SmtpReply recipient(String clientName, String sender, String recipient) {
      return MailServer.this.recipient(clientName, sender, recipient, relay);
    }

    @Override
    public SmtpReply accept(Envelope envelope, byte[] content) {
      return MailServer.this.accept(envelope, content);
    }
  }
}
