package dev.mailflow.benchmarks;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.adapters.config.DocumentException;
import dev.mailflow.adapters.mail.ArrivalReader;
import dev.mailflow.adapters.mail.InboundMailParser;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.configuration.InvalidConfigurationException;
import dev.mailflow.domain.probe.ProbeTokenSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A fuzz run of the parsers that read what outsiders and operators write: the mail reader (raw
 * mail, through {@link InboundMailParser} and {@link ArrivalReader}), the probe token, the
 * configuration document and the maintenance window item. Each input is a valid one with a few
 * random mutations (bytes flipped, replaced, inserted, deleted, repeated, spliced from another
 * input, hostile tokens inserted) or, one time in sixteen, random bytes; the run prints how many
 * inputs each parser was given and every <em>escape</em>: an exception a parser does not document.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mailflow.benchmarks.ParserFuzz [inputs] [seed]
 * </pre>
 *
 * <p>{@code inputs} (default 1,000,000) is spread evenly over the four parsers; {@code seed}
 * (default 1) makes a run repeatable. It exits with status 1 when anything escaped.
 */
public final class ParserFuzz {

  /** Pieces that parsers meet at their edges: line ends, separators, huge and odd values. */
  private static final List<String> DICTIONARY =
      List.of(
          "\r\n",
          "\n",
          "\r\n\r\n",
          "\r\n ",
          ": ",
          ";",
          ".",
          "\u0000",
          "\u00ff",
          "Received: from a by b; ",
          "X-Mailflow-Probe: ",
          "v1.",
          "v2.",
          "Date: ",
          "Mon, 31 Feb 99999 25:61:61 +9999",
          "=?UTF-8?B?////?=",
          "99999999999999999999",
          "-1",
          "P106751991167300D",
          "PT-1H",
          "+1000000000-12-31T23:59:59Z",
          "9999-12-31T23:59:59Z",
          "FREQ=SECONDLY;INTERVAL=1",
          "Mars/Olympus",
          "server:",
          "- ",
          "  ",
          "&a ",
          "*a",
          "!!binary ",
          "{",
          "[",
          "\"");

  /** A configuration that uses most of the document's fields, block and flow style. */
  private static final String CONFIGURATION =
      """
      sender: mailflow@fabrikam.com
      defaults: { probeInterval: PT5M, lossTimeout: 1h30m, warningLatency: 90s, lookback: 1d }
      servers:
        - { id: EDGE, host: 192.0.2.25, port: 25, security: NONE }
        - id: GW1
          host: gw1.fabrikam.com
          port: 2525
          security: STARTTLS
          credentialsSecret: mailflow/smtp/gw1
        - { id: API, transport: SES }
      routes:
        - id: edge_in
          source: EDGE
          target: GW1
          recipient: mailflow-probe+edge@gw1.fabrikam.com
          sender: monitor@fabrikam.com
          policy:
            recentProbes: 6
            recentFailuresToOpen: 3
            cleanProbesToClose: 4
            reminderInterval: 4h
        - { source: API, target: EDGE, recipient: probe@edge.fabrikam.com, enabled: false }
      """;

  private static final Map<String, String> WINDOW =
      Map.of(
          "windowId", "mx01-patching",
          "scope", "server:MX01",
          "start", "2026-12-01T22:00:00+01:00",
          "end", "2026-12-01T23:30:00+01:00",
          "reason", "monthly patches",
          "setBy", "ops@example.com");

  private static final Map<String, String> SERIES =
      Map.of(
          "windowId", "mx01-patch-night",
          "scope", "server:MX01",
          "every", "FREQ=MONTHLY;BYDAY=2TU",
          "start", "2026-12-08T22:00:00+01:00",
          "zone", "Europe/Stockholm",
          "duration", "PT4H",
          "reason", "monthly patches",
          "setBy", "ops@example.com");

  private final Random random;
  private final Map<String, Integer> tried = new TreeMap<>();
  private final Map<String, Integer> escapes = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();

