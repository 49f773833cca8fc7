package dev.mailflow.adapters.aws;

import dev.mailflow.domain.port.StoreException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

/**
 * Turns a failed DynamoDB call into the domain's {@link StoreException}, saying whether trying
 * again later may help: throttling, server errors and calls that got no answer (I/O, timeouts) may;
 * a missing table, a refused request or missing permissions will not.
 */
final class DynamoDbFailure {

  private DynamoDbFailure() {}

  static StoreException of(String what, SdkException cause) {
    return new StoreException(what + ": " + cause.getMessage(), isTransient(cause), cause);
  }

  static boolean isTransient(SdkException failure) {
    if (failure instanceof AwsServiceException service) {
      return service.isThrottlingException()
          || service instanceof ProvisionedThroughputExceededException
          || service instanceof RequestLimitExceededException
          || service instanceof InternalServerErrorException
          || service.statusCode() >= 500;
    }
    return failure instanceof SdkClientException;
  }
}
