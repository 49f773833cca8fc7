package dev.mailflow.local.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostfixInstanceTest {

  @ParameterizedTest(name = "installed={0}, uid={1}: {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        "false, 0, 'Postfix is not installed'",
        "false, 1000, 'install it with: apt-get install postfix'",
        "true, 1000, 'Postfix needs root to start its own instances; this runs as uid 1000'",
        "true, none, 'cannot tell whether this runs as root'"
      })
  void unavailableReason_withoutPostfixOrRoot_saysWhy(boolean installed, Integer uid, String why) {
    assertThat(PostfixInstance.unavailableReason(installed, uid))
        .hasValueSatisfying(reason -> assertThat(reason).contains(why));
  }

  @Test
  void unavailableReason_asRootWithPostfix_isEmpty() {
    assertThat(PostfixInstance.unavailableReason(true, 0)).isEmpty();
  }
}
