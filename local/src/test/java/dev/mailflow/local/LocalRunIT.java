package dev.mailflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.testing.MotoServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command itself, on a library scenario, against the test run's moto server. */
@ExtendWith(MotoServerExtension.class)
class LocalRunIT {

  @Test
  void run_playsALibraryScenario_writesTheReportAndTheFunctionsOutput_andSaysItPassed(
      @TempDir Path directory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path report = directory.resolve("report.html");

    int status =
        new LocalRun(new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
            .run(
                List.of("--scenario", "bad-window-item", "--report", report.toString(), "--quiet"));

    assertThat(status).isEqualTo(LocalRun.PASSED);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Mailflow local run · bad-window-item")
        .contains("The notices are exactly those the scenario expects (1).")
        .contains("wall time");
    assertThat(Files.readString(report)).contains("<svg class=\"chart\"");
    assertThat(Files.readString(directory.resolve("bad-window-item.functions.log")))
        .contains("CloudWatchMetrics");
  }
}
