package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.testsupport.MotoServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command itself, on a library scenario, against the test run's moto server. */
@ExtendWith(MotoServerExtension.class)
class LocalRunIT {

  /**
   * Runs the library's bad-window-item quietly, its report in {@code directory}, with {@code more}
   * arguments; its exit status.
   */
  private static int runBadWindowItem(Path directory, ByteArrayOutputStream out, String... more) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--scenario",
                "bad-window-item",
                "--report",
                directory.resolve("report.html").toString(),
                "--quiet"));
    arguments.addAll(List.of(more));
    return new LocalRun(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
        .run(arguments);
  }

  @Test
  void run_playsALibraryScenario_writesTheReportAndTheFunctionsOutput_andSaysItPassed(
      @TempDir Path directory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path report = directory.resolve("report.html");

    int status = runBadWindowItem(directory, out);

    assertThat(status).isEqualTo(LocalRun.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Mailflow local run · bad-window-item")
        .contains("The notices are exactly those the scenario expects (1).")
        .contains("wall time");
    assertThat(Files.readString(report)).contains("<svg class=\"chart\"");
    assertThat(Files.readString(directory.resolve("bad-window-item.functions.log")))
        .contains("CloudWatchMetrics");
  }

  @Test
  void run_withAShardSize_judgesEachRoundInShards_andTheNoticesAreThoseExpected(
      @TempDir Path directory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status = runBadWindowItem(directory, out, "--shard-size", "1");

    assertThat(status).isEqualTo(LocalRun.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("The notices are exactly those the scenario expects (1).");
    // Each round: the scheduled invocation judges none of the two routes, then one a shard.
    assertThat(Files.readString(directory.resolve("bad-window-item.functions.log")))
        .contains("\"RoutesEvaluated\":0")
        .contains("\"RoutesEvaluated\":1")
        .doesNotContain("\"RoutesEvaluated\":2");
  }

  @Test
  void run_whenTheNoticesDifferFromThoseExpected_saysWhichAndExitsWithOne(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("wrong.yaml");
    Files.writeString(
        file,
        """
        name: wrong
        date: 2026-03-02
        timeZone: Europe/Stockholm
        start: "12:00"
        end: "12:30"
        servers: [{id: MX01, domain: mx01.contoso.se}, {id: MX02, domain: mx02.contoso.se}]
        routes: [{source: MX02, target: MX01}]
        expect:
          notices:
            - {type: OPENED, route: MX02-to-MX01, at: "12:20"}
        """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int status =
        new LocalRun(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
            .run(
                List.of(
                    "--scenario",
                    file.toString(),
                    "--report",
                    directory.resolve("wrong.html").toString(),
                    "--quiet"));

    assertThat(status).isEqualTo(LocalRun.NOT_AS_EXPECTED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("The run differs from what the scenario expects")
        .contains("missing (line 10): OPENED MX02-to-MX01 at 12:20:00");
  }
}
