package dev.mailflow.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  private final Schedule everyMinute =
      new Schedule(Instant.parse("2006-07-28T10:04:01Z"), Duration.ofMinutes(1));

  @Test
  void nextAtOrAfter_beforeTheFirstRun_isTheFirstRun() {
    assertThat(everyMinute.nextAtOrAfter(Instant.parse("2006-07-28T10:00:00Z")))
        .isEqualTo(Instant.parse("2006-07-28T10:04:01Z"));
  }

  @Test
  void nextAtOrAfter_aRunItself_isThatRun_andJustAfterItTheNextOne() {
    Instant run = Instant.parse("2006-07-28T10:19:01Z");

    assertThat(everyMinute.nextAtOrAfter(run)).isEqualTo(run);
    assertThat(everyMinute.nextAtOrAfter(run.plusNanos(1))).isEqualTo(run.plusSeconds(60));
    assertThat(everyMinute.runsAt(run)).isTrue();
    assertThat(everyMinute.runsAt(run.plusSeconds(30))).isFalse();
  }
}
