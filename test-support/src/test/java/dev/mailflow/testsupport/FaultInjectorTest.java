package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mailflow.testsupport.FaultInjector.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Drawing faults, without a client: what an attempt is told before it is sent. */
class FaultInjectorTest {

  @Test
  void sameSeed_failsTheSameAttempts() {
    assertThat(outcomes(7, 0.3, 200))
        .isEqualTo(outcomes(7, 0.3, 200))
        .isNotEqualTo(outcomes(8, 0.3, 200));
  }

  @Test
  void probability_isTheShareOfAttemptsFailed() {
    FaultInjector faults = FaultInjector.builder().seed(1).probability(0.10).build();
    for (int i = 0; i < 10_000; i++) {
      catchThrowable(() -> faults.beforeTransmission(null, attempt("DynamoDb", "UpdateItem")));
    }

    assertThat(faults.attempts()).isEqualTo(10_000);
    assertThat(faults.injectedTotal()).isBetween(900, 1100);
    assertThat(faults.injected().values())
        .allSatisfy(count -> assertThat(count).isBetween(250, 420));
  }

  @Test
  void throttle_isTheServicesOwnThrottlingError() {
    FaultInjector faults =
        FaultInjector.builder().probability(1).kinds(Set.of(Fault.THROTTLE)).build();

    Throwable dynamoDb =
        catchThrowable(() -> faults.beforeTransmission(null, attempt("DynamoDb", "PutItem")));
    Throwable sns =
        catchThrowable(() -> faults.beforeTransmission(null, attempt("Sns", "Publish")));

    assertThat(((AwsServiceException) dynamoDb).isThrottlingException()).isTrue();
    assertThat(((AwsServiceException) dynamoDb).awsErrorDetails().errorCode())
        .isEqualTo("ProvisionedThroughputExceededException");
    assertThat(((AwsServiceException) sns).isThrottlingException()).isTrue();
    assertThat(((AwsServiceException) sns).statusCode()).isEqualTo(400);
  }

  @Test
  void operationsAndLimit_boundWhatFails() {
    FaultInjector faults =
        FaultInjector.builder()
            .probability(1)
            .kinds(Set.of(Fault.SERVER_ERROR_BEFORE))
            .operations(Set.of("Publish"))
            .limit(2)
            .build();

    Throwable query =
        catchThrowable(() -> faults.beforeTransmission(null, attempt("DynamoDb", "Query")));
    List<Throwable> publishes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      publishes.add(
          catchThrowable(() -> faults.beforeTransmission(null, attempt("Sns", "Publish"))));
    }

    assertThat(query).isNull();
    assertThat(publishes.get(0)).isInstanceOf(AwsServiceException.class);
    assertThat(((AwsServiceException) publishes.get(1)).statusCode()).isEqualTo(500);
    assertThat(publishes.get(2)).isNull();
    assertThat(faults.injectedByOperation())
        .containsExactly(java.util.Map.entry("Publish SERVER_ERROR_BEFORE", 2));
  }

  @Test
  void perCall_aCallDrawnToFail_failsEveryAttempt_andOneNotDrawnFailsNone() {
    FaultInjector faults =
        FaultInjector.builder()
            .seed(3)
            .probability(0.5)
            .kinds(Set.of(Fault.SERVER_ERROR_BEFORE))
            .perCall()
            .build();

    List<List<Boolean>> calls = new ArrayList<>();
    for (int call = 0; call < 40; call++) {
      ExecutionAttributes attributes = attempt("DynamoDb", "UpdateItem");
      faults.beforeExecution(null, attributes);
      List<Boolean> attempts = new ArrayList<>();
      for (int attempt = 0; attempt < 3; attempt++) {
        attempts.add(catchThrowable(() -> faults.beforeTransmission(null, attributes)) != null);
      }
      calls.add(attempts);
    }

    assertThat(calls).allSatisfy(attempts -> assertThat(attempts).containsOnly(attempts.get(0)));
    assertThat(calls).anySatisfy(attempts -> assertThat(attempts).containsOnly(true));
    assertThat(calls).anySatisfy(attempts -> assertThat(attempts).containsOnly(false));
    assertThat(faults.attempts()).isEqualTo(40);
    assertThat(faults.injectedTotal())
        .isEqualTo((int) calls.stream().filter(attempts -> attempts.get(0)).count());
  }

  private static List<Boolean> outcomes(long seed, double probability, int attempts) {
    FaultInjector faults = FaultInjector.builder().seed(seed).probability(probability).build();
    List<Boolean> failed = new ArrayList<>();
    for (int i = 0; i < attempts; i++) {
      int before = faults.injectedTotal();
      catchThrowable(() -> faults.beforeTransmission(null, attempt("DynamoDb", "UpdateItem")));
      failed.add(faults.injectedTotal() > before);
    }
    return failed;
  }

  private static ExecutionAttributes attempt(String service, String operation) {
    ExecutionAttributes attributes = new ExecutionAttributes();
    attributes.putAttribute(SdkExecutionAttribute.SERVICE_NAME, service);
    attributes.putAttribute(SdkExecutionAttribute.OPERATION_NAME, operation);
    return attributes;
  }
}
