package dev.mailflow.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The scenario docs/local-run.md shows under "Writing a scenario" is one the local run can play.
 */
class DocumentedScenarioTest {

  @Test
  void documentedExample_isAValidScenario() throws IOException {
    String guide =
        Files.readString(Path.of(System.getProperty("basedir", "."), "..", "docs", "local-run.md"));
    int section = guide.indexOf("\n## Writing a scenario\n");
    assertThat(section).as("the section \"Writing a scenario\" of docs/local-run.md").isPositive();
    int start = guide.indexOf("```yaml\n", section) + "```yaml\n".length();
    String example = guide.substring(start, guide.indexOf("```", start));

    Scenario scenario = ScenarioReader.read(example, "docs/local-run.md");

    assertThat(scenario.name()).isEqualTo("my-patch-night");
    assertThat(scenario.timeline())
        .extracting(TimelineEvent::kind)
        .containsExactly("putWindow", "down", "up");
    assertThat(scenario.route("MX01-to-MX02").orElseThrow().policy().lossTimeout()).hasMinutes(15);
  }
}