  private ParserFuzz(long seed) {
    this.random = new Random(seed);
  }

  public static void main(String[] args) {
    long inputs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    ParserFuzz fuzz = new ParserFuzz(seed);
    long started = System.nanoTime();
    fuzz.run(inputs / 4);
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    int total = fuzz.tried.values().stream().mapToInt(Integer::intValue).sum();
    int escaped = fuzz.escapes.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf("seed %d, %,d inputs in %d s%n", seed, total, seconds);
    fuzz.tried.forEach((parser, count) -> System.out.printf("  %-14s %,d inputs%n", parser, count));
    System.out.printf("%d escapes%n", escaped);
    fuzz.escapes.forEach((escape, count) -> System.out.printf("  %s: %d%n", escape, count));
    fuzz.examples.forEach(example -> System.out.println("  e.g. " + example));
    System.exit(escaped == 0 ? 0 : 1);
  }

  private void run(long perParser) {
    ProbeTokenSigner signer = ProbeMailBenchmark.signer();
    ArrivalReader reader = new ArrivalReader(signer);
    InboundMailParser parser = new InboundMailParser();
    byte[] probe =
        (ProbeMailBenchmark.ADDED_ON_THE_WAY
                + new String(
                    new ProbeMailComposer(signer)
                        .composeBytes(
                            ProbeMailBenchmark.route(),
                            ProbeMailBenchmark.SENT,
                            ProbeMailBenchmark.NONCE),
                    StandardCharsets.ISO_8859_1))
            .getBytes(StandardCharsets.ISO_8859_1);
    String token = signer.sign("MX02-to-MX01", ProbeMailBenchmark.SENT, ProbeMailBenchmark.NONCE);
    byte[] configuration = CONFIGURATION.getBytes(StandardCharsets.UTF_8);
    Instant arrived = ProbeMailBenchmark.ARRIVED;
    WindowItems items = new WindowItems();
    DynamoDbMaintenanceWindowSource windows =
        new DynamoDbMaintenanceWindowSource(
            items, "windows", Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC));

