package dev.mailflow.adapters.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work a function does once, during its init, so that its first invocation finds the classes
 * loaded, the SDK clients built and their first request's code run, instead of doing all of that
 * itself.
 *
 * <p>A cold start is mostly class loading and code run for the first time: the SDK's request
 * pipeline, the HTTP client's first connection, Jackson and Jakarta Mail. Lambda gives the init
 * phase the function's CPU at full burst and, with SnapStart, runs it once per published version
 * and snapshots the result. So each handler's no-argument constructor builds one of these from its
 * function's steps and calls {@link #primeAndRegister()}: the steps run at once, and, where the
 * runtime supports checkpoints (SnapStart), again just before the snapshot, from {@link
 * #beforeCheckpoint}, so that the snapshot holds warm clients.
 *
 * <p>Priming never fails a cold start: a step that throws (an unreachable endpoint, a denied call)
 * is logged with its cause and skipped, and the first invocation then does that work itself. Each
 * call a step makes has a short timeout of its own (see {@code ClientPriming}).
 *
 * <p>The checkpoint context keeps only a weak reference to what is registered: the handler keeps
 * this object in a field.
 */
public final class ColdStartPriming implements Resource {
  private static final Logger LOG = LoggerFactory.getLogger(ColdStartPriming.class);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<PrimingStep> steps;

  /** Priming that runs {@code steps}, in order. */
  public ColdStartPriming(List<PrimingStep> steps) {
    this.steps = List.copyOf(steps);
  }

  /** Priming with nothing to do: for handlers built around a function made elsewhere. */
  public static ColdStartPriming none() {
    return new ColdStartPriming(List.of());
  }

  /**
   * Writes a small reply as every function's summary does, and reads a small event with Jackson, as
   * the send and receive functions read theirs.
   */
  public static PrimingStep json() {
    return new PrimingStep(
        "JSON",
        () -> {
          String reply = FunctionSummary.newJson().put("primed", true).toString();
          try {
            JSON.readTree(reply);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("the priming reply does not read back: " + reply, e);
          }
        });
  }

  /** The steps, in the order they run. */
  public List<PrimingStep> steps() {
    return steps;
  }

  /**
   * Runs every step, logging and skipping any that fails.
   *
   * @return how many steps failed
   */
  public int prime() {
    int failed = 0;
    long start = System.nanoTime();
    for (PrimingStep step : steps) {
      long stepStart = System.nanoTime();
      try {
        step.work().run();
        LOG.debug("Primed {} in {} ms", step.name(), (System.nanoTime() - stepStart) / 1_000_000);
      } catch (RuntimeException e) {
        failed++;
        LOG.warn(
            "Priming {} failed after {} ms; the first invocation will do that work itself: {}",
            step.name(),
            (System.nanoTime() - stepStart) / 1_000_000,
            e.toString(),
            e);
      }
    }
    if (!steps.isEmpty()) {
      LOG.info(
          "Primed {} of {} steps in {} ms",
          steps.size() - failed,
          steps.size(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return failed;
  }

  /**
   * Runs the steps now and registers them to run again before a checkpoint (SnapStart's snapshot).
   *
   * @return this, for the handler to keep
   */
  public ColdStartPriming primeAndRegister() {
    prime();
    Core.getGlobalContext().register(this);
    return this;
  }

  /** SnapStart is about to take its snapshot: runs the steps, so the snapshot holds their work. */
  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    prime();
  }

  /**
   * Nothing to refresh: the clients resolve credentials through the SDK's provider chain on each
   * call, and keep no clock-dependent state; a pooled connection the snapshot held is found stale
   * and replaced by the HTTP client on first use.
   */
  @Override
  public void afterRestore(Context<? extends Resource> context) {
    LOG.debug("Restored from a snapshot with {} primed steps", steps.size());
  }
}
