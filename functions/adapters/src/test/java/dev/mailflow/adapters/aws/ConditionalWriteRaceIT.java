package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.Arrival;
import dev.mailflow.domain.probe.ArrivalOutcome;
import dev.mailflow.domain.probe.AuthenticationVerdicts;
import dev.mailflow.domain.probe.Probe;
import dev.mailflow.domain.probe.ProbeToken;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.testsupport.MotoServerExtension;
import dev.mailflow.testsupport.SerialisedWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two receive invocations recording copies of one probe at the same moment, as Lambda runs them
 * when SES hands over a mail twice or a retried event overtakes its original: with the emulator's
 * writes made atomic as DynamoDB's are ({@link SerialisedWrites}), exactly one copy is recorded as
 * the arrival, and the earliest arrival is the one that stands, whatever order they land in.
 */
@ExtendWith(MotoServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConditionalWriteRaceIT {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final String ROUTE = "MX02-to-MX01";
  private static final int THREADS = 6;

  private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
  private AwsClients[] clients;
  private DynamoDbProbeStore[] stores;

  @BeforeAll
  void createTable(MotoServer moto) {
    SerialisedWrites writes = new SerialisedWrites();
    String table = ResourceNames.unique("probes");
    clients = new AwsClients[THREADS];
    stores = new DynamoDbProbeStore[THREADS];
    Clock clock = Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC);
    for (int i = 0; i < THREADS; i++) {
      // A client each, as each invocation runs in a container of its own.
      clients[i] = AwsClients.forEnvironment(moto.environment(), List.of(writes));
      stores[i] = new DynamoDbProbeStore(clients[i].dynamoDb(), table, Duration.ofDays(14), clock);
    }
    MailflowTables.create(clients[0].dynamoDb(), MailflowTables.probes(table));
  }

  @AfterAll
  void close() {
    threads.shutdownNow();
    for (AwsClients client : clients) {
      client.close();
    }
  }

  @Test
  void copiesOfOneArrivalRecordedAtOnce_areRecordedExactlyOnce() throws Exception {
    for (int probe = 0; probe < 20; probe++) {
      String probeId = "same-arrival-" + probe;
      Instant arrivedAt = T0.plusSeconds(30);
      List<Callable<ArrivalOutcome>> copies = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        DynamoDbProbeStore store = stores[i];
        Arrival copy = arrival(probeId, arrivedAt, "<copy-" + i + "@ses>");
        copies.add(() -> store.recordArrival(copy));
      }

      List<ArrivalOutcome> outcomes = raceAll(copies);

      assertThat(outcomes)
          .as("outcomes of %d copies of probe %s", THREADS, probeId)
          .containsOnlyOnce(ArrivalOutcome.RECORDED)
          .containsOnly(ArrivalOutcome.RECORDED, ArrivalOutcome.DUPLICATE);
    }
  }

  @Test
  void twoArrivalsOfOneProbeRecordedAtOnce_keepTheEarliest_andRecordOneAsTheArrival()
      throws Exception {
    for (int probe = 0; probe < 30; probe++) {
      String probeId = "two-arrivals-" + probe;
      Instant earlier = T0.plusSeconds(30);
      Instant later = T0.plusSeconds(95);
      DynamoDbProbeStore first = stores[0];
      DynamoDbProbeStore second = stores[1];
      Arrival early = arrival(probeId, earlier, "<early@ses>");
      Arrival late = arrival(probeId, later, "<late@ses>");

      List<ArrivalOutcome> outcomes =
          raceAll(List.of(() -> first.recordArrival(late), () -> second.recordArrival(early)));

      assertThat(outcomes).containsOnlyOnce(ArrivalOutcome.RECORDED);
      assertThat(outcomes.get(0))
          .as("the later arrival")
          .isIn(ArrivalOutcome.RECORDED, ArrivalOutcome.DUPLICATE);
      assertThat(outcomes.get(1))
          .as("the earlier arrival")
          .isIn(ArrivalOutcome.RECORDED, ArrivalOutcome.EARLIER_COPY);
      assertThat(deliveredAt(probeId)).as("the arrival that stands").isEqualTo(earlier);
    }
  }

  /** Runs every call at once (each on its own thread, released together) and answers in order. */
  private <T> List<T> raceAll(List<Callable<T>> calls) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(
          threads.submit(
              () -> {
                start.await();
                return call.call();
              }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private Instant deliveredAt(String probeId) {
    for (Probe probe : stores[0].probesSince(ROUTE, T0)) {
      if (probe.probeId().equals(probeId)) {
        return probe.delivery().deliveredAt();
      }
    }
    throw new AssertionError("probe " + probeId + " has no arrival");
  }

  private static Arrival arrival(String probeId, Instant arrivedAt, String messageId) {
    return Arrival.of(
        new ProbeToken("k2024", ROUTE, T0, probeId),
        arrivedAt,
        List.of(),
        messageId,
        AuthenticationVerdicts.unknown());
  }
}
