package dev.mailflow.benchmarks;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.config.EnvironmentReader;
import dev.mailflow.emulator.DynamoDbStandIn;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.local.scenario.Scenario;
import dev.mailflow.local.scenario.ScenarioReader;
import dev.mailflow.local.simulation.Simulation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a route costs a month, from calls counted rather than guessed: runs the real send, receive
 * and evaluate functions over two full meshes of mail servers against the moto server (the local
 * run's pipeline, with SES's inbound side stood in for), counts every AWS call each function makes,
 * the request units DynamoDB bills for it, the invocations and their duration, and the bytes and
 * custom metrics each writes to its log, then prices them with {@link PriceList}.
 *
 * <p>What two meshes of different sizes cost apart is what their extra routes cost; what is left is
 * the fixed cost of the stack. Each probe interval is measured with its own pair of runs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mailflow.benchmarks.CostPerRoute [hours] [small] [large] [evaluate] [dynamodb]
 * </pre>
 *
 * <p>{@code hours} of simulated time per run (default 1), the servers of the small and the large
 * mesh (default 3 and 6: 6 and 30 routes), the minutes between evaluations (default 1, as the
 * template's EvaluateIntervalMinutes), and what answers DynamoDB: the {@link DynamoDbStandIn} at
 * that many milliseconds a call (default 5, as the scale benchmark), or {@code moto}. The
 * functions' Lambda duration is mostly waiting on DynamoDB: moto's Python server answers one call
 * at a time, so the routes a run keeps in flight wait on each other there as they do not on
 * DynamoDB; the stand-in answers them side by side, each after its latency. Run it from the
 * repository's root, where it reads the alarms, secrets, keys and dashboards of {@code
 * infrastructure/template.yaml}.
 */
public final class CostPerRoute {
  /** Probe intervals priced, in minutes. */
  private static final List<Integer> INTERVALS = List.of(1, 2, 5, 10, 15);

  /** The interval the goal is set at, and the goal: what is not SES under 5% of SES. */
  private static final int GOAL_INTERVAL = 5;

  private static final double GOAL_SHARE = 0.05;

  /** Hours in a month, as AWS bills them. */
  private static final double HOURS_PER_MONTH = 730;

  /** The template's MemorySize, 1024 MB. */
  private static final double LAMBDA_GB = 1.0;

  /**
   * Lambda's own START, END and REPORT lines for each invocation, about this many bytes: not
   * written by the functions, so not counted, but ingested all the same.
   */
  private static final int LAMBDA_PLATFORM_LOG_BYTES = 300;

  /** The evaluate schedule, as the template's default EvaluateIntervalMinutes sets it. */
  private static int evaluateEveryMinutes = 1;

  /** What answers DynamoDB, for the report. */
  private static String dynamoDbBackend = "";

  private static final String SES = "SES receiving";
  private static final String S3_COPY = "S3 PUT, the receipt rule's copy of each mail";

  private static volatile CallMeter active;

  private CostPerRoute() {}

