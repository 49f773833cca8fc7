package dev.mailflow.adapters.aws;

import dev.mailflow.adapters.config.ConfigurationSettings;
import dev.mailflow.adapters.config.S3ObjectAddress;
import dev.mailflow.adapters.lambda.PrimingStep;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The priming steps of the SDK clients (see {@code ColdStartPriming}): each builds a client and
 * makes one cheap call that reads nothing a run needs and changes nothing, with only the actions
 * the function's role already has, so that the call's code (signing, marshalling, the HTTP client's
 * first connection and TLS handshake, unmarshalling) has run once before the first invocation.
 *
 * <p>Each call gives up after {@link #CALL_TIMEOUT}, retries included: a function's init has ten
 * seconds in all, and a priming call that cannot be made is only skipped.
 */
public final class ClientPriming {

  /** The time a priming call may take, retries included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

  /** A route id no configuration uses: a Query for it finds nothing. */
  static final String NO_ROUTE = "mailflow-cold-start-priming";

  private static final AwsRequestOverrideConfiguration SHORT =
      AwsRequestOverrideConfiguration.builder()
          .apiCallTimeout(CALL_TIMEOUT)
          .apiCallAttemptTimeout(CALL_TIMEOUT.dividedBy(2))
          .build();

  private ClientPriming() {}

  /**
   * A Query of the probe table for a route that does not exist (the probe store's own call, which
   * the send and evaluate functions may make).
   */
  public static PrimingStep probeTableQuery(AwsClients clients, String probesTable) {
    return new PrimingStep(
        "DynamoDB probe table " + probesTable,
        () ->
            clients
                .dynamoDb()
                .query(
                    request ->
                        request
                            .tableName(probesTable)
                            .keyConditionExpression("#route = :route")
                            .expressionAttributeNames(Map.of("#route", ProbeItem.ROUTE_ID))
                            .expressionAttributeValues(
                                Map.of(":route", AttributeValue.fromS(NO_ROUTE)))
                            .limit(1)
                            .overrideConfiguration(SHORT)));
  }

  /**
   * A read of the configuration's store, whose answer is thrown away: the function's configuration
   * source reads the document again, on its own schedule. For a parameter, a read of it; for an S3
   * object, a {@code HeadObject} (authorised by the same {@code s3:GetObject}), which downloads
   * nothing. Nothing where the configuration comes from a file.
   */
  public static Optional<PrimingStep> configurationDocument(
      AwsClients clients, ConfigurationSettings settings) {
    Optional<PrimingStep> object =
        settings
            .configObject()
            .map(S3ObjectAddress::parse)
            .map(
                address ->
                    new PrimingStep(
                        "S3 object " + address,
                        () ->
                            clients
                                .s3()
                                .headObject(
                                    request ->
                                        request
                                            .bucket(address.bucket())
                                            .key(address.key())
                                            .overrideConfiguration(SHORT))));
    return object.or(
        () ->
            settings
                .configParameter()
                .map(
                    name ->
                        new PrimingStep(
                            "SSM parameter " + name,
                            () ->
                                clients
                                    .ssm()
                                    .getParameter(
                                        request ->
                                            request
                                                .name(name)
                                                .withDecryption(true)
                                                .overrideConfiguration(SHORT)))));
  }

  /**
   * A read of a secret the function reads anyway (the probe signing key), whose value is thrown
   * away: the function's own secret cache reads it at the first invocation.
   */
  public static PrimingStep secretRead(AwsClients clients, String secretId) {
    return new PrimingStep(
        "Secrets Manager secret " + secretId,
        () ->
            clients
                .secretsManager()
                .getSecretValue(
                    request -> request.secretId(secretId).overrideConfiguration(SHORT)));
  }

  /**
   * Builds a client without calling it, for a service whose role allows no call that is both cheap
   * and free of effects (the SNS client, which may only publish).
   */
  public static PrimingStep build(String service, Supplier<?> client) {
    return new PrimingStep(service + " client", client::get);
  }
}
