package dev.mailflow.cli;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.S3ObjectDocument;
import dev.mailflow.adapters.aws.SsmParameterDocument;
import dev.mailflow.adapters.config.ConfigurationDocument;
import dev.mailflow.adapters.config.EnvironmentReader;
import dev.mailflow.adapters.config.FileDocument;
import dev.mailflow.adapters.config.S3ObjectAddress;
import dev.mailflow.domain.configuration.MonitorConfiguration;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The stack a command works on: its AWS clients and the names of its tables and configuration.
 *
 * <p>Each name comes from the first of: its option ({@code --windows-table}), its environment
 * variable (the one the functions read, {@code MAILFLOW_WINDOWS_TABLE}), the output of the stack
 * named by {@code --stack}. So the tool works on a deployed stack by its name alone, and on the
 * local emulator, which has no CloudFormation stack, with the names given. Clients are built on
 * first use, with {@link AwsClients}' settings; {@code --region}, {@code --profile} and {@code
 * --endpoint-url} stand in for {@code AWS_REGION}, {@code AWS_PROFILE} and {@code
 * AWS_ENDPOINT_URL}.
 */
final class Connection implements AutoCloseable {

  static final String PROBES_TABLE = "MAILFLOW_PROBES_TABLE";
  static final String STATE_TABLE = "MAILFLOW_STATE_TABLE";
  static final String WINDOWS_TABLE = "MAILFLOW_WINDOWS_TABLE";
  static final String CONFIG_PARAMETER = EnvironmentReader.CONFIG_PARAMETER;
  static final String CONFIG_OBJECT = EnvironmentReader.CONFIG_OBJECT;
  static final String CONFIG_FILE = EnvironmentReader.CONFIG_FILE;

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final GlobalOptions options;
  private final Map<String, String> environment;
  private final Clock clock;
  private AwsClients aws;
  private StackOutputs stackOutputs;
  private MonitorConfiguration configuration;

  private Connection(GlobalOptions options, Map<String, String> environment, Clock clock) {
    this.options = options;
    this.environment = environment;
    this.clock = clock;
  }

  /**
   * A connection for {@code options} over the process {@code environment}.
   *
   * @throws UsageException when no region can be found
   */
  static Connection open(GlobalOptions options, Map<String, String> environment, Clock clock) {
    Map<String, String> aws = new HashMap<>(environment);
    put(aws, "AWS_PROFILE", options.profile);
    put(aws, "AWS_ENDPOINT_URL", options.endpointUrl);
    put(aws, "AWS_REGION", options.region);
    if (isBlank(aws.get("AWS_REGION"))) {
      put(aws, "AWS_REGION", aws.get("AWS_DEFAULT_REGION"));
    }
    if (isBlank(aws.get("AWS_REGION"))) {
      put(aws, "AWS_REGION", profileRegion(aws.get("AWS_PROFILE")));
    }
    if (isBlank(aws.get("AWS_REGION"))) {
      throw new UsageException(
          "no AWS region: give --region, set AWS_REGION or give the profile a region");
    }
    return new Connection(options, Map.copyOf(aws), clock);
  }

  Clock clock() {
    return clock;
  }

  /** The DynamoDB client. */
  DynamoDbClient dynamoDb() {
    return aws().dynamoDb();
  }

  String probesTable() {
    return name(options.probesTable, PROBES_TABLE, StackOutputs.PROBES_TABLE, "--probes-table");
  }

  String stateTable() {
    return name(options.stateTable, STATE_TABLE, StackOutputs.STATE_TABLE, "--state-table");
  }

  String windowsTable() {
    return name(options.windowsTable, WINDOWS_TABLE, StackOutputs.WINDOWS_TABLE, "--windows-table");
  }

  /**
   * The monitor's configuration (servers and routes), read once from the file or the parameter.
   *
   * @throws UsageException when none is named
   */
  MonitorConfiguration configuration() {
    if (configuration == null) {
      configuration =
          readConfiguration()
              .orElseThrow(
                  () ->
                      new UsageException(
                          "the configuration is unknown: give --stack NAME, --config-parameter,"
                              + " --config-object, --config-file, or set "
                              + CONFIG_PARAMETER
                              + ", "
                              + CONFIG_OBJECT
                              + " or "
                              + CONFIG_FILE));
    }
    return configuration;
  }

  /** The configuration, when one is named; commands that can do without it check less. */
  Optional<MonitorConfiguration> configurationIfNamed() {
    if (configuration == null) {
      readConfiguration().ifPresent(read -> configuration = read);
    }
    return Optional.ofNullable(configuration);
  }

