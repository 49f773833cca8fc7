package dev.mailflow.adapters.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/** Reads a document (the monitor configuration) from a local file: for local runs and tests. */
public final class FileDocument implements Supplier<String> {
  private final Path path;

  public FileDocument(Path path) {
    this.path = Objects.requireNonNull(path, "path");
  }

  @Override
  public String get() {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("file " + path + " cannot be read: " + e.getMessage(), e);
    }
  }
}
