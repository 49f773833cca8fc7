package dev.mailflow.adapters.aws;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of a function, built once per Lambda container.
 *
 * <p>Creating an SDK client costs tens of milliseconds and a connection pool; doing it per
 * invocation, or per record, is the classic Lambda cold-path mistake. Create one {@code AwsClients}
 * in the handler's public no-arg constructor (Lambda calls it once per container) and hand the
 * clients to the adapters. Each client is built on first use, so a function pays only for the
 * services it calls.
 *
 * <p>Every client
 *
 * <ul>
 *   <li>shares one URLConnection HTTP client: the fastest to a first call from a cold JVM (see
 *       {@code HttpClientInitMeasurement}), and the only one on the classpath;
 *   <li>gives up on a call after 15 s, and on one attempt after 5 s (a retry gets a fresh 5 s),
 *       well inside the function's own timeout;
 *   <li>retries as the SDK does, except SNS, which retries only a throttled call: any other failed
 *       publish is tried again only by the notice outbox, at the next run, so an ambiguous failure
 *       cannot send a notice twice within a run;
 *   <li>signs for the region in {@code AWS_REGION}, which Lambda always sets. The constructor fails
 *       at once, naming the variable, where it is missing.
 * </ul>
 *
 * <p>In Lambda, credentials come from the SDK's default provider chain and endpoints from the SDK
 * itself, which honours the standard {@code AWS_ENDPOINT_URL} and {@code
 * AWS_ENDPOINT_URL_<SERVICE>} variables natively: pointing a function at an emulator takes only
 * those variables, never a code path of its own. Give the emulator as an IP address ({@code
 * http://127.0.0.1:PORT}, not {@code localhost}); the SDK then addresses S3 buckets path-style by
 * itself.
 *
 * <p>Tests whose emulator starts inside the test JVM cannot set that JVM's environment; they use
 * {@link #forEnvironment(Map)} with the emulator's variables instead.
 */
public final class AwsClients implements AutoCloseable {

  static final String REGION_VARIABLE = "AWS_REGION";
  static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

  static final long API_CALL_TIMEOUT_SECONDS = 15;
  static final long API_CALL_ATTEMPT_TIMEOUT_SECONDS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(AwsClients.class);

  /** An error that proves the call was refused before it was carried out: throttling. */
  private static final Predicate<Throwable> THROTTLED =
      failure -> failure instanceof SdkServiceException e && e.isThrottlingException();

  /**
   * SNS's retries: a throttled call is retried with the SDK's throttling back-off, anything else (a
   * 500, a timeout: SNS may have taken the message) is not.
   */
  private static final RetryStrategy PUBLISH_RETRIES =
      DefaultRetryStrategy.standardStrategyBuilder()
          .retryOnException(THROTTLED)
          .treatAsThrottling(THROTTLED)
          .useClientDefaults(false)
          .build();

  /** The services built here, named as in their {@code AWS_ENDPOINT_URL_<SERVICE>} variable. */
  enum Service {
    DYNAMODB,
    S3,
    SNS,
    SQS,
    SSM,
    SECRETS_MANAGER,
    SESV2;

    String endpointVariable() {
      return ENDPOINT_VARIABLE + "_" + name();
    }
  }

  private final Region region;
  private final AwsCredentialsProvider credentials;
  private final Map<Service, URI> endpointOverrides;
  private final List<ExecutionInterceptor> interceptors;

  private final Lazy<SdkHttpClient> httpClient =
      new Lazy<>(() -> UrlConnectionHttpClient.builder().build());
  // Each client is typed SdkClient here and built in a class of its own (below), loaded only when
  // that client is first asked for: a function's jar can then leave out the SDK modules of the
  // services it never calls without failing to load this class.
  private final Lazy<SdkClient> dynamoDb = new Lazy<>(() -> DynamoDbFactory.create(this));
  private final Lazy<SdkClient> s3 = new Lazy<>(() -> S3Factory.create(this));
  private final Lazy<SdkClient> sns = new Lazy<>(() -> SnsFactory.create(this));
  private final Lazy<SdkClient> sqs = new Lazy<>(() -> SqsFactory.create(this));
  private final Lazy<SdkClient> ssm = new Lazy<>(() -> SsmFactory.create(this));
  private final Lazy<SdkClient> secretsManager =
      new Lazy<>(() -> SecretsManagerFactory.create(this));
  private final Lazy<SdkClient> sesV2 = new Lazy<>(() -> SesV2Factory.create(this));

  /**
   * The clients of a Lambda function: region from {@code AWS_REGION}, credentials from the default
   * provider chain, endpoints as the SDK resolves them.
   *
   * @throws IllegalStateException if {@code AWS_REGION} is not set
   */
  public AwsClients() {
    this(
        requiredRegion(System.getenv()),
        DefaultCredentialsProvider.builder().build(),
        new EnumMap<>(Service.class),
        List.of());
  }

  private AwsClients(
      Region region,
      AwsCredentialsProvider credentials,
      Map<Service, URI> endpointOverrides,
      List<ExecutionInterceptor> interceptors) {
    this.region = region;
    this.credentials = credentials;
    this.endpointOverrides = endpointOverrides;
    this.interceptors = List.copyOf(interceptors);
  }

  /**
   * Clients configured from {@code environment} instead of the process environment, for tests and
   * tools that start an emulator themselves: {@code AwsClients.forEnvironment(moto.environment())}.
   *
   * <p>It reads the variables the SDK would read: {@code AWS_REGION} (required), {@code
   * AWS_ENDPOINT_URL_<SERVICE>} before {@code AWS_ENDPOINT_URL}, and the credentials in {@code
   * AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN} (without them,
   * the default provider chain, with the profile in {@code AWS_PROFILE} where set).
   *
   * @throws IllegalStateException naming the variable, if {@code AWS_REGION} is missing or an
   *     endpoint is not an absolute http(s) URL
   */
  public static AwsClients forEnvironment(Map<String, String> environment) {
    return forEnvironment(environment, List.of());
  }

  /**
   * As {@link #forEnvironment(Map)}, with {@code interceptors} added to every client: for tests
   * that count or inspect the calls an adapter makes, such as a call budget test with a {@code
   * CountingInterceptor}. Lambda functions never need it; their clients come from {@link
   * #AwsClients()}.
   *
   * @throws IllegalStateException as {@link #forEnvironment(Map)} does
   */
  public static AwsClients forEnvironment(
      Map<String, String> environment, List<? extends ExecutionInterceptor> interceptors) {
    Map<Service, URI> endpoints = new EnumMap<>(Service.class);
    Optional<URI> global = endpoint(environment, ENDPOINT_VARIABLE);
    for (Service service : Service.values()) {
      endpoint(environment, service.endpointVariable())
          .or(() -> global)
          .ifPresent(endpoint -> endpoints.put(service, endpoint));
    }
    return new AwsClients(
        requiredRegion(environment),
        credentials(environment),
        endpoints,
        List.copyOf(interceptors));
  }

  /** The region every client signs for. */
  public Region region() {
    return region;
  }

  /**
   * The credentials every client signs with: for a tool that builds a client of a service this
   * factory does not know, such as the {@code mailflow} command's CloudFormation client.
   */
  public AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** DynamoDB, used by every store. */
  public DynamoDbClient dynamoDb() {
    return (DynamoDbClient) dynamoDb.get();
  }

  /** S3, where the receipt rule stores raw inbound mail. */
  public S3Client s3() {
    return (S3Client) s3.get();
  }

  /** SNS, where alerts are published. */
  public SnsClient sns() {
    return (SnsClient) sns.get();
  }

  /** SQS, the evaluate function's shard queue (and tests that observe what SNS delivered). */
  public SqsClient sqs() {
    return (SqsClient) sqs.get();
  }

  /** SSM Parameter Store, for configuration that is not in the function's environment. */
  public SsmClient ssm() {
    return (SsmClient) ssm.get();
  }

  /** Secrets Manager: the probe-signing key and SMTP credentials. */
  public SecretsManagerClient secretsManager() {
    return (SecretsManagerClient) secretsManager.get();
  }

  /** SES v2, the second transport for sending probes. */
  public SesV2Client sesV2() {
    return (SesV2Client) sesV2.get();
  }

  /**
   * Closes the clients built so far and the HTTP client they share. A Lambda function never needs
   * to: the container's end closes everything. Tests and tools do.
   */
  @Override
  public void close() {
    for (Lazy<SdkClient> client : List.of(dynamoDb, s3, sns, sqs, ssm, secretsManager, sesV2)) {
      client.ifBuilt().ifPresent(SdkAutoCloseable::close);
    }
    httpClient.ifBuilt().ifPresent(SdkHttpClient::close);
    if (credentials instanceof SdkAutoCloseable closeable) {
      closeable.close();
    }
  }

  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, Service service) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(httpClient.get())
        .overrideConfiguration(
            configuration -> {
              configuration
                  .apiCallTimeout(Duration.ofSeconds(API_CALL_TIMEOUT_SECONDS))
                  .apiCallAttemptTimeout(Duration.ofSeconds(API_CALL_ATTEMPT_TIMEOUT_SECONDS));
              if (service == Service.SNS) {
                // A publish that failed after SNS accepted it, retried, is a second copy of the
                // notice. The notice outbox is the retry: it keeps a notice that failed and
                // publishes it at the next run, once. Only a throttled publish, which SNS refused
                // before taking it, is retried here: that can never make a copy.
                configuration.retryStrategy(PUBLISH_RETRIES);
              }
              interceptors.forEach(configuration::addExecutionInterceptor);
            });
    URI endpoint = endpointOverrides.get(service);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    C client = builder.build();
    LOG.debug("Built the {} client for {}", service, region);
    return client;
  }

  private static Region requiredRegion(Map<String, String> environment) {
    String region = environment.get(REGION_VARIABLE);
    if (region == null || region.isBlank()) {
      throw new IllegalStateException(
          REGION_VARIABLE
              + " is not set. Lambda sets it; elsewhere set it to the region of the stack,"
              + " e.g. eu-west-1.");
    }
    return Region.of(region.trim());
  }

  private static Optional<URI> endpoint(Map<String, String> environment, String variable) {
    String value = environment.get(variable);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    URI endpoint;
    try {
      endpoint = new URI(value.trim());
    } catch (URISyntaxException malformed) {
      throw notAnEndpoint(variable, value, malformed);
    }
    boolean http = "http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme());
    if (!http || endpoint.getHost() == null) {
      throw notAnEndpoint(variable, value, null);
    }
    return Optional.of(endpoint);
  }

  private static IllegalStateException notAnEndpoint(
      String variable, String value, Exception cause) {
    return new IllegalStateException(
        variable + " must be an absolute http(s) URL such as http://127.0.0.1:5000, not: " + value,
        cause);
  }

  private static AwsCredentialsProvider credentials(Map<String, String> environment) {
    String accessKeyId = environment.get("AWS_ACCESS_KEY_ID");
    String secretAccessKey = environment.get("AWS_SECRET_ACCESS_KEY");
    String sessionToken = environment.get("AWS_SESSION_TOKEN");
    if (accessKeyId == null || secretAccessKey == null) {
      String profile = environment.get("AWS_PROFILE");
      return profile == null || profile.isBlank()
          ? DefaultCredentialsProvider.builder().build()
          : DefaultCredentialsProvider.builder().profileName(profile.trim()).build();
    }
    return StaticCredentialsProvider.create(
        sessionToken == null
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  private static final class DynamoDbFactory {
    static SdkClient create(AwsClients clients) {
      return clients.build(DynamoDbClient.builder(), Service.DYNAMODB);
    }
  }

  private static final class S3Factory {
    static SdkClient create(AwsClients clients) {
      return clients.build(S3Client.builder(), Service.S3);
    }
  }

  private static final class SnsFactory {
    static SdkClient create(AwsClients clients) {
      return clients.build(SnsClient.builder(), Service.SNS);
    }
  }

  private static final class SqsFactory {
    static SdkClient create(AwsClients clients) {
      return clients.build(SqsClient.builder(), Service.SQS);
    }
  }

  private static final class SsmFactory {
    static SdkClient create(AwsClients clients) {
      return clients.build(SsmClient.builder(), Service.SSM);
    }
  }

  private static final class SecretsManagerFactory {
    static SdkClient create(AwsClients clients) {
      return clients.build(SecretsManagerClient.builder(), Service.SECRETS_MANAGER);
    }
  }

  private static final class SesV2Factory {
    static SdkClient create(AwsClients clients) {
      return clients.build(SesV2Client.builder(), Service.SESV2);
    }
  }
}
