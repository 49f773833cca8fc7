package dev.mailflow.adapters.aws;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.evaluation.AlertPublisher;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.NoticeLedger;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.RouteStateStore;
import dev.mailflow.domain.fakes.InMemoryProbeStore;
import dev.mailflow.domain.maintenance.WindowLoad;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.route.ProbePhase;
import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.emulator.ResourceNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A route from MX02 to MX01, named uniquely, whose probes were sent every 5 minutes from a first
 * instant for 25 minutes and never arrived: evaluated 26 minutes after the first, three are lost
 * and a critical incident opens. Tests of the evaluation round over a real route state table start
 * from it.
 *
 * @param route the route, with the default policy, its phase at its probes' send times
 * @param probes its six unanswered probes, oldest first
 */
record FailingRoute(Route route, List<Probe> probes) {

  /** A new route whose first unanswered probe was sent at {@code firstSent}. */
  static FailingRoute since(Instant firstSent) {
    RoutePolicy policy = RoutePolicy.defaults();
    long interval = policy.probeInterval().toSeconds();
    // Due at firstSent and every probe interval after, as its probes were sent.
    ProbePhase phase =
        ProbePhase.at(Duration.ofSeconds(Math.floorMod(firstSent.getEpochSecond(), interval)));
    Route route =
        new Route(
            ResourceNames.unique("route"),
            "MX02",
            "MX01",
            "mailflow@mx02.example.com",
            "probe@mx01.example.com",
            policy.withProbePhase(phase),
            true);
    List<Probe> probes = new ArrayList<>();
    for (int minute = 0; minute <= 25; minute += 5) {
      probes.add(
          Probe.sent(route.id(), "probe-" + minute, firstSent.plus(Duration.ofMinutes(minute))));
    }
    return new FailingRoute(route, List.copyOf(probes));
  }

  /**
   * An evaluation round at {@code now} over this route's probes (in memory), with no maintenance
   * window, over the given route state store, publisher and ledger.
   */
  EvaluationRound evaluationAt(
      Instant now,
      RouteStateStore states,
      AlertPublisher publisher,
      NoticeLedger ledger,
      Duration lease) {
    return new EvaluationRound(
        InMemoryProbeStore.holding(probes),
        states,
        () -> new WindowLoad(List.of(), List.of()),
        publisher,
        ledger,
        new RouteEvaluator(),
        Clock.fixed(now, ZoneOffset.UTC),
        lease);
  }

  /** A configuration of this route alone and its two servers. */
  MonitorConfiguration configuration() {
    return new MonitorConfiguration(List.of(server("MX01"), server("MX02")), List.of(route));
  }

  private static Server server(String id) {
    return Server.smtp(
        id,
        new SmtpEndpoint(id.toLowerCase() + ".example.com", 587, TransportSecurity.STARTTLS, null));
  }
}