  public static void main(String[] arguments) throws IOException {
    int hours = arguments.length > 0 ? Integer.parseInt(arguments[0]) : 1;
    int small = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 3;
    int large = arguments.length > 2 ? Integer.parseInt(arguments[2]) : 6;
    evaluateEveryMinutes = arguments.length > 3 ? Integer.parseInt(arguments[3]) : 1;
    String dynamoDb = arguments.length > 4 ? arguments[4] : "5";
    if (hours < 1
        || hours > 23
        || small < 2
        || large <= small
        || evaluateEveryMinutes < 1
        || !dynamoDb.matches("moto|[0-9]{1,3}")) {
      System.err.println(
          "usage: CostPerRoute [hours 1-23] [small mesh >= 2] [large mesh > small]"
              + " [evaluate every N minutes] [DynamoDB: stand-in latency in ms, or moto]");
      System.exit(2);
    }
    PrintStream terminal = System.out;
    // The functions' own JSON logger and metric lines go to the meter, as to CloudWatch Logs;
    // chosen by name, before any logger is made.
    System.setProperty("slf4j.provider", "dev.mailflow.adapters.logging.JsonLogProvider");
    LogMeter logs = new LogMeter(() -> active == null ? CallMeter.INIT : active.current());
    System.setOut(new PrintStream(logs, true, StandardCharsets.UTF_8));

    MotoServer moto = MotoServer.shared(Path.of("target", "cost-per-route-moto.log"));
    Map<String, String> stack = new TreeMap<>(moto.environment());
    DynamoDbStandIn standIn = null;
    if (dynamoDb.equals("moto")) {
      dynamoDbBackend = "DynamoDB answered by moto";
    } else {
      standIn = DynamoDbStandIn.start(Duration.ofMillis(Integer.parseInt(dynamoDb)));
      stack.put("AWS_ENDPOINT_URL_DYNAMODB", standIn.endpoint().toString());
      dynamoDbBackend = "DynamoDB answered by the stand-in, " + dynamoDb + " ms a call";
    }
    Map<Integer, Measurement[]> runs = new TreeMap<>();
    Measurement[] routeMetrics = new Measurement[2];
    try (AwsClients inspector = AwsClients.forEnvironment(stack)) {
      for (int interval : INTERVALS) {
        Measurement[] pair = new Measurement[2];
        int index = 0;
        for (int servers : new int[] {small, large}) {
          terminal.printf(
              Locale.ROOT,
              "measuring: %d servers, a probe every %d min, %d h simulated...%n",
              servers,
              interval,
              hours);
          pair[index++] = measure(stack, inspector, logs, servers, interval, hours, "off");
        }
        runs.put(interval, pair);
      }
      int index = 0;
      for (int servers : new int[] {small, large}) {
        terminal.printf(
            Locale.ROOT,
            "measuring: %d servers, a probe every %d min, per-route metrics on...%n",
            servers,
            GOAL_INTERVAL);
        routeMetrics[index++] =
            measure(stack, inspector, logs, servers, GOAL_INTERVAL, hours, "on");
      }
    } finally {
      System.setOut(terminal);
      if (standIn != null) {
        standIn.close();
      }
      MotoServer.stopShared();
    }
    new Report(
            terminal,
            runs,
            routeMetrics,
            templateResources(Path.of("infrastructure", "template.yaml")))
        .print(hours, small, large);
  }

  private static Measurement measure(
      Map<String, String> stack,
      AwsClients inspector,
      LogMeter logs,
      int servers,
      int interval,
      int hours,
      String routeMetrics) {
    Scenario scenario = ScenarioReader.read(mesh(servers, interval, hours), "cost mesh");
    CallMeter meter = new CallMeter(inspector.dynamoDb());
    logs.reset();
    active = meter;
    try {
      Map<String, String> environment = new TreeMap<>(stack);
      environment.put(EnvironmentReader.ROUTE_METRICS, routeMetrics);
      new Simulation(scenario, environment, List.of(meter), List.of(meter)).run();
    } finally {
      active = null;
    }
    return new Measurement(
        servers,
        scenario.routes().size(),
        hours,
        meter.tallies(),
        meter.probesSent(),
        logs.bytes(),
        logs.metrics());
  }

