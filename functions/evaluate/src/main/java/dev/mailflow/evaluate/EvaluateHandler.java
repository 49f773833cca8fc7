package dev.mailflow.evaluate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.ShardJson;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.domain.evaluation.Deadline;
import dev.mailflow.domain.evaluation.ShardOrder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluate function's Lambda entry point, invoked on a schedule: judges every route, stores
 * what changed and publishes incident notices to SNS (see {@link EvaluateFunction}). Once the
 * routes outnumber a shard, the scheduled run hands the round's shards to the shard queue, and the
 * queue's SQS event source invokes it again with them: it then judges each shard it is given, and
 * answers with the shards to deliver again ({@code batchItemFailures}).
 *
 * <p>The answer is a small JSON summary (see {@link EvaluateSummary}). A run in which some route
 * could not be evaluated still evaluates the others and then fails, so that the function's error
 * alarm shows it; running it again is safe, because every transition is stored conditionally and
 * every notice is published once.
 *
 * <p>Lambda builds it once per container with the no-argument constructor; the local run and tests
 * hand it the {@link EvaluateFunction} they built.
 */
public final class EvaluateHandler implements RequestStreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateHandler.class);

  /**
   * The time a run keeps in hand when it stops starting routes: one route at its worst (a throttled
   * store answers only at the 15 s API call timeout) and the summary after it, so the run ends
   * before Lambda's timeout cuts it off.
   */
  static final Duration RESERVE = Duration.ofSeconds(20);

  private final EvaluateFunction function;
  private final EmbeddedMetrics metrics;
  // Kept here: the checkpoint context holds what is registered with it only weakly.
  private final ColdStartPriming priming;
  private final Consumer<String> shardSummaries;

  /**
   * Builds the function from the process environment, once per container.
   *
   * @throws IllegalStateException naming every missing or bad variable, which fails the container's
   *     start (an init error) rather than every invocation
   */
  public EvaluateHandler() {
    this(EvaluateSettings.fromEnvironment(System.getenv()), new AwsClients());
  }

  /** Builds the function, then primes it (see {@link EvaluateFunction#priming}). */
  private EvaluateHandler(EvaluateSettings settings, AwsClients clients) {
    this(
        EvaluateFunction.from(settings, clients, Clock.systemUTC()),
        new EmbeddedMetrics(settings.routeMetrics()),
        EvaluateFunction.priming(settings, clients).primeAndRegister());
  }

  /**
   * Runs {@code function} with per-route metrics: for tools that run it outside Lambda and read
   * every route's metrics.
   */
  public EvaluateHandler(EvaluateFunction function) {
    this(function, new EmbeddedMetrics(true));
  }

  /**
   * Runs {@code function}, writing its metrics to {@code metrics}: for tools that run it outside
   * Lambda as Lambda would, such as the local run.
   */
  public EvaluateHandler(EvaluateFunction function, EmbeddedMetrics metrics) {
    this(function, metrics, summary -> {});
  }

  /**
   * Runs {@code function} as above, and hands {@code shardSummaries} the summary of every shard it
   * judges (the JSON a scheduled run answers with), which the answer to the queue, {@code
   * batchItemFailures} alone, does not carry: for tools that need each route's result of a round
   * judged in shards, such as the local run.
   */
  public EvaluateHandler(
      EvaluateFunction function, EmbeddedMetrics metrics, Consumer<String> shardSummaries) {
    this(function, metrics, ColdStartPriming.none(), shardSummaries);
  }

  private EvaluateHandler(
      EvaluateFunction function, EmbeddedMetrics metrics, ColdStartPriming priming) {
    this(function, metrics, priming, summary -> {});
  }

  private EvaluateHandler(
      EvaluateFunction function,
      EmbeddedMetrics metrics,
      ColdStartPriming priming,
      Consumer<String> shardSummaries) {
    this.function = Objects.requireNonNull(function, "function");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.priming = priming;
    this.shardSummaries = Objects.requireNonNull(shardSummaries, "shardSummaries");
  }

  /**
   * Judging stops once no more than {@link #RESERVE} of the invocation's time is left, or a third
   * of the time it had at the start where that is less: a function given a short timeout still
   * judges routes for two thirds of it.
   */
  static Deadline deadline(Context context) {
    if (context == null) {
      return Deadline.none();
    }
    long reserveMillis = Math.min(RESERVE.toMillis(), context.getRemainingTimeInMillis() / 3);
    return () -> context.getRemainingTimeInMillis() > reserveMillis;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    Optional<List<ShardMessages.Message>> shards = ShardMessages.read(event);
    if (shards.isPresent()) {
      judgeShards(shards.get(), output, context);
      return;
    }
    // A scheduled event carries nothing the run needs; it is read only to be logged.
    LOG.debug("scheduled event {}", event);
    EvaluateSummary summary = function.run(deadline(context));
    summary.emitMetrics(metrics);
    LOG.info("evaluation run: {}", summary.toJson());
    summary.writeTo(output);
    long failed = summary.report().failedRoutes();
    if (failed > 0) {
      throw new RouteEvaluationException(
          failed
              + " of "
              + summary.report().routes().size()
              + " routes could not be evaluated; the others were. See the log for each.");
    }
  }

  /**
   * Judges each shard the queue delivered, and answers which to deliver again: those that failed,
   * or in which some route could not be judged, so that a shard keeps its routes until they are
   * judged or the queue gives it up to its dead-letter queue. A message that is not a shard order
   * is logged and dropped: delivering it again would not make it one.
   */
  private void judgeShards(
      List<ShardMessages.Message> messages, OutputStream output, Context context)
      throws IOException {
    List<String> again = new ArrayList<>();
    for (ShardMessages.Message message : messages) {
      ShardOrder order;
      try {
        order = ShardJson.order(message.body());
      } catch (IllegalArgumentException e) {
        LOG.error(
            "shard message {} dropped, not a shard order: {}", message.messageId(), e.getMessage());
        continue;
      }
      try {
        EvaluateSummary summary = function.judge(order, deadline(context));
        summary.emitMetrics(metrics);
        String json = summary.toJson();
        LOG.info("{}: {}", order.describe(), json);
        shardSummaries.accept(json);
        long failed = summary.report().failedRoutes() + summary.report().notReachedRoutes();
        if (failed > 0) {
          LOG.error(
              "{}: {} routes not judged; the shard is delivered again", order.describe(), failed);
          again.add(message.messageId());
        }
      } catch (RuntimeException e) {
        LOG.error("{} failed, delivered again: {}", order.describe(), e.toString(), e);
        again.add(message.messageId());
      }
    }
    output.write(ShardMessages.batchItemFailures(again).getBytes(StandardCharsets.UTF_8));
  }
}
