package dev.mailflow.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The scenario the README shows under "Writing a scenario" is one the local run can play. */
class ReadmeScenarioTest {

  @Test
  void readmeExample_isAValidScenario() throws IOException {
    String readme =
        Files.readString(Path.of(System.getProperty("basedir", "."), "..", "README.md"));
    int section = readme.indexOf("### Writing a scenario");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String example = readme.substring(start, readme.indexOf("```", start));

    Scenario scenario = ScenarioReader.read(example, "README.md");

    assertThat(scenario.name()).isEqualTo("my-patch-night");
    assertThat(scenario.timeline())
        .extracting(TimelineEvent::kind)
        .containsExactly("putWindow", "down", "up");
    assertThat(scenario.route("MX01-to-MX02").orElseThrow().policy().lossTimeout()).hasMinutes(15);
  }
}
