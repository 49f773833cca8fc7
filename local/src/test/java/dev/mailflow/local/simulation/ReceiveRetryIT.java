package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.testsupport.FaultInjector;
import dev.mailflow.testsupport.FaultInjector.Fault;
import dev.mailflow.testsupport.MotoServerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A receive invocation that fails is invoked again with the same event, as Lambda retries an
 * asynchronous invocation, and the mail is recorded then; only an event whose retries fail too is
 * lost to the failure queue.
 */
@ExtendWith(MotoServerExtension.class)
class ReceiveRetryIT {
  private static final Path SCENARIO =
      Path.of(System.getProperty("basedir", "."), "scenarios", "quiet-maintenance.yaml");

  @Test
  void receiveFailingOnce_isInvokedAgain_andTheMailRecorded(MotoServer moto) {
    // DynamoDB's client makes nine attempts a call: nine failures fail one invocation.
    RunResult result = playWithFailedArrivalWrites(moto, 9);

    assertThat(retries(result)).hasSize(1);
    assertThat(result.eventsOf(RunEvent.FunctionFailed.class)).isEmpty();
    assertThat(result.expectations().passed()).isTrue();
  }

  @Test
  void anArrivalWriteFailingForAWholeCall_failsTheInvocation_andTheRetryRecordsTheMail(
      MotoServer moto) {
    FaultInjector oneCall =
        FaultInjector.builder()
            .probability(1)
            .kinds(Set.of(Fault.SERVER_ERROR_BEFORE))
            .perCall()
            .limit(1)
            .build();

    RunResult result = play(moto, oneCall);

    assertThat(oneCall.injectedTotal()).isOne();
    assertThat(retries(result)).hasSize(1);
    assertThat(result.eventsOf(RunEvent.FunctionFailed.class)).isEmpty();
    assertThat(result.expectations().passed()).isTrue();
  }

  @Test
  void receiveFailingThreeTimes_sendsTheEventToTheFailureQueue(MotoServer moto) {
    RunResult result = playWithFailedArrivalWrites(moto, 27);

    assertThat(retries(result)).hasSize(2);
    assertThat(result.eventsOf(RunEvent.FunctionFailed.class))
        .singleElement()
        .satisfies(failed -> assertThat(failed.message()).contains("failure queue"));
  }

  /**
   * Plays a scenario in which the first {@code failedAttempts} attempts of the receive function's
   * arrival writes fail before they reach the table.
   */
  private static RunResult playWithFailedArrivalWrites(MotoServer moto, int failedAttempts) {
    return play(
        moto,
        FaultInjector.builder()
            .probability(1)
            .kinds(Set.of(Fault.SERVER_ERROR_BEFORE))
            .limit(failedAttempts)
            .build());
  }

  /** Plays the scenario with {@code faults} failing the receive function's arrival writes only. */
  private static RunResult play(MotoServer moto, FaultInjector faults) {
    Scenario scenario = ScenarioReader.read(SCENARIO);
    ExecutionInterceptor arrivalWrites =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (isArrivalWrite(context.request())) {
              faults.beforeExecution(context, attributes);
            }
          }

          @Override
          public void beforeTransmission(
              Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (isArrivalWrite(context.request())) {
              faults.beforeTransmission(context, attributes);
            }
          }
        };
    return new Simulation(scenario, moto.environment(), List.of(), List.of(arrivalWrites)).run();
  }

  private static boolean isArrivalWrite(Object request) {
    return request instanceof UpdateItemRequest update
        && update.expressionAttributeNames().containsValue("arrivedBy");
  }

  private static List<RunEvent.ServerBehaviour> retries(RunResult result) {
    return result.eventsOf(RunEvent.ServerBehaviour.class).stream()
        .filter(event -> event.server().equals("receive") && event.summary().equals("retried"))
        .toList();
  }
}