  /**
   * Reads the configuration from the first place named, in this order: the options ({@code
   * --config-file}, {@code --config-object}, {@code --config-parameter}), then the variables the
   * functions read, then the stack's outputs (its object where it has one, else its parameter).
   */
  private Optional<MonitorConfiguration> readConfiguration() {
    Optional<Map.Entry<String, String>> named =
        firstNamed(options.configFile, options.configObject, options.configParameter)
            .or(
                () ->
                    firstNamed(
                        environment.get(CONFIG_FILE),
                        environment.get(CONFIG_OBJECT),
                        environment.get(CONFIG_PARAMETER)))
            .or(
                () ->
                    optionalStackOutput(StackOutputs.CONFIG_OBJECT)
                        .map(object -> Map.entry(CONFIG_OBJECT, object))
                        .or(
                            () ->
                                stackOutput(StackOutputs.CONFIG_PARAMETER)
                                    .map(parameter -> Map.entry(CONFIG_PARAMETER, parameter))));
    return named.map(place -> read(place.getKey(), place.getValue()));
  }

  /** The first of a file, an object and a parameter that is given, keyed by which it is. */
  private static Optional<Map.Entry<String, String>> firstNamed(
      String file, String object, String parameter) {
    return first(file)
        .map(value -> Map.entry(CONFIG_FILE, value))
        .or(() -> first(object).map(value -> Map.entry(CONFIG_OBJECT, value)))
        .or(() -> first(parameter).map(value -> Map.entry(CONFIG_PARAMETER, value)));
  }

  private MonitorConfiguration read(String place, String name) {
    switch (place) {
      case CONFIG_FILE:
        return ConfigurationDocument.parse(new FileDocument(Path.of(name)).get(), name);
      case CONFIG_OBJECT:
        S3ObjectAddress address;
        try {
          address = S3ObjectAddress.parse(name);
        } catch (IllegalArgumentException e) {
          throw new UsageException("the configuration's S3 object " + e.getMessage());
        }
        return ConfigurationDocument.parse(
            new S3ObjectDocument(aws().s3(), address).get(), address.toString());
      default:
        return ConfigurationDocument.parse(new SsmParameterDocument(aws().ssm(), name).get(), name);
    }
  }

  @Override
  public void close() {
    if (aws != null) {
      aws.close();
    }
  }

  private AwsClients aws() {
    if (aws == null) {
      aws = AwsClients.forEnvironment(environment);
    }
    return aws;
  }

  private String name(String option, String variable, String output, String optionName) {
    return first(option, environment.get(variable))
        .or(() -> stackOutput(output))
        .orElseThrow(
            () ->
                new UsageException(
                    "which table? give --stack NAME, " + optionName + " or set " + variable));
  }

  private Optional<String> stackOutput(String key) {
    return stackOutputs().map(outputs -> outputs.require(key));
  }

  /** An output the stack may not have: empty then, and without a stack. */
  private Optional<String> optionalStackOutput(String key) {
    return stackOutputs().flatMap(outputs -> outputs.get(key));
  }

  private Optional<StackOutputs> stackOutputs() {
    if (isBlank(options.stack)) {
      return Optional.empty();
    }
    if (stackOutputs == null) {
      try (CloudFormationClient cloudFormation = cloudFormation()) {
        stackOutputs = StackOutputs.read(cloudFormation, options.stack.trim());
      }
    }
    return Optional.of(stackOutputs);
  }

  /** Only the tool reads stacks, so this client is built here, as {@link AwsClients} builds its. */
  private CloudFormationClient cloudFormation() {
    var builder =
        CloudFormationClient.builder()
            .region(aws().region())
            .credentialsProvider(aws().credentials())
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(configuration -> configuration.apiCallTimeout(CALL_TIMEOUT));
    first(environment.get("AWS_ENDPOINT_URL_CLOUDFORMATION"), environment.get("AWS_ENDPOINT_URL"))
        .ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
    return builder.build();
  }

  private static String profileRegion(String profile) {
    try {
      var chain = DefaultAwsRegionProviderChain.builder();
      if (!isBlank(profile)) {
        chain.profileName(profile.trim());
      }
      return chain.build().getRegion().id();
    } catch (SdkClientException none) {
      return null;
    }
  }

  private static Optional<String> first(String... values) {
    for (String value : values) {
      if (!isBlank(value)) {
        return Optional.of(value.trim());
      }
    }
    return Optional.empty();
  }

  private static void put(Map<String, String> environment, String key, String value) {
    if (!isBlank(value)) {
      environment.put(key, value.trim());
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
