package dev.mailflow.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The scenarios that come with the local run ({@code local/scenarios/} in the repository), packed
 * into its jar under {@code scenarios/}, so {@code --scenario slow-relay} needs no path.
 */
final class ScenarioLibrary {
  static final String FOLDER = "scenarios/";
  static final String DEFAULT = "seed-story";

  private ScenarioLibrary() {}

  /** The text of the scenario named {@code name}, if the library has it. */
  static Optional<String> text(String name) {
    try (InputStream in =
        ScenarioLibrary.class.getClassLoader().getResourceAsStream(FOLDER + name + ".yaml")) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("the scenario library cannot be read", e);
    }
  }

  /** The names of the library's scenarios, sorted. */
  static List<String> names() {
    TreeSet<String> names = new TreeSet<>();
    try {
      Path location =
          Path.of(
              ScenarioLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        Path folder = location.resolve(FOLDER);
        if (Files.isDirectory(folder)) {
          try (Stream<Path> files = Files.list(folder)) {
            files.map(file -> file.getFileName().toString()).forEach(file -> add(names, file));
          }
        }
      } else {
        try (ZipFile jar = new ZipFile(location.toFile())) {
          Enumeration<? extends ZipEntry> entries = jar.entries();
          while (entries.hasMoreElements()) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(FOLDER)) {
              add(names, entry.substring(FOLDER.length()));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the scenario library cannot be listed", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the local run's own location is not a path", e);
    }
    return new ArrayList<>(names);
  }

  private static void add(TreeSet<String> names, String file) {
    if (file.endsWith(".yaml") && !file.contains("/")) {
      names.add(file.substring(0, file.length() - ".yaml".length()));
    }
  }
}
