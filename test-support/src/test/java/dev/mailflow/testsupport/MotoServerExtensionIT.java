package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs two test classes in a JUnit run of their own, as a module's test JVM would, and checks what
 * the extension promises across classes and at the end of the run.
 */
class MotoServerExtensionIT {

  private static final AtomicReference<String> BUCKET = new AtomicReference<>();
  private static final AtomicReference<MotoServer> SERVER = new AtomicReference<>();

  @Test
  void run_resetsTheServerBetweenClasses_andStopsItAtTheEnd() {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(
                "junit.jupiter.testclass.order.default",
                ClassOrderer.OrderAnnotation.class.getName())
            .selectors(selectClass(LeavesABucket.class), selectClass(FindsNoBucket.class))
            .execute();

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(SERVER.get()).isNotNull();
    assertThat(SERVER.get().isRunning()).isFalse();
  }

  // The classes below run only inside the test above: Surefire and Failsafe skip nested classes.

  @ExtendWith(MotoServerExtension.class)
  @Order(1)
  static class LeavesABucket {
    @Test
    void createsABucket(MotoServer moto) throws Exception {
      BUCKET.set(ResourceNames.unique("left-behind"));

      MotoServerIT.createBucket(moto.endpoint(), BUCKET.get());

      assertThat(MotoServerIT.listBuckets(moto.endpoint())).contains(BUCKET.get());
    }
  }

  @ExtendWith(MotoServerExtension.class)
  @Order(2)
  static class FindsNoBucket {
    @Test
    void seesAnEmptyServer(MotoServer moto) throws Exception {
      SERVER.set(moto);

      assertThat(BUCKET.get()).isNotNull();
      assertThat(MotoServerIT.listBuckets(moto.endpoint())).doesNotContain(BUCKET.get());
    }
  }
}
