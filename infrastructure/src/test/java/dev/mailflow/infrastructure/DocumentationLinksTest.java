package dev.mailflow.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the README and the reference in {@code docs/} together: every relative link names a file
 * that exists and a heading that is there, and the README's two commands are the ones people and CI
 * run. A section renamed or moved fails here, not in a reader's browser.
 */
class DocumentationLinksTest {
  private static final Path REPOSITORY =
      Path.of(System.getProperty("mailflow.repository", "..")).toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$");
  private static final String LOCAL_RUN =
      "./mvnw -B -q -pl local -am package -DskipTests && java -jar local/target/mailflow-local.jar";
  private static final String TEST_COMMAND = "./mvnw -B verify";

  @Test
  void everyRelativeLink_namesAFileThatExists_andAHeadingItHas() {
    List<String> broken = new ArrayList<>();
    for (Path document : documents()) {
      for (String target : links(document)) {
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto: and the like are not ours to check
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path linked = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
        String from = REPOSITORY.relativize(document) + ": " + target;
        if (!linked.startsWith(REPOSITORY) || !Files.exists(linked)) {
          broken.add(from + " (no such file)");
        } else if (anchor != null && !anchors(linked).contains(anchor)) {
          broken.add(from + " (no such heading in " + REPOSITORY.relativize(linked) + ")");
        }
      }
    }

    assertThat(documents()).contains(REPOSITORY.resolve("docs/operating.md"));
    assertThat(broken).isEmpty();
  }

  @Test
  void readme_givesTheLocalRunAndTheTestCommand_andCiRunsThatTestCommand() {
    String readme = read(REPOSITORY.resolve("README.md"));
    List<String> ciCommands =
        read(REPOSITORY.resolve(".ci/run")).lines().filter(line -> line.startsWith("./")).toList();

    assertThat(codeBlocks(readme)).contains(LOCAL_RUN, TEST_COMMAND);
    assertThat(ciCommands).containsExactly(TEST_COMMAND);
  }

  @Test
  void anchors_areTheOnesGitHubMakes() {
    assertThat(
            slugs(List.of("5. Describe servers and routes", "The notice JSON", "Words", "Words")))
        .containsExactly("5-describe-servers-and-routes", "the-notice-json", "words", "words-1");
  }

  /** README.md, every page of docs/, and the READMEs of the modules that have one. */
  private static List<Path> documents() {
    List<Path> documents = new ArrayList<>();
    documents.add(REPOSITORY.resolve("README.md"));
    try (Stream<Path> docs = Files.list(REPOSITORY.resolve("docs"))) {
      docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String module : List.of("events", "benchmarks", "local")) {
      Path readme = REPOSITORY.resolve(module).resolve("README.md");
      if (Files.exists(readme)) {
        documents.add(readme);
      }
    }
    return documents;
  }

  /** The targets of the document's links, outside code blocks and code spans. */
  private static List<String> links(Path document) {
    List<String> targets = new ArrayList<>();
    for (String line : prose(read(document))) {
      Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", ""));
      while (link.find()) {
        targets.add(link.group(1));
      }
    }
    return targets;
  }

  /** The anchors GitHub gives the document's headings. */
  private static Set<String> anchors(Path document) {
    if (!document.toString().endsWith(".md")) {
      return Set.of();
    }
    List<String> headings = new ArrayList<>();
    for (String line : prose(read(document))) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        headings.add(heading.group(1));
      }
    }
    return new HashSet<>(slugs(headings));
  }

  /**
   * GitHub's anchors: lower case, punctuation dropped (but not '-' or '_'), spaces as '-', and
   * '-1', '-2' after a heading met again.
   */
  private static List<String> slugs(List<String> headings) {
    Map<String, Integer> seen = new HashMap<>();
    List<String> slugs = new ArrayList<>();
    for (String heading : headings) {
      String text = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\p{Mn} _-]", "")
              .replace(' ', '-');
      int count = seen.merge(slug, 1, Integer::sum);
      slugs.add(count == 1 ? slug : slug + "-" + (count - 1));
    }
    return slugs;
  }

  /** The lines outside fenced code blocks. */
  private static List<String> prose(String text) {
    List<String> lines = new ArrayList<>();
    boolean inCode = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (!inCode) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The lines inside fenced code blocks. */
  private static List<String> codeBlocks(String text) {
    List<String> lines = new ArrayList<>();
    boolean inCode = false;
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("```")) {
        inCode = !inCode;
      } else if (inCode) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
