package dev.mailflow.local.simulation;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.metrics.EmbeddedMetrics;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The send, receive and evaluate functions: the same handler classes Lambda runs, each built once
 * as a Lambda container builds it, from its environment, with the simulation's clock, and invoked
 * with the events Lambda would hand them.
 */
final class Functions {
  private static final Logger LOG = LoggerFactory.getLogger(Functions.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RequestStreamHandler send;
  private final RequestStreamHandler receive;
  private final RequestStreamHandler evaluate;
  private final String region;
  private final List<RunListener> listeners;

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
            new EmbeddedMetrics(evaluateSettings.routeMetrics()));
    this.region = Objects.requireNonNull(region, "region");
    this.listeners = List.copyOf(listeners);
  }

  /** What one invocation answered, or why it failed. */
  record Invocation(String function, boolean succeeded, String output, String failure) {}

  /** Runs the send function as its schedule does at {@code time}. */
  Invocation send(Instant time) {
    return invoke("send", send, scheduledEvent("SendSchedule", time));
  }

  /** Runs the receive function with an SES receipt event. */
  Invocation receive(String sesEvent) {
    return invoke("receive", receive, sesEvent);
  }

  /** Runs the evaluate function as its schedule does at {@code time}. */
  Invocation evaluate(Instant time) {
    return invoke("evaluate", evaluate, scheduledEvent("EvaluateSchedule", time));
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
