package dev.mailflow.adapters.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The JSON examples in docs/alerts.md, "The notice JSON", are what {@link NoticeJson} writes. */
class DocumentedNoticeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JSON_BLOCK = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL);

  @Test
  void noticeExample_readsAsANotice_andIsWhatWritingThatNoticeGives() throws Exception {
    String example = examples().get(0);

    String written = NoticeJson.write(NoticeJson.read(example));

    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(example));
  }

  @Test
  void configurationExample_readsAsAConfigurationNotice_andIsWhatWritingItGives() throws Exception {
    String example = examples().get(1);

    String written = NoticeJson.write(NoticeJson.readConfiguration(example));

    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(example));
  }

  private static List<String> examples() throws Exception {
    // Surefire runs in the module directory; docs/ is at the top of the repository.
    Path alerts = Path.of(System.getProperty("basedir", ".")).resolve("../../docs/alerts.md");
    String text = Files.readString(alerts);
    int section = text.indexOf("\n## The notice JSON\n");
    assertThat(section).as("the section \"The notice JSON\" of docs/alerts.md").isPositive();
    String json = text.substring(section);
    List<String> blocks = new ArrayList<>();
    Matcher matcher = JSON_BLOCK.matcher(json);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    assertThat(blocks).as("json examples in docs/alerts.md").hasSizeGreaterThanOrEqualTo(2);
    return blocks;
  }
}