  /** A full mesh of healthy servers, every route probed every {@code interval} minutes. */
  static String mesh(int servers, int interval, int hours) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("name: cost-mesh\n")
        .append("date: 2026-03-02\n")
        .append("timeZone: UTC\n")
        .append("start: \"00:00\"\n")
        // Up to the last second of the last hour: a round sent at the full hour would have its mail
        // delivered after the end.
        .append(String.format(Locale.ROOT, "end: \"%02d:59:59\"%n", hours - 1))
        .append("monitor:\n")
        .append("  sendEvery: 1m\n")
        .append(String.format(Locale.ROOT, "  evaluateEvery: %dm%n", evaluateEveryMinutes))
        .append(String.format(Locale.ROOT, "  policy: {probeInterval: %dm}%n", interval))
        .append("servers:\n");
    for (int i = 1; i <= servers; i++) {
      yaml.append(
          String.format(Locale.ROOT, "  - {id: MX%02d, domain: mx%02d.contoso.com}%n", i, i));
    }
    yaml.append("routes:\n");
    for (int source = 1; source <= servers; source++) {
      for (int target = 1; target <= servers; target++) {
        if (source != target) {
          yaml.append(
              String.format(Locale.ROOT, "  - {source: MX%02d, target: MX%02d}%n", source, target));
        }
      }
    }
    return yaml.append("expect:\n  notices: []\n").toString();
  }

  /** How many alarms, secrets, keys and dashboards the template creates. */
  private static Map<String, Integer> templateResources(Path template) throws IOException {
    Map<String, Integer> counts = new LinkedHashMap<>();
    if (!Files.exists(template)) {
      return counts;
    }
    String text = Files.readString(template);
    for (String type :
        List.of(
            "AWS::CloudWatch::Alarm",
            "AWS::CloudWatch::Dashboard",
            "AWS::SecretsManager::Secret",
            "AWS::KMS::Key")) {
      Matcher matcher = Pattern.compile("Type: " + Pattern.quote(type) + "\\s").matcher(text);
      int count = 0;
      while (matcher.find()) {
        count++;
      }
      counts.put(type, count);
    }
    return counts;
  }

  /** What one run of a mesh counted. */
  record Measurement(
      int servers,
      int routes,
      int hours,
      Map<String, CallMeter.Tally> tallies,
      int probesSent,
      Map<String, Long> logBytes,
      Map<String, Set<String>> metrics) {

    int invocations(String function) {
      CallMeter.Tally tally = tallies.get(function);
      return tally == null ? 0 : tally.invocations();
    }

    /** Mails SES received: each is one invocation of the receive function. */
    int mailsReceived() {
      return invocations("receive");
    }

    /** The cost a month of each line, from this run's counts scaled to a month. */
    Map<String, Double> monthly() {
      double scale = HOURS_PER_MONTH / hours;
      Map<String, Double> lines = new TreeMap<>();
      lines.put(
          SES,
          mailsReceived()
              * scale
              * (PriceList.SES_PER_MAIL_RECEIVED + PriceList.SES_PER_CHUNK_RECEIVED));
      lines.put(S3_COPY, mailsReceived() * scale * PriceList.S3_PER_PUT);
      lines.put(
          "EventBridge Scheduler",
          (invocations("send") + invocations("evaluate"))
              * scale
              * PriceList.SCHEDULER_PER_INVOCATION);
      for (Map.Entry<String, CallMeter.Tally> entry : tallies.entrySet()) {
        String function = entry.getKey();
        CallMeter.Tally tally = entry.getValue();
        add(
            lines,
            "Lambda requests (" + function + ")",
            tally.invocations() * scale * PriceList.LAMBDA_PER_REQUEST);
        add(
            lines,
            "Lambda duration (" + function + ")",
            tally.billedMillis()
                / 1000.0
                * LAMBDA_GB
                * scale
                * PriceList.LAMBDA_PER_GB_SECOND_ARM64);
        long bytes =
            logBytes.getOrDefault(function, 0L)
                + (long) tally.invocations() * LAMBDA_PLATFORM_LOG_BYTES;
        add(
            lines,
            "CloudWatch Logs (" + function + ")",
            bytes * scale / 1e9 * PriceList.LOGS_PER_GB_INGESTED);
        for (Map.Entry<String, double[]> operation : tally.operations().entrySet()) {
          double[] counted = operation.getValue();
          add(
              lines,
              service(operation.getKey()) + " (" + function + ")",
              price(operation.getKey(), counted[0], counted[1]) * scale);
        }
      }
      for (Map.Entry<String, Set<String>> entry : metrics.entrySet()) {
        add(
            lines,
            "CloudWatch metrics (" + entry.getKey() + ")",
            entry.getValue().size() * PriceList.METRIC_PER_MONTH);
      }
      return lines;
    }

    private static void add(Map<String, Double> lines, String line, double dollars) {
      lines.merge(line, dollars, Double::sum);
    }
  }

  /** The service of an operation as the meter names it, {@code DynamoDb UpdateItem}. */
  static String service(String operation) {
    String service = operation.substring(0, operation.indexOf(' '));
    return switch (service) {
      case "DynamoDb" -> "DynamoDB";
      case "SecretsManager" -> "Secrets Manager";
      case "Ssm" -> "SSM Parameter Store";
      case "SesV2" -> "SES sending";
      default -> service;
    };
  }

  /** The price of {@code calls} calls of {@code operation} that consumed {@code units}. */
  static double price(String operation, double calls, double units) {
    String name = operation.substring(operation.indexOf(' ') + 1).replace(" (refused)", "");
    return switch (service(operation)) {
      case "DynamoDB" ->
          switch (name) {
            case "GetItem", "Query", "Scan", "BatchGetItem" ->
                units * PriceList.DYNAMODB_PER_READ_UNIT;
            case "UpdateItem", "PutItem", "DeleteItem" -> units * PriceList.DYNAMODB_PER_WRITE_UNIT;
            default -> 0;
          };
      case "S3" ->
          name.equals("PutObject") ? calls * PriceList.S3_PER_PUT : calls * PriceList.S3_PER_GET;
      case "Sns" -> calls * PriceList.SNS_PER_PUBLISH;
      case "Sqs" -> calls * PriceList.SQS_PER_REQUEST;
      case "Secrets Manager" -> calls * PriceList.SECRETS_PER_CALL;
      case "SES sending" -> calls * PriceList.SES_PER_MAIL_SENT;
      case "Kms" -> calls * PriceList.KMS_PER_REQUEST;
      default -> calls * PriceList.SSM_PER_CALL;
    };
  }

  /** The printed tables. */
  private record Report(
      PrintStream out,
      Map<Integer, Measurement[]> runs,
      Measurement[] routeMetrics,
      Map<String, Integer> template) {

    void print(int hours, int small, int large) {
      Measurement[] goal = runs.get(GOAL_INTERVAL);
      out.println();
      out.printf(
          Locale.ROOT,
          "Mailflow cost per route: list prices in %s as of %s, on demand, without the free tier%n",
          PriceList.REGION,
          PriceList.PRICES_AS_OF);
      out.printf(
          Locale.ROOT,
          "measured: full meshes of %d and %d servers (%d and %d routes), %d h simulated per run,"
              + " send every minute, evaluate every %d min, Lambda arm64 at %.0f MB, %s%n",
          small,
          large,
          goal[0].routes(),
          goal[1].routes(),
          hours,
          evaluateEveryMinutes,
          LAMBDA_GB * 1024,
          dynamoDbBackend);
      printCalls(goal[1]);
      printPerRoute();
      printFixed(goal);
      printGoal(goal);
    }

    private void printCalls(Measurement run) {
      out.println();
      out.printf(
          Locale.ROOT,
          "Calls counted, %d routes, a probe every %d min: %d probes sent, %d mails received%n",
          run.routes(),
          GOAL_INTERVAL,
          run.probesSent(),
          run.mailsReceived());
      out.printf(
          Locale.ROOT,
          "%-9s %-34s %8s %10s %10s %12s%n",
          "function",
          "call",
          "calls",
          "per run",
          "per probe",
          "units/probe");
      for (Map.Entry<String, CallMeter.Tally> entry : run.tallies().entrySet()) {
        CallMeter.Tally tally = entry.getValue();
        String function = entry.getKey();
        row(function, "Lambda invocation", tally.invocations(), 0, tally.invocations(), run);
        for (Map.Entry<String, double[]> operation : tally.operations().entrySet()) {
          row(
              function,
              operation.getKey(),
              (int) operation.getValue()[0],
              operation.getValue()[1],
              tally.invocations(),
              run);
        }
        out.printf(
            Locale.ROOT,
            "%-9s %-34s %8s %10.1f %10.1f%n",
            function,
            "log bytes (logs and EMF lines)",
            run.logBytes().getOrDefault(function, 0L),
            run.logBytes().getOrDefault(function, 0L) / (double) Math.max(1, tally.invocations()),
            run.logBytes().getOrDefault(function, 0L) / (double) Math.max(1, run.probesSent()));
        out.printf(
            Locale.ROOT,
            "%-9s %-34s %8d%n",
            function,
            "custom metrics (EMF)",
            run.metrics().getOrDefault(function, Set.of()).size());
      }
      out.println(
          "(units: DynamoDB request units, read or write; a refused call is a conditional write"
              + " whose condition failed, billed all the same)");
    }

    private void row(
        String function, String call, int calls, double units, int runs, Measurement m) {
      out.printf(
          Locale.ROOT,
          "%-9s %-34s %8d %10.2f %10.2f %12s%n",
          function,
          call,
          calls,
          calls / (double) Math.max(1, runs),
          calls / (double) Math.max(1, m.probesSent()),
          units == 0
              ? ""
              : String.format(Locale.ROOT, "%.2f", units / Math.max(1, m.probesSent())));
    }

    private Map<String, Double> perRoute(int interval) {
      return perRoute(runs.get(interval));
    }

    private static Map<String, Double> perRoute(Measurement[] pair) {
      Map<String, Double> smallCost = pair[0].monthly();
      Map<String, Double> largeCost = pair[1].monthly();
      Set<String> lines = new TreeSet<>(smallCost.keySet());
      lines.addAll(largeCost.keySet());
      Map<String, Double> perRoute = new TreeMap<>();
      for (String line : lines) {
        perRoute.put(
            line,
            (largeCost.getOrDefault(line, 0.0) - smallCost.getOrDefault(line, 0.0))
                / (pair[1].routes() - pair[0].routes()));
      }
      return perRoute;
    }

    private void printPerRoute() {
      Map<Integer, Map<String, Double>> byInterval = new TreeMap<>();
      Set<String> lines = new TreeSet<>();
      for (int interval : runs.keySet()) {
        byInterval.put(interval, perRoute(interval));
        lines.addAll(byInterval.get(interval).keySet());
      }
      lines.remove(SES);
      out.println();
      out.println("Cost per route and month, USD, by probe interval");
      StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-48s", "line"));
      for (int interval : byInterval.keySet()) {
        header.append(String.format(Locale.ROOT, " %9s", interval + " min"));
      }
      out.println(header);
      printLine(SES, byInterval);
      for (String line : lines) {
        printLine(line, byInterval);
      }
      Map<Integer, Double> beyond = new TreeMap<>();
      Map<Integer, Double> total = new TreeMap<>();
      byInterval.forEach(
          (interval, costs) -> {
            double all = costs.values().stream().mapToDouble(Double::doubleValue).sum();
            total.put(interval, all);
            beyond.put(interval, all - costs.getOrDefault(SES, 0.0));
          });
      printTotal("total", total);
      printTotal("everything beyond SES receiving", beyond);
      StringBuilder share =
          new StringBuilder(String.format(Locale.ROOT, "%-48s", "  as a share of SES receiving"));
      byInterval.forEach(
          (interval, costs) ->
              share.append(
                  String.format(
                      Locale.ROOT, " %8.1f%%", 100 * beyond.get(interval) / costs.get(SES))));
      out.println(share);
    }

    private void printLine(String line, Map<Integer, Map<String, Double>> byInterval) {
      if (byInterval.values().stream()
          .allMatch(costs -> Math.abs(costs.getOrDefault(line, 0.0)) < 0.00005)) {
        return;
      }
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-48s", line));
      for (Map<String, Double> costs : byInterval.values()) {
        text.append(String.format(Locale.ROOT, " %9.4f", costs.getOrDefault(line, 0.0)));
      }
      out.println(text);
    }

    private void printTotal(String name, Map<Integer, Double> values) {
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-48s", name));
      values.values().forEach(v -> text.append(String.format(Locale.ROOT, " %9.4f", v)));
      out.println(text);
    }

    private void printFixed(Measurement[] pair) {
      Map<String, Double> perRoute = perRoute(GOAL_INTERVAL);
      Map<String, Double> fixed = new TreeMap<>();
      pair[0]
          .monthly()
          .forEach((line, cost) -> fixed.put(line, cost - pair[0].routes() * perRoute.get(line)));
      fixed.values().removeIf(cost -> Math.abs(cost) < 0.00005);
      fixed.put(
          "CloudWatch alarms (" + template.getOrDefault("AWS::CloudWatch::Alarm", 0) + ")",
          template.getOrDefault("AWS::CloudWatch::Alarm", 0) * PriceList.ALARM_PER_MONTH);
      fixed.put(
          "CloudWatch dashboards (" + template.getOrDefault("AWS::CloudWatch::Dashboard", 0) + ")",
          template.getOrDefault("AWS::CloudWatch::Dashboard", 0) * PriceList.DASHBOARD_PER_MONTH);
      fixed.put(
          "Secrets Manager secrets ("
              + template.getOrDefault("AWS::SecretsManager::Secret", 0)
              + ")",
          template.getOrDefault("AWS::SecretsManager::Secret", 0) * PriceList.SECRET_PER_MONTH);
      fixed.put(
          "KMS keys (" + template.getOrDefault("AWS::KMS::Key", 0) + ")",
          template.getOrDefault("AWS::KMS::Key", 0) * PriceList.KMS_KEY_PER_MONTH);
      out.println();
      out.printf(
          Locale.ROOT,
          "Fixed cost per month, USD, whatever the number of routes (a probe every %d min)%n",
          GOAL_INTERVAL);
      double total = 0;
      for (Map.Entry<String, Double> line : fixed.entrySet()) {
        out.printf(Locale.ROOT, "%-48s %9.4f%n", line.getKey(), line.getValue());
        total += line.getValue();
      }
      out.printf(Locale.ROOT, "%-48s %9.4f%n", "total", total);
    }

    private void printGoal(Measurement[] pair) {
      Map<String, Double> perRoute = perRoute(GOAL_INTERVAL);
      double ses = perRoute.get(SES);
      double beyond = perRoute.values().stream().mapToDouble(Double::doubleValue).sum() - ses;
      out.println();
      out.printf(
          Locale.ROOT,
          "At a probe every %d min a route costs %.4f USD a month in SES receiving and %.4f in"
              + " everything else: %.1f%% of SES (goal under %.0f%%): %s%n",
          GOAL_INTERVAL,
          ses,
          beyond,
          100 * beyond / ses,
          100 * GOAL_SHARE,
          beyond < GOAL_SHARE * ses ? "PASS" : "FAIL");
      double copy = perRoute.getOrDefault(S3_COPY, 0.0);
      out.printf(
          Locale.ROOT,
          "Without the receipt rule's S3 copy of each mail (%.4f USD): %.1f%% of SES%n",
          copy,
          100 * (beyond - copy) / ses);
      Map<String, Double> withRouteMetrics = perRoute(routeMetrics);
      double metricsOn =
          withRouteMetrics.entrySet().stream()
              .filter(line -> line.getKey().startsWith("CloudWatch metrics"))
              .mapToDouble(Map.Entry::getValue)
              .sum();
      double beyondOn =
          withRouteMetrics.values().stream().mapToDouble(Double::doubleValue).sum()
              - withRouteMetrics.get(SES);
      out.printf(
          Locale.ROOT,
          "With MAILFLOW_ROUTE_METRICS=on (RouteMetrics on): %.0f custom metrics a route, %.4f USD"
              + " a month; everything beyond SES %.4f, %.1f%% of SES: %s%n",
          metricsOn / PriceList.METRIC_PER_MONTH,
          metricsOn,
          beyondOn,
          100 * beyondOn / withRouteMetrics.get(SES),
          beyondOn < GOAL_SHARE * withRouteMetrics.get(SES) ? "PASS" : "FAIL");
    }
  }
}
