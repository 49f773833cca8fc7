package dev.mailflow.local.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.domain.evaluation.Wording;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeStore;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import dev.mailflow.domain.probe.SigningKey;
import dev.mailflow.domain.probe.SigningKeys;
import dev.mailflow.domain.probe.TokenVerification;
import dev.mailflow.local.simulation.InboundBridge.InboundMail;
import dev.mailflow.local.smtp.Envelope;
import dev.mailflow.local.smtp.SmtpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The receiving side of a run: each mail SES took is stored in S3 and handed to the receive
 * function, as the receipt rule's S3 and Lambda actions do, and what the function answered is held
 * against what the mail was. A probe seen for the first time must be recorded; a second copy of one
 * must not be, and must leave its first arrival as it was; a forged or replayed probe must be
 * refused. Anything else is reported as a mail not recorded, which fails the run.
 *
 * <p>The faults a scenario injects on this side are played here: a receipt event handed to the
 * function twice, a reply SES never gets to send (so the sending server sends the mail again), and
 * a forged or replayed probe mailed to SES from outside.
 */
final class InboundDelivery {
  // The receive function's words for what became of a mail, as its summary writes them.
  static final String RECORDED = ArrivalOutcome.RECORDED.name();
  static final String DUPLICATE = ArrivalOutcome.DUPLICATE.name();
  static final String FORGED = ArrivalOutcome.FORGED.name();
  static final String REPLAYED = ArrivalOutcome.REPLAYED.name();
  static final String UNEXPECTED_ORIGIN = ArrivalOutcome.UNEXPECTED_ORIGIN.name();

  /**
   * How often Lambda invokes a function again with an asynchronous event (SES's Lambda action
   * invokes so) whose invocation failed, before the event goes to the failure queue: Lambda's
   * default. Lambda waits a minute, then two, between them; the run retries at once, as the arrival
   * time is SES's and the simulated clock does not move within a step.
   */
  static final int ASYNC_RETRIES = 2;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter MAIL_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  /** Where forged and replayed mail comes from: a documentation address, nobody's server. */
  private static final String OUTSIDER = "mail.outsider.example";

  private final InboundBridge bridge;
  private final EmulatedStack stack;
  private final Functions functions;
  private final ProbeStore probes;
  private final ProbeTokenSigner tokens;
  private final Consumer<RunEvent> events;

  private final Map<String, Instant> firstArrivals = new HashMap<>();
  private final Map<String, InboundMail> firstMailOfRoute = new HashMap<>();
  private final Map<String, InboundMail> lastMailOfRoute = new HashMap<>();
  private final Map<String, Injected> injected = new LinkedHashMap<>();
  private final List<Pending> repeats = new ArrayList<>();
  private final List<Pending> drops = new ArrayList<>();

