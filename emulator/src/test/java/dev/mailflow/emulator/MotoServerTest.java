package dev.mailflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.emulator.MotoServer.MotoCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the server is found and how a failed start explains itself; no moto needed. */
class MotoServerTest {

  @TempDir Path temp;

  @Test
  void start_withNothingToRun_failsSayingWhatToInstall() {
    assertThatThrownBy(() -> MotoServer.start(List.of(), temp.resolve("moto.log"), seconds(5)))
        .isInstanceOf(MotoServerStartException.class)
        .hasMessageContaining("pip install 'moto[server]'")
        .hasMessageContaining("neither python3 nor moto_server is on the PATH");
  }

  @Test
  void start_whenTheServerExits_reportsItsOutputAndWhatToInstall() {
    MotoCommand missingModule =
        shell("echo \"ModuleNotFoundError: No module named 'moto'\"; exit 1");

    assertThatThrownBy(
            () -> MotoServer.start(List.of(missingModule), temp.resolve("moto.log"), seconds(10)))
        .isInstanceOf(MotoServerStartException.class)
        .hasMessageContaining("pip install 'moto[server]'")
        .hasMessageContaining("exited with code 1")
        .hasMessageContaining("No module named 'moto'");
  }

  @Test
  void start_whenTheFirstWayFails_triesTheNext() {
    MotoCommand first = shell("echo first; exit 1");
    MotoCommand second = shell("echo second; exit 2");

    assertThatThrownBy(
            () -> MotoServer.start(List.of(first, second), temp.resolve("moto.log"), seconds(10)))
        .hasMessageContaining("exited with code 1")
        .hasMessageContaining("exited with code 2");
  }

  @Test
  void start_whenTheServerNeverAnswers_givesUpAfterTheTimeout() {
    MotoCommand silent = shell("echo listening nowhere; exec sleep 60");

    assertThatThrownBy(
            () -> MotoServer.start(List.of(silent), temp.resolve("moto.log"), seconds(1)))
        .isInstanceOf(MotoServerStartException.class)
        .hasMessageContaining("did not answer")
        .hasMessageContaining("within 1 s")
        .hasMessageContaining("listening nowhere");
  }

  @Test
  void start_writesTheServerOutputToTheLogFile() throws IOException {
    Path log = temp.resolve("target/moto-server.log");

    assertThatThrownBy(
        () -> MotoServer.start(List.of(shell("echo to the log; exit 1")), log, seconds(10)));

    assertThat(Files.readString(log)).contains("to the log");
  }

  @Test
  void commandsOnPath_prefersPythonModule_thenMotoServer() throws IOException {
    Path bin = Files.createDirectory(temp.resolve("bin"));
    executable(bin.resolve("moto_server"));
    executable(bin.resolve("python3"));

    List<MotoCommand> commands = MotoServer.commandsOnPath("/nonexistent:" + bin);

    assertThat(commands)
        .extracting(MotoCommand::description)
        .containsExactly("python3 -m moto.server", "moto_server");
    assertThat(commands.get(0).withPort(5000))
        .startsWith(bin.resolve("python3").toString())
        .endsWith("-H", "127.0.0.1", "-p", "5000");
  }

  @Test
  void commandsOnPath_withNeitherOnPath_findsNothing() {
    assertThat(MotoServer.commandsOnPath(temp.toString())).isEmpty();
    assertThat(MotoServer.commandsOnPath(null)).isEmpty();
  }

  private static MotoCommand shell(String script) {
    // The trailing "sh" becomes $0, so the host and port arguments land in $1.. and are ignored.
    return new MotoCommand("test server", List.of("sh", "-c", script, "sh"));
  }

  private static void executable(Path file) throws IOException {
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static Duration seconds(int seconds) {
    return Duration.ofSeconds(seconds);
  }
}
