package dev.mailflow.send;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.DynamoDbProbeStore;
import dev.mailflow.adapters.aws.SecretSigner;
import dev.mailflow.adapters.aws.SecretsManagerSecrets;
import dev.mailflow.adapters.aws.SesProbeSubmitter;
import dev.mailflow.adapters.aws.SsmParameterDocument;
import dev.mailflow.adapters.config.ConfigurationSource;
import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.adapters.smtp.SmtpProbeSubmitter;
import dev.mailflow.domain.sending.SendRound;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Everything the send function is made of, built once per Lambda container from its settings: the
 * configuration source, and the send round with its store, submitters, signer and threads.
 *
 * <p>Building reads no secret, parameter or table: it only checks the settings and creates clients,
 * so a container starts without touching the network and a fault in a secret or the configuration
 * is reported by the invocation that meets it.
 *
 * @param configuration the monitor configuration, read at most once a minute
 * @param round the send round
 * @param resources what {@link #close()} releases
 */
record SendFunction(ConfigurationSource configuration, SendRound round, AutoCloseable resources)
    implements AutoCloseable {

  /** How long a secret read is reused: a rotated signing key or password is in use within this. */
  static final Duration SECRET_CACHE = Duration.ofMinutes(5);

  /**
   * Builds the function.
   *
   * @param environment the function's variables, as {@link SendSettings} reads them
   * @param awsClients builds the SDK clients, once: {@code AwsClients::new} in Lambda
   * @param clock the time source of every part
   * @throws IllegalStateException naming every missing or bad variable
   */
  static SendFunction fromEnvironment(
      Map<String, String> environment, Supplier<AwsClients> awsClients, Clock clock) {
    SendSettings settings = SendSettings.fromEnvironment(environment);
    AwsClients clients = awsClients.get();
    SecretsManagerSecrets secrets =
        new SecretsManagerSecrets(clients.secretsManager(), clock, SECRET_CACHE);
    ConfigurationSource configuration =
        ConfigurationSource.fromParameterOrFile(
            settings.configParameter(),
            settings.configFile(),
            parameter -> new SsmParameterDocument(clients.ssm(), parameter),
            clock,
            settings.defaultPolicy());
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
            store, submitter, new SecretSigner(secrets, settings.signingSecret()), servers, clock);
    return new SendFunction(
        configuration,
        round,
        () -> {
          servers.shutdownNow();
          smtp.close();
          clients.close();
        });
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