  /**
   * @param bridge where SES takes mail
   * @param stack the bucket, and the receive function's ARN for its events
   * @param functions the receive function
   * @param probes the probe table, to read arrivals back as the function stored them
   * @param tokens the monitor's signer, to tell which probe a mail is
   * @param events where what happens is reported
   */
  InboundDelivery(
      InboundBridge bridge,
      EmulatedStack stack,
      Functions functions,
      ProbeStore probes,
      ProbeTokenSigner tokens,
      Consumer<RunEvent> events) {
    this.bridge = Objects.requireNonNull(bridge, "bridge");
    this.stack = Objects.requireNonNull(stack, "stack");
    this.functions = Objects.requireNonNull(functions, "functions");
    this.probes = Objects.requireNonNull(probes, "probes");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** What an injected mail is, and what the receive function must answer for it. */
  private record Injected(String outcome, String explanation) {}

  /** A fault waiting for the mail it applies to. */
  private record Pending(Instant at, Optional<String> route, String description) {
    boolean appliesTo(String mailRoute) {
      return route.isEmpty() || route.get().equals(mailRoute);
    }
  }

  /** Hands the receipt event of the next mail of {@code route} (any, when empty) over twice. */
  void invokeTwice(Instant at, Optional<String> route) {
    repeats.add(new Pending(at, route, "invokeTwice" + route.map(r -> " for " + r).orElse("")));
    events.accept(
        new RunEvent.ServerBehaviour(
            at,
            InboundBridge.NAME,
            "event twice",
            "will hand the receipt event of the next mail"
                + route.map(r -> " of " + r).orElse("")
                + " to the receive function twice, as Lambda retries an invocation"));
  }

  /** Drops the connection before SES's reply to the next mail of {@code route} (any, if empty). */
  void dropSesReply(Instant at, Optional<String> route) {
    bridge.dropReplyToNext(route);
    drops.add(new Pending(at, route, "dropSesReply" + route.map(r -> " for " + r).orElse("")));
    events.accept(
        new RunEvent.ServerBehaviour(
            at,
            InboundBridge.NAME,
            "reply dropped",
            "will take the next mail"
                + route.map(r -> " of " + r).orElse("")
                + " but lose the connection before its reply: the sender will send it again"));
  }

  /**
   * Mails SES a probe for {@code route} from outside, its token signed with a key of the monitor's
   * key id but another secret, as a forger who knows the format would.
   */
  void forge(Instant at, String route, String sender, String recipient) {
    byte[] secret = new byte[SigningKey.MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    ProbeTokenSigner forger =
        new ProbeTokenSigner(SigningKeys.of(new SigningKey(tokens.currentKeyId(), secret)));
    String nonce = ProbeTokenSigner.newNonce();
    Instant sentAt = at.minusSeconds(60);
    String mail =
        "Received: from [203.0.113.7] by "
            + OUTSIDER
            + "; "
            + MAIL_DATE.format(sentAt)
            + "\r\nFrom: <"
            + sender
            + ">\r\nTo: <"
            + recipient
            + ">\r\nSubject: Mailflow probe "
            + route
            + "\r\nDate: "
            + MAIL_DATE.format(sentAt)
            + "\r\nMessage-ID: <"
            + nonce
            + "@"
            + OUTSIDER
            + ">\r\n"
            + ProbeToken.HEADER
            + ": "
            + forger.sign(route, sentAt, nonce)
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
            + "A probe this monitor never sent.\r\n";
    events.accept(
        new RunEvent.ServerBehaviour(
            at,
            InboundBridge.NAME,
            "forged probe",
            "receives a forged probe for "
                + route
                + " from outside: its token is signed with another key"));
    mailToSes(
        at,
        new Envelope(OUTSIDER, sender, List.of(recipient)),
        mail.getBytes(StandardCharsets.US_ASCII),
        new Injected(FORGED, "a forged probe, its token signed with another key"),
        "forgeProbe for " + route);
  }

  /** Mails SES the first probe of {@code route} it received again, from outside. */
  void replay(Instant at, String route) {
    InboundMail original = firstMailOfRoute.get(route);
    Optional<ProbeToken> token = deliveredToken(at, "replayProbe", route, original);
    if (token.isEmpty()) {
      return;
    }
    String probe =
        "probe "
            + token.get().probeId()
            + ", sent "
            + Wording.instant(token.get().sentAt())
            + " ("
            + Wording.duration(Duration.between(token.get().sentAt(), at))
            + " before)";
    mailAgainFromOutside(
        at,
        "replayProbe",
        route,
        original,
        "replayed probe",
        probe,
        new Injected(REPLAYED, probe + ", mailed again past the replay window"));
  }

  /**
   * Mails SES the newest probe of {@code route} it received again, at once and from outside: the
   * receive function must refuse it as {@code UNEXPECTED_ORIGIN} when the route's target names its
   * relay host ({@code originChecked}), and can only take it for a {@code DUPLICATE} when not.
   */
  void capture(Instant at, String route, boolean originChecked) {
    InboundMail original = lastMailOfRoute.get(route);
    Optional<ProbeToken> token = deliveredToken(at, "captureProbe", route, original);
    if (token.isEmpty()) {
      return;
    }
    String probe =
        "probe " + token.get().probeId() + ", sent " + Wording.instant(token.get().sentAt());
    mailAgainFromOutside(
        at,
        "captureProbe",
        route,
        original,
        "captured probe",
        probe,
        originChecked
            ? new Injected(UNEXPECTED_ORIGIN, probe + ", mailed again from outside its target")
            : new Injected(DUPLICATE, probe + ", mailed again: its target names no relay host"));
  }

  /**
   * The token of {@code original}, a probe of {@code route} SES received; empty, and the run told
   * that {@code event} found nothing to act on, when there is none yet.
   */
  private Optional<ProbeToken> deliveredToken(
      Instant at, String event, String route, InboundMail original) {
    Optional<ProbeToken> token = original == null ? Optional.empty() : token(original);
    if (token.isEmpty()) {
      events.accept(
          new RunEvent.EventWithoutEffect(
              at, event + " for " + route + " found no probe of the route delivered yet"));
    }
    return token;
  }

  /** Mails SES {@code original} again from outside, as {@code event} does, telling the run. */
  private void mailAgainFromOutside(
      Instant at,
      String event,
      String route,
      InboundMail original,
      String behaviour,
      String probe,
      Injected injected) {
    events.accept(
        new RunEvent.ServerBehaviour(
            at,
            InboundBridge.NAME,
            behaviour,
            "receives " + route + "'s " + probe + " again, from outside"));
    mailToSes(
        at,
        new Envelope(OUTSIDER, original.envelope().sender(), original.envelope().recipients()),
        original.asSent(),
        injected,
        event + " for " + route);
  }

  /** True while the receive function fails at every invocation. */
  private boolean failing;

  /**
   * Makes the receive function fail at every invocation from now on, or work again: while it fails,
   * SES still takes and stores every mail, but none is recorded, as after a bad deployment.
   */
  void failEveryInvocation(boolean fail) {
    failing = fail;
  }

  /** Stores every mail SES took since the last step and hands it to the receive function. */
  void deliver() {
    for (InboundMail mail : bridge.take()) {
      stack.storeInboundMail(mail.messageId(), mail.content());
      if (failing) {
        events.accept(
            new RunEvent.ServerBehaviour(
                mail.receivedAt(),
                "receive",
                "failing",
                "fails on message "
                    + shortId(mail)
                    + (mail.route() == null ? "" : " (" + mail.route() + ")")
                    + ": its event goes to the failure queue, unrecorded"));
        continue;
      }
      if (mail.replyDropped()) {
        take(drops, mail.route());
        events.accept(
            new RunEvent.ServerBehaviour(
                mail.receivedAt(),
                InboundBridge.NAME,
                "reply dropped",
                "took "
                    + (mail.route() == null ? "a mail" : "a probe of " + mail.route())
                    + " from "
                    + mail.envelope().clientName()
                    + ", but the connection dropped before its reply"));
      }
      String receipt = SesReceiptEvent.of(mail, stack.receiveFunctionArn());
      Optional<ProbeToken> token = token(mail);
      Injected injection = injected.remove(mail.messageId());
      String expected =
          injection != null
              ? injection.outcome()
              : token.filter(t -> firstArrivals.containsKey(t.probeId())).isPresent()
                  ? DUPLICATE
                  : RECORDED;
      Optional<String> outcome = handOver(mail, receipt, token, expected, injection, false);
      if (outcome.isPresent() && take(repeats, mail.route())) {
        events.accept(
            new RunEvent.ServerBehaviour(
                mail.receivedAt(),
                InboundBridge.NAME,
                "event twice",
                "hands the receipt event of message " + shortId(mail) + " over again"));
        handOver(
            mail,
            receipt,
            token,
            outcome.get().equals(RECORDED) ? DUPLICATE : outcome.get(),
            injection,
            true);
      }
    }
  }

  /** Reports the faults that found no mail to act on: the scenario did not play them. */
  void finish() {
    List<Pending> unplayed = new ArrayList<>(repeats);
    unplayed.addAll(drops);
    for (Pending fault : unplayed) {
      events.accept(
          new RunEvent.EventWithoutEffect(
              fault.at(), fault.description() + " found no mail to act on before the end"));
    }
  }

  /**
   * Invokes the receive function with the event, again up to {@link #ASYNC_RETRIES} times while it
   * fails, and holds its answer against {@code expected}.
   *
   * @return the function's outcome, or empty when the invocation failed
   */
  private Optional<String> handOver(
      InboundMail mail,
      String receipt,
      Optional<ProbeToken> token,
      String expected,
      Injected injection,
      boolean repeated) {
    Functions.Invocation invocation = functions.receive(receipt);
    for (int retry = 1; !invocation.succeeded() && retry <= ASYNC_RETRIES; retry++) {
      events.accept(
          new RunEvent.ServerBehaviour(
              mail.receivedAt(),
              "receive",
              "retried",
              "failed on message "
                  + shortId(mail)
                  + " ("
                  + invocation.failure()
                  + "); Lambda invokes it with the same event again, retry "
                  + retry
                  + " of "
                  + ASYNC_RETRIES));
      invocation = functions.receive(receipt);
    }
    if (!invocation.succeeded()) {
      events.accept(
          new RunEvent.FunctionFailed(
              mail.receivedAt(),
              "receive",
              invocation.failure()
                  + "; after "
                  + ASYNC_RETRIES
                  + " retries, the event goes to the failure queue"));
      return Optional.empty();
    }
    String outcome = outcome(invocation.output());
    if (!outcome.equals(expected)) {
      events.accept(
          new RunEvent.ArrivalNotRecorded(
              mail.receivedAt(),
              mail.messageId(),
              "the receive function answered "
                  + outcome
                  + " where "
                  + expected
                  + " was right: "
                  + invocation.output()));
    } else if (outcome.equals(RECORDED)) {
      recorded(mail, token.orElseThrow());
    } else if (outcome.equals(DUPLICATE)) {
      firstArrivalStands(mail, token.orElseThrow(), repeated);
    } else {
      events.accept(
          new RunEvent.ArrivalRefused(
              mail.receivedAt(),
              mail.messageId(),
              mail.route(),
              outcome,
              injection.explanation() + ", nothing recorded"));
    }
    return Optional.of(outcome);
  }

  /** Reads the probe back from the table, as the receive function stored it. */
  private void recorded(InboundMail mail, ProbeToken token) {
    Optional<Probe> probe = stored(token);
    if (probe.isEmpty()) {
      events.accept(
          new RunEvent.ArrivalNotRecorded(
              mail.receivedAt(),
              mail.messageId(),
              "the receive function answered RECORDED, but probe "
                  + token.probeId()
                  + " has no arrival in the probe table"));
      return;
    }
    Probe arrived = probe.get();
    firstArrivals.put(token.probeId(), arrived.delivery().deliveredAt());
    firstMailOfRoute.putIfAbsent(arrived.routeId(), mail);
    lastMailOfRoute.put(arrived.routeId(), mail);
    events.accept(
        new RunEvent.ProbeDelivered(
            mail.receivedAt(),
            arrived.routeId(),
            arrived.probeId(),
            arrived.sentAt(),
            arrived.delivery().deliveredAt(),
            arrived.latency().orElseThrow(),
            arrived.delivery().hops()));
  }

  /** A probe that arrived again must be recorded once: its first arrival stands as it was. */
  private void firstArrivalStands(InboundMail mail, ProbeToken token, boolean repeated) {
    Instant first = firstArrivals.get(token.probeId());
    Optional<Instant> stored = stored(token).map(probe -> probe.delivery().deliveredAt());
    if (!stored.equals(Optional.of(first))) {
      events.accept(
          new RunEvent.ArrivalNotRecorded(
              mail.receivedAt(),
              mail.messageId(),
              "probe "
                  + token.probeId()
                  + " arrived again and its arrival now reads "
                  + stored.map(Wording::instant).orElse("nothing")
                  + ", not its first at "
                  + Wording.instant(first)));
      return;
    }
    events.accept(
        new RunEvent.ArrivalRefused(
            mail.receivedAt(),
            mail.messageId(),
            token.routeId(),
            DUPLICATE,
            (repeated
                    ? "the same receipt event again"
                    : "probe " + token.probeId() + " again, as SES message " + shortId(mail))
                + ": recorded once, its first arrival at "
                + Wording.instant(first)
                + " stands"));
  }

  private Optional<Probe> stored(ProbeToken token) {
    for (Probe probe : probes.probesSince(token.routeId(), token.sentAt())) {
      if (probe.probeId().equals(token.probeId()) && probe.delivery() != null) {
        return Optional.of(probe);
      }
    }
    return Optional.empty();
  }

  private void mailToSes(
      Instant at, Envelope envelope, byte[] content, Injected injection, String description) {
    SmtpClient.Attempt attempt =
        new SmtpClient(OUTSIDER, Duration.ofSeconds(5))
            .send(bridge.address(), List.of(new SmtpClient.Outgoing(envelope, content)));
    String answer = attempt.handovers().get(0).answer();
    Optional<String> messageId = InboundBridge.messageIdIn(answer);
    if (messageId.isEmpty()) {
      events.accept(
          new RunEvent.EventWithoutEffect(at, description + ": SES did not take it: " + answer));
      return;
    }
    injected.put(messageId.get(), injection);
  }

  /** The one outcome a receipt event of one record ended in, from the function's summary. */
  private static String outcome(String output) {
    JsonNode summary;
    try {
      summary = JSON.readTree(output);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the receive function answered something not JSON", e);
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = summary.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getKey().equals("records") && field.getValue().asInt() > 0) {
        return field.getKey();
      }
    }
    return "no outcome";
  }

  private Optional<ProbeToken> token(InboundMail mail) {
    for (Map.Entry<String, String> header : SesReceiptEvent.headerFields(mail.content())) {
      if (header.getKey().equalsIgnoreCase(ProbeToken.HEADER)) {
        TokenVerification verification = tokens.verify(header.getValue());
        if (verification instanceof TokenVerification.Valid) {
          return Optional.of(((TokenVerification.Valid) verification).token());
        }
      }
    }
    return Optional.empty();
  }

  /** Takes the first pending fault that applies to a mail of {@code route}. */
  private static boolean take(List<Pending> pending, String route) {
    for (Iterator<Pending> faults = pending.iterator(); faults.hasNext(); ) {
      if (faults.next().appliesTo(route)) {
        faults.remove();
        return true;
      }
    }
    return false;
  }

  private static String shortId(InboundMail mail) {
    return mail.messageId().substring(0, 12) + "…";
  }
}
