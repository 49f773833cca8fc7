package dev.mailflow.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoInstallationTest {

  @Test
  void hasMoto_isFalseForAPythonThatCannotImportIt(@TempDir Path directory) throws IOException {
    Path python = directory.resolve("python3");
    Files.writeString(python, "#!/bin/sh\necho \"No module named 'moto'\" >&2\nexit 1\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(MotoInstallation.hasMoto(python.toString())).isFalse();
    assertThat(MotoInstallation.systemPython(directory.toString())).contains(python.toString());
  }

  @Test
  void hasMoto_isFalseForAProgramThatDoesNotExist() {
    assertThat(MotoInstallation.hasMoto("/nonexistent/python3")).isFalse();
    assertThat(MotoInstallation.systemPython("/nonexistent")).isEmpty();
  }

  @Test
  void directory_isThePrivateCacheUnlessConfigured() {
    if (System.getenv("MAILFLOW_MOTO_VENV") == null) {
      assertThat(MotoInstallation.directory())
          .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "mailflow", "moto-venv"));
    }
  }
}
