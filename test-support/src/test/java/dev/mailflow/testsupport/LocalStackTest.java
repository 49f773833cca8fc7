package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackTest {

  @Test
  void unavailableReason_withoutAuthToken_namesTheVariable() {
    assertThat(LocalStack.unavailableReason(Map.of()))
        .hasValueSatisfying(reason -> assertThat(reason).contains("LOCALSTACK_AUTH_TOKEN"));
  }

  @Test
  void unavailableReason_withBlankAuthToken_namesTheVariable() {
    assertThat(LocalStack.unavailableReason(Map.of("LOCALSTACK_AUTH_TOKEN", " ")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("LOCALSTACK_AUTH_TOKEN"));
  }
}
