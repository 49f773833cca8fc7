package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalRunTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final LocalRun run =
      new LocalRun(
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void help_printsTheUsageAndTheLibrary() {
    int status = run.run(List.of("--help"));

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--scenario FILE|NAME")
        .contains("--report FILE")
        .contains("--quiet")
        .contains("--shard-size N")
        .contains("seed-story");
  }

  @Test
  void aShardSizeOutsideWhatTheFunctionTakes_isAUsageError() {
    for (String size : List.of("0", "10001", "many")) {
      err.reset();

      int status = run.run(List.of("--shard-size", size));

      assertThat(status).as(size).isEqualTo(LocalRun.USAGE_ERROR);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("--shard-size must be a number of routes from 1 to 10000, not '" + size + "'");
    }
  }

  @Test
  void anUnknownArgument_isAUsageError() {
    int status = run.run(List.of("--fast"));

    assertThat(status).isEqualTo(LocalRun.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument '--fast'");
  }

  @Test
  void aScenarioWithMistakes_isRefusedNamingEachLine(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("mine.yaml");
    Files.writeString(
        file,
        """
        name: mine
        date: 2026-03-02
        start: "12:00"
        end: "13:00"
        servers: [{id: MX01}, {id: MX02}]
        routes: [{source: MX01, target: MX02}]
        timeline:
          - {at: "12:10", event: down, server: MX03}
          - {at: "25:00", event: up, server: MX01}
        expect: {notices: []}
        """);

    int status = run.run(List.of("--scenario", file.toString()));

    assertThat(status).isEqualTo(LocalRun.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("line 8: timeline[0].server: unknown server 'MX03' (servers: MX01, MX02)")
        .contains("line 9: timeline[1].at: at '25:00' is not a time");
  }

  @Test
  void aScenarioThatIsNeitherAFileNorInTheLibrary_isRefused() {
    int status = run.run(List.of("--scenario", "no-such-scenario"));

    assertThat(status).isEqualTo(LocalRun.USAGE_ERROR);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("no-such-scenario: no such file, and no scenario of that name in the library");
  }
}
