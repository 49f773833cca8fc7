package dev.mailflow.adapters.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.crac.Core;
import org.junit.jupiter.api.Test;

class ColdStartPrimingTest {

  @Test
  void prime_whenAStepThrows_logsItAndRunsTheOthers() {
    List<String> ran = new ArrayList<>();
    ColdStartPriming priming =
        new ColdStartPriming(
            List.of(
                new PrimingStep("first", () -> ran.add("first")),
                new PrimingStep(
                    "broken",
                    () -> {
                      throw new IllegalStateException("the endpoint is down");
                    }),
                new PrimingStep("last", () -> ran.add("last"))));

    int failed = priming.prime();

    assertThat(failed).isEqualTo(1);
    assertThat(ran).containsExactly("first", "last");
  }

  @Test
  void beforeCheckpoint_runsEveryStep() {
    List<String> ran = new ArrayList<>();
    ColdStartPriming priming =
        new ColdStartPriming(List.of(new PrimingStep("client", () -> ran.add("client"))));

    priming.beforeCheckpoint(Core.getGlobalContext());

    assertThat(ran).containsExactly("client");
  }

  @Test
  void primeAndRegister_runsTheStepsOnceAndAgainAtEachCheckpoint() {
    List<String> ran = new ArrayList<>();
    ColdStartPriming priming =
        new ColdStartPriming(List.of(new PrimingStep("client", () -> ran.add("client"))));

    assertThat(priming.primeAndRegister()).isSameAs(priming);
    priming.beforeCheckpoint(Core.getGlobalContext());

    assertThat(ran).containsExactly("client", "client");
  }

  @Test
  void afterRestore_runsNothing() {
    List<String> ran = new ArrayList<>();
    ColdStartPriming priming =
        new ColdStartPriming(List.of(new PrimingStep("client", () -> ran.add("client"))));

    priming.afterRestore(Core.getGlobalContext());

    assertThat(ran).isEmpty();
  }

  @Test
  void json_runs() {
    assertThat(new ColdStartPriming(List.of(ColdStartPriming.json())).prime()).isZero();
  }
}
