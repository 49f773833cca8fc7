package dev.mailflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceNamesTest {

  @Test
  void unique_calledRepeatedly_neverRepeatsAName() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      names.add(ResourceNames.unique("probes"));
    }

    assertThat(names).hasSize(1000);
  }

  @Test
  void unique_startsWithThePurpose_andIsValidForEveryService() {
    String name = ResourceNames.unique("alert-topic");

    assertThat(name).startsWith("alert-topic-").matches("[a-z0-9-]{3,63}");
  }

  @Test
  void unique_withTheLongestPurpose_staysWithinTheBucketNameLimit() {
    String name = ResourceNames.unique("a".repeat(40));

    assertThat(name).hasSizeLessThanOrEqualTo(63);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"Probes", "probe_table", "1probes", "probes.fifo"})
  void unique_withAPurposeSomeServiceRejects_failsNamingTheRule(String purpose) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ResourceNames.unique(purpose))
        .withMessageContaining("lowercase letters, digits or hyphens");
  }

  @Test
  void unique_withATooLongPurpose_fails() {
    assertThatIllegalArgumentException().isThrownBy(() -> ResourceNames.unique("a".repeat(41)));
  }
}
