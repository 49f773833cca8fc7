package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.StoreException;
import java.net.SocketTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

class StoreFailureTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "throughput exceeded",
            service(
                ProvisionedThroughputExceededException.builder(),
                400,
                "ProvisionedThroughputExceededException"),
            true),
        Arguments.of(
            "request limit exceeded",
            service(RequestLimitExceededException.builder(), 400, "RequestLimitExceeded"),
            true),
        Arguments.of(
            "throttled", service(DynamoDbException.builder(), 400, "ThrottlingException"), true),
        Arguments.of(
            "internal server error",
            service(InternalServerErrorException.builder(), 500, "InternalServerError"),
            true),
        Arguments.of(
            "service unavailable",
            service(DynamoDbException.builder(), 503, "ServiceUnavailable"),
            true),
        Arguments.of("call timed out", ApiCallTimeoutException.create(15_000), true),
        Arguments.of("attempt timed out", ApiCallAttemptTimeoutException.create(5_000), true),
        Arguments.of(
            "connection failed",
            SdkClientException.create(
                "Unable to execute HTTP request", new SocketTimeoutException("read timed out")),
            true),
        Arguments.of(
            "table missing",
            service(ResourceNotFoundException.builder(), 400, "ResourceNotFoundException"),
            false),
        Arguments.of(
            "request refused",
            service(DynamoDbException.builder(), 400, "ValidationException"),
            false),
        Arguments.of(
            "no credentials", SdkClientException.create("Unable to load credentials"), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void of_isTransientOnlyWhenTryingAgainLaterMayHelp(
      String failure, SdkException cause, boolean transientFailure) {
    StoreException exception = StoreFailure.of("Could not read table probes", cause);

    assertThat(exception.isTransient()).isEqualTo(transientFailure);
    assertThat(exception).hasMessageStartingWith("Could not read table probes: ").hasCause(cause);
  }

  private static SdkException service(
      DynamoDbException.Builder builder, int status, String errorCode) {
    return builder
        .statusCode(status)
        .message(errorCode)
        .awsErrorDetails(
            AwsErrorDetails.builder()
                .errorCode(errorCode)
                .errorMessage(errorCode)
                .serviceName("DynamoDb")
                .build())
        .build();
  }
}
