package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.evaluation.ShardOrder;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShardJsonTest {

  @Test
  void anOrder_readsBackAsWritten() {
    ShardOrder order = new ShardOrder(Instant.parse("2026-12-05T10:00:00Z"), 3, 20, 15000, 5000);

    assertThat(ShardJson.order(ShardJson.order(order))).isEqualTo(order);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json at all| not JSON",
        "[1, 2]| not a JSON object",
        "{\"shard\": 0, \"shards\": 1, \"firstRoute\": 0, \"routes\": 5}| roundAt is missing",
        "{\"roundAt\": \"yesterday\", \"shard\": 0, \"shards\": 1, \"firstRoute\": 0, \"routes\": 5}"
            + "| roundAt is not an ISO-8601 instant",
        "{\"roundAt\": \"2026-12-05T10:00:00Z\", \"shard\": \"one\", \"shards\": 1,"
            + " \"firstRoute\": 0, \"routes\": 5}| shard is missing or not a whole number",
        "{\"roundAt\": \"2026-12-05T10:00:00Z\", \"shard\": 4, \"shards\": 2,"
            + " \"firstRoute\": 0, \"routes\": 5}| shard 4 of 2 does not exist",
      })
  void aBodyThatIsNoOrder_isRefusedSayingWhy(String body, String why) {
    assertThatThrownBy(() -> ShardJson.order(body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(why);
  }

  @Test
  void bytesThatAreNoJudgement_areRefused() {
    assertThatThrownBy(() -> ShardJson.judgement(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a gzipped shard judgement");
  }
}
