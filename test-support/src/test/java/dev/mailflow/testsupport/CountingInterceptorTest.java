package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

class CountingInterceptorTest {

  private final CountingInterceptor calls = new CountingInterceptor();

  @Test
  void count_addsUpCallsPerOperation() {
    call("UpdateItem");
    call("Query");
    call("UpdateItem");

    assertThat(calls.count("UpdateItem")).isEqualTo(2);
    assertThat(calls.count("Query")).isEqualTo(1);
    assertThat(calls.count("PutItem")).isZero();
    assertThat(calls.total()).isEqualTo(3);
    assertThat(calls.counts()).containsExactly(entry("Query", 1), entry("UpdateItem", 2));
  }

  @Test
  void reset_forgetsEveryCallSoFar() {
    call("CreateTable");
    call("DescribeTable");

    calls.reset();
    call("Query");

    assertThat(calls.count("CreateTable")).isZero();
    assertThat(calls.counts()).containsExactly(entry("Query", 1));
  }

  private void call(String operation) {
    calls.beforeExecution(
        null,
        ExecutionAttributes.builder().put(SdkExecutionAttribute.OPERATION_NAME, operation).build());
  }
}
