package dev.mailflow.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import dev.mailflow.domain.evaluation.Deadline;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvaluateHandlerTest {

  @Test
  void deadline_allowsAnotherRouteOnlyWhileMoreThanTheReserveIsLeft() {
    AtomicInteger remainingMillis = new AtomicInteger(60_000);
    Deadline deadline = EvaluateHandler.deadline(lambdaContext(remainingMillis));

    assertThat(deadline.allowsAnotherRoute()).isTrue();
    remainingMillis.set((int) EvaluateHandler.RESERVE.toMillis() + 1);
    assertThat(deadline.allowsAnotherRoute()).isTrue();
    remainingMillis.set((int) EvaluateHandler.RESERVE.toMillis());
    assertThat(deadline.allowsAnotherRoute()).isFalse();
  }

  @Test
  void deadline_ofAShortInvocation_keepsAThirdOfItInHand() {
    AtomicInteger remainingMillis = new AtomicInteger(15_000);
    Deadline deadline = EvaluateHandler.deadline(lambdaContext(remainingMillis));

    assertThat(deadline.allowsAnotherRoute()).isTrue();
    remainingMillis.set(5_001);
    assertThat(deadline.allowsAnotherRoute()).isTrue();
    remainingMillis.set(5_000);
    assertThat(deadline.allowsAnotherRoute()).isFalse();
  }

  @Test
  void deadline_outsideLambda_neverStopsTheRun() {
    assertThat(EvaluateHandler.deadline(null).allowsAnotherRoute()).isTrue();
  }

  /** A Lambda context that answers only how much time is left. */
  private static Context lambdaContext(AtomicInteger remainingMillis) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getRemainingTimeInMillis")) {
                return remainingMillis.get();
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