    for (long i = 0; i < perParser; i++) {
      byte[] mail = mutate(probe, probe);
      fuzz(
          "mail",
          mail,
          Set.of(),
          raw -> {
            parser.parse(raw);
            reader.read(raw, arrived);
          });
      String mutatedToken = latin1(mutate(latin1(token), probe));
      fuzz(
          "token",
          mutatedToken.getBytes(StandardCharsets.ISO_8859_1),
          Set.of(),
          raw -> signer.verify(mutatedToken));
      String document = new String(mutate(configuration, configuration), StandardCharsets.UTF_8);
      fuzz(
          "configuration",
          document.getBytes(StandardCharsets.UTF_8),
          Set.of(InvalidConfigurationException.class, DocumentException.class),
          raw -> ConfigurationDocument.parse(document, "mailflow.yaml"));
      Map<String, AttributeValue> item = windowItem(random.nextBoolean() ? WINDOW : SERIES);
      items.next = item;
      fuzz(
          "window item",
          item.toString().getBytes(StandardCharsets.UTF_8),
          Set.of(),
          raw -> windows.load());
    }
  }

  private void fuzz(String target, byte[] input, Set<Class<?>> documented, Consumer<byte[]> call) {
    tried.merge(target, 1, Integer::sum);
    try {
      call.accept(input);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      if (documented.contains(e.getClass())) {
        return;
      }
      String escape = target + " " + e.getClass().getName();
      if (escapes.merge(escape, 1, Integer::sum) == 1 && examples.size() < 20) {
        examples.add(escape + " (" + e.getMessage() + ") on " + printable(input));
      }
    }
  }

  /** A window item with its values mutated, a value of another type, or an attribute dropped. */
  private Map<String, AttributeValue> windowItem(Map<String, String> valid) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    for (Map.Entry<String, String> attribute : valid.entrySet()) {
      int choice = random.nextInt(8);
      String value = attribute.getValue();
      if (choice == 0) {
        continue;
      }
      if (choice == 1) {
        item.put(attribute.getKey(), AttributeValue.fromN(Integer.toString(random.nextInt())));
      } else if (choice == 2) {
        item.put(attribute.getKey(), AttributeValue.fromSs(List.of(value)));
      } else if (choice <= 4) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        item.put(
            attribute.getKey(),
            AttributeValue.fromS(new String(mutate(bytes, bytes), StandardCharsets.UTF_8)));
      } else {
        item.put(attribute.getKey(), AttributeValue.fromS(value));
      }
    }
    if (random.nextInt(4) == 0) {
      item.put("expiresAt", AttributeValue.fromN(random.nextInt(3) == 0 ? "1e400" : "42"));
    }
    if (random.nextInt(4) == 0) {
      item.put(random.nextBoolean() ? "skip" : "moved", AttributeValue.fromS(dictionaryWord()));
    }
    return item;
  }

  /** {@code input} with one to eight random mutations; one time in sixteen, random bytes. */
  private byte[] mutate(byte[] input, byte[] other) {
    if (random.nextInt(16) == 0) {
      byte[] noise = new byte[random.nextInt(512)];
      random.nextBytes(noise);
      return noise;
    }
    byte[] bytes = input;
    int mutations = 1 + random.nextInt(8);
    for (int m = 0; m < mutations; m++) {
      int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      switch (random.nextInt(7)) {
        case 0 -> {
          if (bytes.length > 0) {
            bytes = bytes.clone();
            bytes[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        case 1 -> {
          if (bytes.length > 0) {
            bytes = bytes.clone();
            bytes[at] = (byte) random.nextInt(256);
          }
        }
        case 2 -> bytes = insert(bytes, at, dictionaryWord().getBytes(StandardCharsets.UTF_8));
        case 3 -> {
          int length = Math.min(bytes.length - at, 1 + random.nextInt(64));
          bytes = delete(bytes, at, Math.max(0, length));
        }
        case 4 -> {
          int length = Math.min(bytes.length - at, 1 + random.nextInt(256));
          byte[] piece = new byte[Math.max(0, length)];
          System.arraycopy(bytes, at, piece, 0, piece.length);
          bytes = insert(bytes, at, piece);
        }
        case 5 -> {
          int from = other.length == 0 ? 0 : random.nextInt(other.length);
          int length = Math.min(other.length - from, 1 + random.nextInt(128));
          byte[] piece = new byte[Math.max(0, length)];
          System.arraycopy(other, from, piece, 0, piece.length);
          bytes = insert(bytes, at, piece);
        }
        default -> {
          byte[] noise = new byte[1 + random.nextInt(16)];
          random.nextBytes(noise);
          bytes = insert(bytes, at, noise);
        }
      }
    }
    return bytes;
  }

  private String dictionaryWord() {
    return DICTIONARY.get(random.nextInt(DICTIONARY.size()));
  }

  private static byte[] insert(byte[] bytes, int at, byte[] piece) {
    byte[] result = new byte[bytes.length + piece.length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(piece, 0, result, at, piece.length);
    System.arraycopy(bytes, at, result, at + piece.length, bytes.length - at);
    return result;
  }

  private static byte[] delete(byte[] bytes, int at, int length) {
    byte[] result = new byte[bytes.length - length];
    System.arraycopy(bytes, 0, result, 0, at);
    System.arraycopy(bytes, at + length, result, at, bytes.length - at - length);
    return result;
  }

  private static byte[] latin1(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** An input as one line: Java escapes for everything not printable ASCII, cut at 300. */
  private static String printable(byte[] input) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < input.length && text.length() < 300; i++) {
      int b = input[i] & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02x", b));
      }
    }
    return text.toString();
  }

  /** A window table of one item, the one the fuzz run put there last. */
  private static final class WindowItems implements DynamoDbClient {
    private Map<String, AttributeValue> next = Map.of();

    @Override
    public ScanResponse scan(ScanRequest request) {
      return ScanResponse.builder().items(List.of(next)).count(1).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
