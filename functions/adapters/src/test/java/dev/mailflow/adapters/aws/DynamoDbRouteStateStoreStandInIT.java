package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.DynamoDbStandInExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DynamoDbRouteStateStoreContract} against the DynamoDB stand-in the scale benchmark runs
 * on: the stand-in answers the route state store's and the notice ledger's calls as moto does.
 */
@ExtendWith(DynamoDbStandInExtension.class)
class DynamoDbRouteStateStoreStandInIT extends DynamoDbRouteStateStoreContract {}
