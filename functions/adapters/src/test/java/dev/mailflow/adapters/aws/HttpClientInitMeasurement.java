package dev.mailflow.adapters.aws;

import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Measures what each candidate HTTP client costs a cold Lambda container: building it and a
 * DynamoDB client, then the first call, in a fresh JVM each time, against the moto server.
 *
 * <p>The figures chose the one HTTP client of {@link AwsClients}. Run it again when the SDK or the
 * JDK changes:
 *
 * <pre>
 * ./mvnw -B -P http-client-measurement -pl functions/adapters -am -DskipTests verify
 * </pre>
 *
 * <p>The profile puts {@code aws-crt-client} on the test class path for this run only; the
 * URLConnection runs leave its jars out, so each child JVM has exactly one HTTP client. Children
 * run with the JVM flags of Lambda's Java runtimes at 512 MB, interleaved so that load on the
 * machine falls on both candidates alike; the first run of each is discarded (it warms the file
 * cache). The argument, if any, is the number of measured runs per candidate (default 7).
 */
public final class HttpClientInitMeasurement {

  private static final Map<String, String> CANDIDATES = new LinkedHashMap<>();

  static {
    CANDIDATES.put(
        "url-connection-client",
        "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient");
    CANDIDATES.put("aws-crt-client", "software.amazon.awssdk.http.crt.AwsCrtHttpClient");
  }

  /** The managed Java runtimes' command line at 512 MB (the harness in tools/ uses the same). */
  private static final List<String> LAMBDA_JVM_OPTIONS =
      List.of(
          "-XX:MaxHeapSize=445645k",
          "-XX:MaxMetaspaceSize=52429k",
          "-XX:ReservedCodeCacheSize=26214k",
          "-XX:+UseSerialGC",
          "-XX:+TieredCompilation",
          "-XX:TieredStopAtLevel=1",
          "-Djava.net.preferIPv4Stack=true");

  private static final Pattern FIGURES =
      Pattern.compile("init_ms=([0-9.]+) first_call_ms=([0-9.]+)");

  private HttpClientInitMeasurement() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    try {
      Class.forName(CANDIDATES.get("aws-crt-client"));
    } catch (ClassNotFoundException e) {
      System.err.println(
          "aws-crt-client is not on the class path: run with -P http-client-measurement");
      System.exit(2);
    }
    MotoServer moto = MotoServer.shared();
    String table = createTable(moto);

    Map<String, List<double[]>> figures = new LinkedHashMap<>();
    CANDIDATES.keySet().forEach(candidate -> figures.put(candidate, new ArrayList<>()));
    for (int run = 0; run <= runs; run++) {
      for (Map.Entry<String, String> candidate : CANDIDATES.entrySet()) {
        double[] measured = measureOnce(candidate.getKey(), candidate.getValue(), moto, table);
        if (run > 0) {
          figures.get(candidate.getKey()).add(measured);
        }
      }
    }

    System.out.printf(
        Locale.ROOT,
        "%nCold start against moto, %d runs each, median (min-max) in ms, %s%n",
        runs,
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    System.out.printf(
        Locale.ROOT,
        "%-22s %-20s %-20s %-20s %-20s%n",
        "client",
        "init",
        "first call",
        "init + first call",
        "JVM process");
    figures.forEach(
        (candidate, rows) ->
            System.out.printf(
                Locale.ROOT,
                "%-22s %-20s %-20s %-20s %-20s%n",
                candidate,
                summary(rows, 0),
                summary(rows, 1),
                summary(rows, 2),
                summary(rows, 3)));
  }

  /** Init, first call, their sum and the child's whole life, in milliseconds. */
  private static double[] measureOnce(
      String candidate, String clientClass, MotoServer moto, String table) {
    long start = System.nanoTime();
    ChildJvm.Result child =
        ChildJvm.run(
            FirstDynamoDbCall.class,
            LAMBDA_JVM_OPTIONS,
            classPathFor(candidate),
            moto.environment(),
            clientClass,
            table);
    double wall = (System.nanoTime() - start) / 1_000_000.0;
    Matcher matcher = FIGURES.matcher(child.output());
    if (child.exitCode() != 0 || !matcher.find()) {
      throw new IllegalStateException(candidate + " run failed:\n" + child.output());
    }
    double init = Double.parseDouble(matcher.group(1));
    double firstCall = Double.parseDouble(matcher.group(2));
    return new double[] {init, firstCall, init + firstCall, wall};
  }

  private static String classPathFor(String candidate) {
    String classPath = ChildJvm.testClassPath();
    if (candidate.equals("aws-crt-client")) {
      return classPath;
    }
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(entry -> !new File(entry).getName().startsWith("aws-crt"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String summary(List<double[]> rows, int column) {
    double[] values = rows.stream().mapToDouble(row -> row[column]).sorted().toArray();
    int middle = values.length / 2;
    double median =
        values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    return String.format(
        Locale.ROOT, "%.0f (%.0f-%.0f)", median, values[0], values[values.length - 1]);
  }

  private static String createTable(MotoServer moto) {
    String table = ResourceNames.unique("probes");
    try (AwsClients clients = AwsClients.forEnvironment(moto.environment())) {
      clients
          .dynamoDb()
          .createTable(
              r ->
                  r.tableName(table)
                      .billingMode(BillingMode.PAY_PER_REQUEST)
                      .attributeDefinitions(
                          AttributeDefinition.builder()
                              .attributeName("route")
                              .attributeType(ScalarAttributeType.S)
                              .build())
                      .keySchema(
                          KeySchemaElement.builder()
                              .attributeName("route")
                              .keyType(KeyType.HASH)
                              .build()));
    }
    return table;
  }
}
