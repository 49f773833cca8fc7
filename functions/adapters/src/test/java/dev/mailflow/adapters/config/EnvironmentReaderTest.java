package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentReaderTest {

  private static DocumentLocation read(Map<String, String> environment, boolean required) {
    EnvironmentReader reader = new EnvironmentReader(environment, "test");
    DocumentLocation location = reader.configurationDocument(required);
    reader.done();
    return location;
  }

  @Test
  void configurationDocument_readsWhicheverOfTheThreeIsSet() {
    assertThat(read(Map.of("MAILFLOW_CONFIG_PARAMETER", "/mailflow/config"), true))
        .isEqualTo(
            new DocumentLocation(
                Optional.of("/mailflow/config"), Optional.empty(), Optional.empty()));
    assertThat(read(Map.of("MAILFLOW_CONFIG_OBJECT", "s3://config-bucket/m.yaml"), true))
        .isEqualTo(
            new DocumentLocation(
                Optional.empty(), Optional.of("s3://config-bucket/m.yaml"), Optional.empty()));
    assertThat(read(Map.of("MAILFLOW_CONFIG_FILE", "mailflow.yaml"), true))
        .isEqualTo(
            new DocumentLocation(Optional.empty(), Optional.empty(), Optional.of("mailflow.yaml")));
  }

  @Test
  void configurationDocument_whenRequired_refusesNoneAndTwo() {
    assertThatThrownBy(() -> read(Map.of(), true))
        .hasMessage(
            "the test function is not configured: set exactly one of MAILFLOW_CONFIG_PARAMETER,"
                + " MAILFLOW_CONFIG_OBJECT and MAILFLOW_CONFIG_FILE");
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "MAILFLOW_CONFIG_PARAMETER", "/mailflow/config",
                        "MAILFLOW_CONFIG_OBJECT", "s3://config-bucket/m.yaml"),
                    true))
        .hasMessageContaining("set exactly one of");
  }

  @Test
  void configurationDocument_whenOptional_acceptsNone_butRefusesTwo() {
    assertThat(read(Map.of(), false)).isEqualTo(DocumentLocation.NONE);
    assertThat(read(Map.of(), false).named()).isFalse();
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "MAILFLOW_CONFIG_OBJECT", "s3://config-bucket/m.yaml",
                        "MAILFLOW_CONFIG_FILE", "mailflow.yaml"),
                    false))
        .hasMessage(
            "the test function is not configured: set at most one of MAILFLOW_CONFIG_PARAMETER,"
                + " MAILFLOW_CONFIG_OBJECT and MAILFLOW_CONFIG_FILE");
  }

  @Test
  void configurationDocument_objectThatIsNotAnS3Address_isAFault() {
    assertThatThrownBy(() -> read(Map.of("MAILFLOW_CONFIG_OBJECT", "config-bucket/m.yaml"), true))
        .hasMessage(
            "the test function is not configured: MAILFLOW_CONFIG_OBJECT must be s3://BUCKET/KEY,"
                + " not config-bucket/m.yaml");
  }

  @Test
  void oneOf_ofTwo_saysBothNames() {
    EnvironmentReader reader = new EnvironmentReader(Map.of(), "test");
    reader.oneOf("A", "B");

    assertThatThrownBy(reader::done)
        .hasMessage("the test function is not configured: set exactly one of A and B");
  }
}
