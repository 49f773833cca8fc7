package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3ObjectAddressTest {

  @Test
  void parse_readsTheBucketAndTheWholeKey() {
    S3ObjectAddress address = S3ObjectAddress.parse("s3://mailflow-config.eu/team/mailflow.yaml");

    assertThat(address).isEqualTo(new S3ObjectAddress("mailflow-config.eu", "team/mailflow.yaml"));
    assertThat(address).hasToString("s3://mailflow-config.eu/team/mailflow.yaml");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "https://bucket/key.yaml | must be s3://BUCKET/KEY, not https://bucket/key.yaml",
        "s3://bucket | names no object key after the bucket: s3://bucket",
        "s3://bucket/ | names no object key after the bucket: s3://bucket/",
        "s3://Upper_Case/key | names no valid bucket (Upper_Case): s3://Upper_Case/key",
        "s3:///key | names no valid bucket (): s3:///key",
        "s3://bucket/team/* | has * or ? in its key: s3://bucket/team/*",
        "s3://bucket/mailflow?.yaml | has * or ? in its key: s3://bucket/mailflow?.yaml"
      })
  void parse_refusesWhatIsNotAnObject_sayingWhy(String text, String message) {
    assertThatThrownBy(() -> S3ObjectAddress.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
