package dev.mailflow.send;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.ClientPriming;
import dev.mailflow.adapters.aws.ConfigurationSources;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.SecretSigner;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.aws.SesProbeSubmitter;
import dev.mailflow.adapters.config.ConfigurationPriming;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.config.ConfigurationUnavailableException;
import dev.mailflow.adapters.lambda.ColdStartPriming;
import dev.mailflow.adapters.lambda.PrimingStep;
import dev.mailflow.adapters.mail.MailPriming;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.adapters.smtp.SmtpProbeSubmitter;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import dev.mailflow.domain.sending.SendRound;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send function's use case: reads the monitor configuration and runs one send round over it.
 *
 * <p>{@link #from} builds it once per Lambda container from its settings: the configuration source,
 * and the send round with its store, submitters, signer and threads. Building reads no secret,
 * parameter or table: it only creates clients, so a container starts without touching the network
 * and a fault in a secret or the configuration is reported by the invocation that meets it. Tests
 * build it from the configuration and round themselves.
 */
public final class SendFunction implements AutoCloseable {

  /** How long a secret read is reused: a rotated signing key or password is in use within this. */
  static final Duration SECRET_CACHE = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(SendFunction.class);

  private final Supplier<MonitorConfiguration> configuration;
  private final SendRound round;
  private final AutoCloseable resources;

  /**
   * The function over its parts; tests hand them in themselves.
   *
   * @param configuration the monitor configuration, read at most once a minute
   * @param round the send round
   * @param resources what {@link #close()} releases
   */
  SendFunction(
      Supplier<MonitorConfiguration> configuration, SendRound round, AutoCloseable resources) {
    this.configuration = Objects.requireNonNull(configuration, "configuration");
    this.round = Objects.requireNonNull(round, "round");
    this.resources = Objects.requireNonNull(resources, "resources");
  }

  /**
   * What the function warms during its init (see {@link ColdStartPriming}): the DynamoDB client,
   * built only, as the role may only write probes (it reads nothing to know what is due); the SSM
   * client, with a read of the configuration parameter, and the configuration reader, with a sample
   * document; the Secrets Manager client, with a read of the signing secret; the mail code, with a
   * probe mail composed and read back; and the JSON of the event and the reply.
   */
  public static ColdStartPriming priming(SendSettings settings, AwsClients clients) {
    List<PrimingStep> steps = new ArrayList<>();
    steps.add(ClientPriming.build("DynamoDB", clients::dynamoDb));
    ClientPriming.configurationDocument(clients, settings).ifPresent(steps::add);
    steps.add(ConfigurationPriming.sampleDocument());
    steps.add(ClientPriming.secretRead(clients, settings.signingSecret()));
    steps.add(MailPriming.probeMailRoundTrip());
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
  public static SendFunction from(SendSettings settings, AwsClients clients, Clock clock) {
    SecretsManagerSecrets secrets =
        new SecretsManagerSecrets(clients.secretsManager(), clock, SECRET_CACHE);
    ConfigurationSource configuration = ConfigurationSources.of(settings, clients, clock);
    ProbeMailComposer composer = new ProbeMailComposer();
    SmtpProbeSubmitter smtp =
        new SmtpProbeSubmitter(
            composer, secrets, settings.connectTimeout(), settings.readTimeout(), clock);
    TransportSubmitter submitter =
        new TransportSubmitter(
            smtp,
            () ->
                new SesProbeSubmitter(
                    clients.sesV2(), composer, settings.sesConfigurationSet(), clock));
    DynamoDbProbeStore store =
        new DynamoDbProbeStore(
            clients.dynamoDb(), settings.probesTable(), settings.probeRetention(), clock);
    ExecutorService servers = serverThreads(settings.parallelism());
    SendRound round =
        new SendRound(
            store,
            submitter,
            new SecretSigner(secrets, settings.signingSecret()),
            servers,
            clock,
            settings.sendEvery(),
            settings.routesInFlight());
    return new SendFunction(
        configuration::current,
        round,
        () -> {
          servers.shutdownNow();
          smtp.close();
          clients.close();
        });
  }

  /**
   * Runs one send round as of now: every enabled route that is due gets a signed probe.
   *
   * @throws ConfigurationUnavailableException when no configuration could ever be read
   */
  SendSummary run() {
    return run(Optional.empty());
  }

  /**
   * Runs the send round the schedule meant to start at {@code scheduledAt}, or now when the
   * schedule did not say: every enabled route whose slot began since the run before gets a signed
   * probe.
   *
   * @throws ConfigurationUnavailableException when no configuration could ever be read
   */
  SendSummary run(Optional<Instant> scheduledAt) {
    MonitorConfiguration current;
    try {
      current = configuration.get();
    } catch (ConfigurationUnavailableException e) {
      LOG.error("no probes sent: {}", e.getMessage());
      throw e;
    }
    return new SendSummary(
        scheduledAt.isPresent() ? round.run(current, scheduledAt.get()) : round.run(current));
  }

  /** Releases threads and clients; a Lambda container never needs to, tests do. */
  @Override
  public void close() throws Exception {
    resources.close();
  }

  /**
   * One thread per server served at once. Daemon threads: a frozen or ending container must not
   * wait for them.
   */
  private static ExecutorService serverThreads(int parallelism) {
    AtomicInteger number = new AtomicInteger();
    return Executors.newFixedThreadPool(
        parallelism,
        task -> {
          Thread thread = new Thread(task, "send-server-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
