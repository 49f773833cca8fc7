package dev.mailflow.adapters.aws;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/** A value built on first use, once, even when several threads ask at the same time. */
final class Lazy<T> implements Supplier<T> {

  private final Supplier<T> factory;
  private volatile T value;

  Lazy(Supplier<T> factory) {
    this.factory = Objects.requireNonNull(factory, "factory");
  }

  @Override
  public T get() {
    T built = value;
    if (built == null) {
      synchronized (this) {
        built = value;
        if (built == null) {
          built = Objects.requireNonNull(factory.get(), "factory returned null");
          value = built;
        }
      }
    }
    return built;
  }

  /** The value if it has been built, without building it. */
  Optional<T> ifBuilt() {
    return Optional.ofNullable(value);
  }
}
