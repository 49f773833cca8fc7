package dev.mailflow.evaluate;

import dev.mailflow.adapters.alert.NoticeText;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.ClientPriming;
import dev.mailflow.adapters.aws.ConfigurationSources;
import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowSource;
import dev.mailflow.adapters.aws.DynamoDbNoticeLedger;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.DynamoDbRoundBoard;
import dev.mailflow.adapters.aws.DynamoDbRouteStateStore;
import dev.mailflow.adapters.aws.SnsAlertPublisher;
import dev.mailflow.adapters.aws.SqsShardQueue;
import dev.mailflow.adapters.config.ConfigurationPriming;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.lambda.PrimingStep;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.configuration.RejectedDocument;
import dev.mailflow.domain.evaluation.Deadline;
import dev.mailflow.domain.evaluation.EvaluationReport;
import dev.mailflow.domain.evaluation.EvaluationRound;
import dev.mailflow.domain.evaluation.RouteEvaluator;
import dev.mailflow.domain.evaluation.ShardOrder;
import dev.mailflow.domain.evaluation.ShardedRound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The evaluate function's use case: reads the monitor configuration and runs one evaluation round
 * over it, which judges every route, stores what changed and publishes incident notices.
 *
 * <p>{@link #from} builds it once per Lambda container from its settings; tests build it from the
 * configuration and round themselves. Each run reads the configuration (at most once a minute), the
 * maintenance windows, and per route its state and one query of probes.
 */
public final class EvaluateFunction implements AutoCloseable {

  private final Supplier<MonitorConfiguration> configuration;
  private final Supplier<Optional<RejectedDocument>> rejectedDocument;
  private final EvaluationRound round;
  private final Optional<ShardedRound> sharded;
  private final Clock clock;
  private final AutoCloseable resources;

  /**
   * The function over its parts; tests hand them in themselves.
   *
   * @param configuration the monitor configuration, read at most once a minute
   * @param rejectedDocument the newest version of the configuration document that was refused while
   *     the configuration in force stays, if any: reported once on the alert topic
   * @param round the evaluation round
   * @param sharded the round in shards, for a configuration of more routes than a shard holds;
   *     empty to judge every round in one invocation
   * @param clock names a round judged in shards
   * @param resources what {@link #close()} releases
   */
  EvaluateFunction(
      Supplier<MonitorConfiguration> configuration,
      Supplier<Optional<RejectedDocument>> rejectedDocument,
      EvaluationRound round,
      Optional<ShardedRound> sharded,
      Clock clock,
      AutoCloseable resources) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.rejectedDocument = Objects.requireNonNull(rejectedDocument, "rejectedDocument");
    this.round = Objects.requireNonNull(round, "round");
    this.sharded = Objects.requireNonNull(sharded, "sharded");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * What the function warms during its init (see {@link ColdStartPriming}): the DynamoDB client,
   * with a Query of the probe table for a route that does not exist; the SSM client, with a read of
   * the configuration parameter, and the configuration reader, with a sample document; the SNS
   * client, built without a call, since its role may only publish; and the JSON of the reply.
   */
  public static ColdStartPriming priming(EvaluateSettings settings, AwsClients clients) {
    List<PrimingStep> steps = new ArrayList<>();
    steps.add(ClientPriming.probeTableQuery(clients, settings.probesTable()));
    ClientPriming.configurationDocument(clients, settings).ifPresent(steps::add);
    steps.add(ConfigurationPriming.sampleDocument());
    steps.add(ClientPriming.build("SNS", clients::sns));
    steps.add(ColdStartPriming.json());
    return new ColdStartPriming(steps);
  }

  /**
   * Builds the function.
   *
   * @param settings the function's environment
   * @param clients the SDK clients, which the function then owns
   * @param clock the time source of every part
   */
  public static EvaluateFunction from(EvaluateSettings settings, AwsClients clients, Clock clock) {
    ConfigurationSource configuration = ConfigurationSources.of(settings, clients, clock);
    EvaluationRound round =
        new EvaluationRound(
            DynamoDbProbeStore.forReading(clients.dynamoDb(), settings.probesTable(), clock),
            new DynamoDbRouteStateStore(clients.dynamoDb(), settings.stateTable()),
            new DynamoDbMaintenanceWindowSource(
                clients.dynamoDb(), settings.windowsTable(), clock, settings.longestWindow()),
            new SnsAlertPublisher(
                clients.sns(),
                settings.alertTopicArn(),
                settings.alertTimeZone().map(NoticeText::new).orElseGet(NoticeText::new)),
            new DynamoDbNoticeLedger(clients.dynamoDb(), settings.stateTable()),
            new RouteEvaluator(),
            clock,
            settings.publishingLease(),
            settings.heartbeatAt(),
            settings.routesInFlight());
    Optional<ShardedRound> sharded =
        settings
            .shardQueueUrl()
            .map(
                queueUrl ->
                    new ShardedRound(
                        round,
                        new DynamoDbRoundBoard(clients.dynamoDb(), settings.stateTable()),
                        new SqsShardQueue(clients::sqs, queueUrl),
                        settings.shardSize(),
                        settings.publishingLease(),
                        clock));
    return new EvaluateFunction(
        configuration::current, configuration::rejected, round, sharded, clock, clients);
  }

  /** Runs one evaluation round over the configuration in force, without a time limit. */
  EvaluateSummary run() {
    return run(Deadline.none());
  }

  /**
   * Runs one evaluation round over the configuration in force, judging routes while it may; or,
   * when the configuration has more routes than a shard holds and a shard queue is set, opens the
   * round and hands its shards out.
   */
  EvaluateSummary run(Deadline deadline) {
    long started = System.nanoTime();
    MonitorConfiguration inForce = configuration.get();
    EvaluationReport report;
    if (sharded.isPresent() && sharded.get().needed(inForce)) {
      Instant roundAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      report = sharded.get().open(inForce, rejectedDocument.get(), roundAt);
    } else {
      report = round.run(inForce, rejectedDocument.get(), deadline);
    }
    return new EvaluateSummary(report, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Judges one shard of a round, and ends the round when this shard completes it.
   *
   * @throws IllegalStateException when no shard queue is set: the function was not built to judge
   *     in shards
   */
  EvaluateSummary judge(ShardOrder order, Deadline deadline) {
    long started = System.nanoTime();
    ShardedRound shards =
        sharded.orElseThrow(
            () ->
                new IllegalStateException(
                    "a shard arrived, but "
                        + EvaluateSettings.SHARD_QUEUE_URL
                        + " is not set: this function judges every round in one invocation"));
    EvaluationReport report = shards.judge(configuration.get(), order, deadline);
    return new EvaluateSummary(report, (System.nanoTime() - started) / 1_000_000);
  }

  /** Releases the clients; a Lambda container never needs to, tests do. */
  @Override
  public void close() throws Exception {
    resources.close();
  }
}
