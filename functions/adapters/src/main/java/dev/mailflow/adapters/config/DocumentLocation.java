package dev.mailflow.adapters.config;

import java.util.Optional;

/**
 * Where a function's settings say its configuration document is: at most one of the three is
 * present.
 *
 * @param parameter the SSM parameter's name ({@value EnvironmentReader#CONFIG_PARAMETER})
 * @param object the S3 object, {@code s3://BUCKET/KEY} ({@value EnvironmentReader#CONFIG_OBJECT})
 * @param file the local file's path ({@value EnvironmentReader#CONFIG_FILE})
 */
public record DocumentLocation(
    Optional<String> parameter, Optional<String> object, Optional<String> file) {

  /** No document named. */
  public static final DocumentLocation NONE =
      new DocumentLocation(Optional.empty(), Optional.empty(), Optional.empty());

  /** The location given by the variable {@code name} with {@code value}. */
  static DocumentLocation of(String name, String value) {
    return switch (name) {
      case EnvironmentReader.CONFIG_PARAMETER ->
          new DocumentLocation(Optional.of(value), Optional.empty(), Optional.empty());
      case EnvironmentReader.CONFIG_OBJECT ->
          new DocumentLocation(Optional.empty(), Optional.of(value), Optional.empty());
      case EnvironmentReader.CONFIG_FILE ->
          new DocumentLocation(Optional.empty(), Optional.empty(), Optional.of(value));
      default -> throw new IllegalArgumentException("not a configuration variable: " + name);
    };
  }

  /** Whether a document is named at all. */
  public boolean named() {
    return parameter.isPresent() || object.isPresent() || file.isPresent();
  }
}
