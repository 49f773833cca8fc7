package dev.mailflow.local.simulation;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
import dev.mailflow.emulator.SqsEventSource;
import dev.mailflow.evaluate.EvaluateFunction;
import dev.mailflow.evaluate.EvaluateHandler;
import dev.mailflow.evaluate.EvaluateSettings;
import dev.mailflow.receive.ReceiveFunction;
import dev.mailflow.receive.ReceiveHandler;
import dev.mailflow.receive.ReceiveSettings;
import dev.mailflow.send.SendFunction;
import dev.mailflow.send.SendHandler;
import dev.mailflow.send.SendSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The send, receive and evaluate functions: the same handler classes Lambda runs, each built once
 * as a Lambda container builds it, from its environment, with the simulation's clock, and invoked
 * with the events Lambda would hand them.
 *
 * <p>When the stack has a shard queue, a round the scheduled evaluate run hands out in shards is
 * judged before {@link #evaluate} returns: the shard orders are taken from the queue and delivered
 * to the evaluate function as the queue's SQS event source delivers them, one shard an invocation,
 * in the reverse of the order they were handed out, until the queue is empty.
 */
final class Functions {
  private static final Logger LOG = LoggerFactory.getLogger(Functions.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * How often a shard is delivered before it is given up, as the template's shard queue sends it to
   * the failure queue after three receives.
   */
  static final int SHARD_DELIVERIES = 3;

  private final RequestStreamHandler send;
  private final RequestStreamHandler receive;
  private final RequestStreamHandler evaluate;
  private final String region;
  private final List<RunListener> listeners;
  private final Optional<String> shardQueueUrl;
  private final SqsClient sqs;
  // The summary of each shard the evaluate function judged, as it hands them over.
  private final List<String> shardSummaries = new ArrayList<>();

  /**
   * @param interceptors added to every AWS client of the three functions
   * @param listeners told when each invocation starts and ends
   */
  Functions(
      EmulatedStack stack,
      Clock clock,
      String region,
      Duration sendEvery,
      List<? extends ExecutionInterceptor> interceptors,
      List<RunListener> listeners) {
    Map<String, String> send = new HashMap<>(stack.sendEnvironment());
    // As the template sets it beside the send schedule: the scenario's schedule is the function's.
    send.put(SendSettings.SEND_EVERY, sendEvery.toString());
    Map<String, String> receive = stack.receiveEnvironment();
    Map<String, String> evaluate = stack.evaluateEnvironment();
    SendSettings sendSettings = SendSettings.fromEnvironment(send);
    ReceiveSettings receiveSettings = ReceiveSettings.fromEnvironment(receive);
    EvaluateSettings evaluateSettings = EvaluateSettings.fromEnvironment(evaluate);
    this.send =
        new SendHandler(
            SendFunction.from(sendSettings, AwsClients.forEnvironment(send, interceptors), clock),
            new EmbeddedMetrics(sendSettings.routeMetrics()));
    this.receive =
        new ReceiveHandler(
            ReceiveFunction.from(
                receiveSettings, AwsClients.forEnvironment(receive, interceptors), clock),
            new EmbeddedMetrics(receiveSettings.routeMetrics()));
    this.evaluate =
        new EvaluateHandler(
            EvaluateFunction.from(
                evaluateSettings, AwsClients.forEnvironment(evaluate, interceptors), clock),
            new EmbeddedMetrics(evaluateSettings.routeMetrics()),
            shardSummaries::add);
    this.region = Objects.requireNonNull(region, "region");
    this.listeners = List.copyOf(listeners);
    this.shardQueueUrl = stack.shardQueueUrl();
    // The event source's calls, not the function's: no interceptor of the functions' clients.
    this.sqs = stack.aws().sqs();
  }

  /**
   * What one invocation answered, or why it failed. For an invocation with a shard, the output is
   * the shard's summary, as a scheduled run answers with its own.
   */
  record Invocation(String function, boolean succeeded, String output, String failure) {}

  /** Runs the send function as its schedule does at {@code time}. */
  Invocation send(Instant time) {
    return invoke("send", send, scheduledEvent("SendSchedule", time));
  }

  /** Runs the receive function with an SES receipt event. */
  Invocation receive(String sesEvent) {
    return invoke("receive", receive, sesEvent);
  }

  /**
   * Runs the evaluate function as its schedule does at {@code time}, then, when the stack has a
   * shard queue, judges every shard the run handed to it.
   *
   * @return the scheduled invocation, then one per shard delivered, in the order they ran
   */
  List<Invocation> evaluate(Instant time) {
    List<Invocation> invocations = new ArrayList<>();
    invocations.add(invoke("evaluate", evaluate, scheduledEvent("EvaluateSchedule", time)));
    shardQueueUrl.ifPresent(queueUrl -> invocations.addAll(judgeShards(queueUrl)));
    return invocations;
  }

  /**
   * Delivers the shard orders in {@code queueUrl} to the evaluate function until the queue is
   * empty: each receive's orders in the reverse of the order they were handed out (the last shard
   * first), one an invocation; deletes each one judged; makes each one named in {@code
   * batchItemFailures} visible again at once, to be delivered again, at most {@value
   * #SHARD_DELIVERIES} times in all, after which it is deleted and counted as a failed invocation,
   * as the failure queue would take it.
   */
  private List<Invocation> judgeShards(String queueUrl) {
    List<Invocation> invocations = new ArrayList<>();
    Map<String, Integer> deliveries = new HashMap<>();
    for (List<Message> orders = receiveAll(queueUrl);
        !orders.isEmpty();
        orders = receiveAll(queueUrl)) {
      orders.sort(Comparator.comparingInt(Functions::shardNumber).reversed());
      for (Message order : orders) {
        int delivery = deliveries.merge(order.messageId(), 1, Integer::sum);
        shardSummaries.clear();
        Invocation invocation =
            invoke("evaluate", evaluate, SqsEventSource.event(queueUrl, region, List.of(order)));
        Set<String> again = batchItemFailures(invocation);
        invocations.add(
            new Invocation(
                "evaluate",
                invocation.succeeded(),
                shardSummaries.isEmpty() ? "" : shardSummaries.get(0),
                invocation.failure()));
        if (!invocation.succeeded() || again.contains(order.messageId())) {
          if (delivery < SHARD_DELIVERIES) {
            sqs.changeMessageVisibility(
                r ->
                    r.queueUrl(queueUrl).receiptHandle(order.receiptHandle()).visibilityTimeout(0));
            continue;
          }
          invocations.add(
              new Invocation(
                  "evaluate",
                  false,
                  "",
                  "shard order " + order.body() + " given up after " + delivery + " deliveries"));
        }
        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(order.receiptHandle()));
      }
    }
    return invocations;
  }

  /** Every message visible in {@code queueUrl}, each hidden while the run delivers it. */
  private List<Message> receiveAll(String queueUrl) {
    List<Message> received = new ArrayList<>();
    while (true) {
      List<Message> batch =
          sqs.receiveMessage(
                  r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).visibilityTimeout(300))
              .messages();
      if (batch.isEmpty()) {
        return received;
      }
      received.addAll(batch);
    }
  }

  /** The shard's number in its round; a message that is no shard order comes first. */
  private static int shardNumber(Message message) {
    return json(message.body()).path("shard").asInt(Integer.MAX_VALUE);
  }

  /** The messages an invocation with shards answered it could not judge. */
  private static Set<String> batchItemFailures(Invocation invocation) {
    Set<String> failed = new HashSet<>();
    for (JsonNode item : json(invocation.output()).path("batchItemFailures")) {
      failed.add(item.path("itemIdentifier").asText());
    }
    return failed;
  }

  private static JsonNode json(String text) {
    try {
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  private Invocation invoke(String name, RequestStreamHandler handler, String event) {
    for (RunListener listener : listeners) {
      listener.invoking(name);
    }
    long started = System.nanoTime();
    try {
      return invokeHandler(name, handler, event);
    } finally {
      Duration wallTime = Duration.ofNanos(System.nanoTime() - started);
      for (RunListener listener : listeners) {
        listener.invoked(name, wallTime);
      }
    }
  }

  private static Invocation invokeHandler(String name, RequestStreamHandler handler, String event) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
      return new Invocation(name, true, output.toString(StandardCharsets.UTF_8), "");
    } catch (IOException | RuntimeException e) {
      // Lambda would record the failed invocation; the run shows it and counts it against the
      // scenario. The stack trace goes to the functions' log.
      LOG.error("the {} function failed", name, e);
      return new Invocation(
          name,
          false,
          output.toString(StandardCharsets.UTF_8),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** An EventBridge scheduled event, as a {@code rate(...)} rule sends it. */
  private String scheduledEvent(String rule, Instant time) {
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put(
        "id", UUID.nameUUIDFromBytes((rule + time).getBytes(StandardCharsets.UTF_8)).toString());
    event.put("detail-type", "Scheduled Event");
    event.put("source", "aws.events");
    event.put("account", "123456789012");
    event.put("time", time.toString());
    event.put("region", region);
    event
        .putArray("resources")
        .add("arn:aws:events:" + region + ":123456789012:rule/mailflow-local-" + rule);
    event.putObject("detail");
    return event.toString();
  }
}
