package dev.mailflow.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.fakes.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigurationSourceTest {
  private static final String ONE_ROUTE =
      "sender: m@a.se\nservers: [{id: A, host: a.se}, {id: B, host: b.se}]\n"
          + "routes: [{source: A, target: B, recipient: p@b.se}]";
  private static final String TWO_ROUTES =
      ONE_ROUTE
          .replace("]\n", "]\n")
          .replace(
              "recipient: p@b.se}]",
              "recipient: p@b.se}, {source: B, target: A, recipient: p@a.se}]");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
  private final AtomicReference<String> document = new AtomicReference<>(ONE_ROUTE);
  private final AtomicInteger reads = new AtomicInteger();
  private final ConfigurationSource source =
      new ConfigurationSource(
          () -> {
            reads.incrementAndGet();
            String text = document.get();
            if (text == null) {
              throw new IllegalStateException("parameter store unreachable");
            }
            return text;
          },
          "/mailflow/config",
          clock,
          Duration.ofMinutes(1));

  @Test
  void current_readsTheDocumentAtMostOncePerInterval() {
    source.current();
    document.set(TWO_ROUTES);
    clock.advance(Duration.ofSeconds(59));

    assertThat(source.current().routes()).hasSize(1);
    assertThat(reads).hasValue(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(source.current().routes()).hasSize(2);
    assertThat(reads).hasValue(2);
  }

  @Test
  void current_whenTheNewDocumentIsInvalid_keepsTheLastGoodOne() {
    source.current();
    document.set("servers: []");
    clock.advance(Duration.ofMinutes(2));

    assertThat(source.current().routes()).hasSize(1);
  }

  @Test
  void current_whenTheNewDocumentHasAnOverflowingDurationOrABadHost_keepsTheLastGoodOne() {
    source.current();
    for (String bad :
        java.util.List.of(
            TWO_ROUTES.replace(
                "servers:", "defaults: {probeInterval: P106751991167300D}\nservers:"),
            TWO_ROUTES.replace("servers:", "defaults: {lookback: P106751991167300D}\nservers:"),
            TWO_ROUTES.replace("host: a.se", "host: \"\\u0000\""))) {
      document.set(bad);
      clock.advance(Duration.ofMinutes(2));

      assertThat(source.current().routes()).as(bad).hasSize(1);
    }
  }

  @Test
  void current_whenParsingFailsInAWayNobodyForesaw_keepsTheLastGoodOneAndSaysWhy() {
    MonitorConfiguration good = source.current();
    ConfigurationSource failing =
        new ConfigurationSource(
            document::get,
            "/mailflow/config",
            clock,
            Duration.ofMinutes(1),
            text -> {
              if (text.equals(ONE_ROUTE)) {
                return good;
              }
              throw new ArithmeticException("long overflow");
            });
    failing.current();
    document.set(TWO_ROUTES);
    clock.advance(Duration.ofMinutes(2));

    assertThat(failing.current()).isSameAs(good);

    ConfigurationSource neverGood =
        new ConfigurationSource(
            () -> "anything",
            "/mailflow/config",
            clock,
            Duration.ofMinutes(1),
            text -> {
              throw new ArithmeticException("long overflow");
            });
    assertThatThrownBy(neverGood::current)
        .isInstanceOf(ConfigurationUnavailableException.class)
        .hasMessageContaining("configuration /mailflow/config is invalid")
        .hasMessageContaining("long overflow");
  }

  @Test
  void rejected_namesARefusedVersionOnce_untilAGoodOneIsReadAgain() {
    source.current();
    assertThat(source.rejected()).isEmpty();

    document.set("servers: []");
    clock.advance(Duration.ofMinutes(2));
    source.current();
    RejectedDocument first = source.rejected().orElseThrow();
    clock.advance(Duration.ofMinutes(2));
    source.current();
    RejectedDocument again = source.rejected().orElseThrow();
    document.set("servers: [{id: A}]");
    clock.advance(Duration.ofMinutes(2));
    source.current();
    RejectedDocument other = source.rejected().orElseThrow();

    assertThat(first.name()).isEqualTo("/mailflow/config");
    assertThat(first.reason()).contains("'servers' must be a list of at least one server");
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(other.fingerprint()).isNotEqualTo(first.fingerprint());

    document.set(ONE_ROUTE);
    clock.advance(Duration.ofMinutes(2));
    source.current();
    assertThat(source.rejected()).isEmpty();
  }

  @Test
  void rejected_aDocumentItsStoreGaveButRefused_isToldOncePerVersion_andTheLastGoodOneStays() {
    AtomicReference<String> refusedVersion = new AtomicReference<>();
    ConfigurationSource object =
        new ConfigurationSource(
            () -> {
              if (refusedVersion.get() != null) {
                throw new RefusedDocumentException(
                    "S3 object s3://config/m.yaml is not UTF-8 text", refusedVersion.get());
              }
              return ONE_ROUTE;
            },
            "s3://config/m.yaml",
            clock,
            Duration.ofMinutes(1));
    object.current();

    refusedVersion.set("\"etag-1\"");
    clock.advance(Duration.ofMinutes(2));
    assertThat(object.current().routes()).hasSize(1);
    RejectedDocument first = object.rejected().orElseThrow();
    clock.advance(Duration.ofMinutes(2));
    object.current();
    RejectedDocument again = object.rejected().orElseThrow();
    refusedVersion.set("\"etag-2\"");
    clock.advance(Duration.ofMinutes(2));
    object.current();
    RejectedDocument other = object.rejected().orElseThrow();

    assertThat(first.name()).isEqualTo("s3://config/m.yaml");
    assertThat(first.reason()).isEqualTo("S3 object s3://config/m.yaml is not UTF-8 text");
    assertThat(again.fingerprint()).isEqualTo(first.fingerprint());
    assertThat(other.fingerprint()).isNotEqualTo(first.fingerprint());
  }

  @Test
  void rejected_whenTheStoreIsUnreachable_isEmpty() {
    source.current();
    document.set(null);
    clock.advance(Duration.ofMinutes(2));
    source.current();

    assertThat(source.rejected()).isEmpty();
  }

  @Test
  void current_whenTheStoreIsUnreachable_keepsTheLastGoodOne() {
    source.current();
    document.set(null);
    clock.advance(Duration.ofMinutes(2));

    assertThat(source.current().routes()).hasSize(1);
  }

  @Test
  void current_withoutAnyGoodDocument_failsSayingWhy() {
    document.set("servers: []");

    assertThatThrownBy(source::current)
        .isInstanceOf(ConfigurationUnavailableException.class)
        .hasMessageContaining("configuration /mailflow/config is invalid")
        .hasMessageContaining("'servers' must be a list of at least one server");
  }

  @Test
  void fromStoreOrFile_readsTheNamedDocument_orElseTheFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws java.io.IOException {
    java.nio.file.Path file = directory.resolve("mailflow.yaml");
    java.nio.file.Files.writeString(file, TWO_ROUTES);
    java.util.List<String> asked = new java.util.ArrayList<>();

    ConfigurationSource fromParameter =
        ConfigurationSource.fromStoreOrFile(
            java.util.Optional.of("/mailflow/config"),
            java.util.Optional.empty(),
            name -> {
              asked.add(name);
              return () -> ONE_ROUTE;
            },
            clock,
            dev.mailflow.domain.route.RoutePolicy.defaults());
    ConfigurationSource fromFile =
        ConfigurationSource.fromStoreOrFile(
            java.util.Optional.empty(),
            java.util.Optional.of(file.toString()),
            name -> {
              throw new AssertionError("no parameter is named");
            },
            clock,
            dev.mailflow.domain.route.RoutePolicy.defaults());

    assertThat(fromParameter.current().routes()).hasSize(1);
    assertThat(asked).containsExactly("/mailflow/config");
    assertThat(fromFile.current().routes()).hasSize(2);
  }
}
