package dev.mailflow.domain.evaluation;

import dev.mailflow.domain.maintenance.MaintenanceScope;
import dev.mailflow.domain.maintenance.MaintenanceWindow;
import dev.mailflow.domain.probe.Delivery;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to one route's probes, replayed evaluation by evaluation: each evaluation sees a
 * probe only once it was sent, and its delivery only once it arrived, as the real stores would.
 */
final class Timeline {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final Route route;
  private final List<Fact> facts = new ArrayList<>();
  private final List<MaintenanceWindow> windows = new ArrayList<>();
  private final RouteEvaluator evaluator = new RouteEvaluator();
  private RouteState state;
  private final Map<Instant, Evaluation> evaluations = new LinkedHashMap<>();
  private final List<Notice> notices = new ArrayList<>();

  private record Fact(String id, Instant sentAt, Submission submission, Instant deliveredAt) {}

  Timeline(Route route) {
    this.route = route;
  }

  static Route route(String source, String target, RoutePolicy policy) {
    return new Route(
        Route.idFor(source, target),
        source,
        target,
        "mailflow@" + source.toLowerCase() + ".example.com",
        "probe@" + target.toLowerCase() + ".example.com",
        policy,
        true);
  }

  static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  static Instant at(int minutes, int seconds) {
    return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
  }

  Route route() {
    return route;
  }

  /** A probe accepted at {@code sentAt} and delivered after {@code latency}. */
  Timeline delivered(Instant sentAt, Duration latency) {
    return add(
        sentAt, Submission.accepted(sentAt, 250, "2.0.0 Ok: queued as ABC"), sentAt.plus(latency));
  }

  /** A probe accepted at {@code sentAt} and delivered at {@code deliveredAt}. */
  Timeline deliveredAt(Instant sentAt, Instant deliveredAt) {
    return add(sentAt, Submission.accepted(sentAt, 250, "2.0.0 Ok: queued as ABC"), deliveredAt);
  }

  /** A probe accepted at {@code sentAt} that never arrives. */
  Timeline lost(Instant sentAt) {
    return add(sentAt, Submission.accepted(sentAt, 250, "2.0.0 Ok: queued as ABC"), null);
  }

  /** A probe the source server refused, or could not be reached for, at {@code sentAt}. */
  Timeline sendFailed(Instant sentAt, int code, String reply) {
    return add(sentAt, Submission.failed(sentAt, code, reply), null);
  }

  /** Probes every {@code interval} from {@code from} (inclusive) to {@code to} (exclusive). */
  Timeline deliveredEvery(Duration interval, Instant from, Instant to, Duration latency) {
    for (Instant sent = from; sent.isBefore(to); sent = sent.plus(interval)) {
      delivered(sent, latency);
    }
    return this;
  }

  Timeline lostEvery(Duration interval, Instant from, Instant to) {
    for (Instant sent = from; sent.isBefore(to); sent = sent.plus(interval)) {
      lost(sent);
    }
    return this;
  }

  Timeline window(String id, MaintenanceScope scope, Instant start, Instant end) {
    windows.add(new MaintenanceWindow(id, scope, start, end, "patching", "ops@example.com"));
    return this;
  }

  private Timeline add(Instant sentAt, Submission submission, Instant deliveredAt) {
    facts.add(new Fact("p" + (facts.size() + 1), sentAt, submission, deliveredAt));
    return this;
  }

  /** The probes as the stores know them at {@code now}. */
  List<Probe> knownAt(Instant now) {
    List<Probe> known = new ArrayList<>();
    for (Fact fact : facts) {
      if (fact.sentAt().isAfter(now)) {
        continue;
      }
      Delivery delivery =
          fact.deliveredAt() != null && !fact.deliveredAt().isAfter(now)
              ? new Delivery(fact.deliveredAt(), List.of())
              : null;
      known.add(new Probe(route.id(), fact.id(), fact.sentAt(), fact.submission(), delivery));
    }
    known.sort((a, b) -> a.sentAt().compareTo(b.sentAt()));
    return known;
  }

  /** Runs one evaluation at {@code now}, keeping its state and notices. */
  Evaluation evaluateAt(Instant now) {
    Evaluation evaluation = evaluator.evaluate(route, knownAt(now), windows, state, now);
    state = evaluation.nextState();
    evaluations.put(now, evaluation);
    notices.addAll(evaluation.notices());
    return evaluation;
  }

  /** Runs evaluations every {@code step} from {@code from} to {@code to}, both inclusive. */
  Timeline evaluateEvery(Duration step, Instant from, Instant to) {
    for (Instant now = from; !now.isAfter(to); now = now.plus(step)) {
      evaluateAt(now);
    }
    return this;
  }

  List<Notice> notices() {
    return notices;
  }

  Evaluation evaluationAt(Instant now) {
    return evaluations.get(now);
  }

  RouteState state() {
    return state;
  }

  /** "OPENED@10:45" for each notice: the shape of a route's alerting, for exact comparison. */
  List<String> noticeShape() {
    List<String> shape = new ArrayList<>();
    for (Notice notice : notices) {
      shape.add(notice.type() + "@" + Duration.between(T0, notice.at()).toMinutes());
    }
    return shape;
  }
}
