package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.testsupport.CountingInterceptor;
import dev.mailflow.testsupport.MotoServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The AWS calls each function makes per run and per probe, counted over half an hour of a healthy
 * mesh of two servers: the figures the deploy guide's cost table is priced from (docs/operating.md,
 * "What a route costs"). A call added to a function changes them, and so the cost of every route:
 * change the guide with the test.
 */
@ExtendWith(MotoServerExtension.class)
class CallBudgetIT {
  private static final int ROUTES = 2;
  private static final int RUNS = 30;
  private static final int PROBES = ROUTES * RUNS / 5;

  private static final Map<String, CountingInterceptor> CALLS =
      Map.of(
          "send", new CountingInterceptor(),
          "receive", new CountingInterceptor(),
          "evaluate", new CountingInterceptor());

  private static RunResult result;

  @BeforeAll
  static void runHalfAnHour(MotoServer moto) {
    Scenario scenario =
        ScenarioReader.read(
            """
            name: call-budget
            date: 2026-03-02
            timeZone: UTC
            start: "00:00"
            end: "00:29:59"
            monitor:
              sendEvery: 1m
              evaluateEvery: 1m
              policy: {probeInterval: 5m}
            servers:
              - {id: MX01, domain: mx01.contoso.com}
              - {id: MX02, domain: mx02.contoso.com}
            routes:
              - {source: MX01, target: MX02}
              - {source: MX02, target: MX01}
            expect:
              notices: []
            """,
            "call budget");
    ByFunction byFunction = new ByFunction();
    result =
        new Simulation(scenario, moto.environment(), List.of(byFunction), List.of(byFunction))
            .run();
  }

  @Test
  void theMeshRanHealthy_everyProbeSentAndDelivered() {
    assertThat(result.eventsOf(RunEvent.ProbeSubmitted.class))
        .hasSize(PROBES)
        .allSatisfy(sent -> assertThat(sent.accepted()).isTrue());
    assertThat(result.eventsOf(RunEvent.ProbeDelivered.class)).hasSize(PROBES);
    assertThat(result.notices()).isEmpty();
  }

  @Test
  void send_perRunTheConfiguration_perProbeTwoWrites_andNoReadToKnowWhatIsDue() {
    CountingInterceptor send = CALLS.get("send");

    // When a route is due follows from the clock; the writes claim the send slot and record the
    // submission.
    assertThat(send.counts()).containsOnlyKeys("UpdateItem", "GetParameter", "GetSecretValue");
    assertThat(send.count("GetParameter")).isEqualTo(RUNS);
    assertThat(send.count("UpdateItem")).isEqualTo(2 * PROBES);
    assertThat(send.count("GetSecretValue")).isLessThanOrEqualTo(RUNS / 5 + 1);
  }

  @Test
  void receive_perMailOneWrite_andNoReadOfTheStoredMail() {
    CountingInterceptor receive = CALLS.get("receive");

    // SES's event carries the whole header section: the stored copy is never read.
    assertThat(receive.counts()).containsOnlyKeys("UpdateItem", "GetParameter", "GetSecretValue");
    assertThat(receive.count("UpdateItem")).isEqualTo(PROBES);
    assertThat(receive.count("GetParameter")).isLessThanOrEqualTo(RUNS / 5 + 1);
    assertThat(receive.count("GetSecretValue")).isLessThanOrEqualTo(RUNS / 5 + 1);
  }

  @Test
  void evaluate_perRunAStateReadAndAQueryPerRoute_oneWindowScan_andTheConfiguration() {
    CountingInterceptor evaluate = CALLS.get("evaluate");

    // Nothing to tell on a healthy mesh: no Publish; a route's state is written only when it
    // changes.
    assertThat(evaluate.counts())
        .containsOnlyKeys("GetItem", "Query", "Scan", "GetParameter", "PutItem");
    assertThat(evaluate.count("GetItem")).isEqualTo(RUNS * ROUTES);
    assertThat(evaluate.count("Query")).isEqualTo(RUNS * ROUTES);
    assertThat(evaluate.count("Scan")).isEqualTo(RUNS);
    assertThat(evaluate.count("GetParameter")).isEqualTo(RUNS);
    assertThat(evaluate.count("PutItem")).isLessThanOrEqualTo(2 * ROUTES);
  }

  /** Counts each call for the function being invoked when it is made. */
  private static final class ByFunction implements ExecutionInterceptor, RunListener {
    private volatile CountingInterceptor current;

    @Override
    public void invoking(String function) {
      current = CALLS.get(function);
    }

    @Override
    public void invoked(String function, Duration wallTime) {
      current = null;
    }

    @Override
    public void event(RunEvent event) {}

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      CountingInterceptor counting = current;
      if (counting != null) {
        counting.beforeExecution(context, attributes);
      }
    }
  }
}
