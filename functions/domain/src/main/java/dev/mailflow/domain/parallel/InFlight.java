package dev.mailflow.domain.parallel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Keeps a bounded number of a run's route tasks in flight: each task is one route's reads or
 * writes, which wait on DynamoDB far longer than they compute, so a run of many routes takes the
 * time of its slowest calls divided by the bound, not their sum. The caller takes a slot before it
 * starts a task and waits while none is free, so it can check its deadline just before each route
 * starts. With a bound of 1 every task runs on the caller's thread, in order.
 *
 * <p>The threads are daemons made once and kept for the life of the container.
 */
public final class InFlight {
  private final Semaphore slots;
  private final ExecutorService threads;

  public InFlight(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("at least one task must be allowed in flight: " + limit);
    }
    this.slots = new Semaphore(limit);
    this.threads =
        limit == 1
            ? null
            : Executors.newFixedThreadPool(
                limit,
                task -> {
                  Thread thread = new Thread(task, "mailflow-route");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** Waits until a task may start. */
  public void awaitSlot() {
    slots.acquireUninterruptibly();
  }

  /** Gives back a slot taken by {@link #awaitSlot()} without starting a task. */
  public void freeSlot() {
    slots.release();
  }

  /** Starts {@code task} in the slot taken by {@link #awaitSlot()}, which it frees when done. */
  public <T> CompletableFuture<T> start(Supplier<T> task) {
    if (threads == null) {
      try {
        return CompletableFuture.completedFuture(task.get());
      } finally {
        slots.release();
      }
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return task.get();
          } finally {
            slots.release();
          }
        },
        threads);
  }
}
