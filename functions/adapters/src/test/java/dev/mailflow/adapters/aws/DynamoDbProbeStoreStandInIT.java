package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.DynamoDbStandInExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DynamoDbProbeStoreContract} against the DynamoDB stand-in the scale benchmark runs on: the
 * stand-in answers the probe store's calls as moto does.
 */
@ExtendWith(DynamoDbStandInExtension.class)
class DynamoDbProbeStoreStandInIT extends DynamoDbProbeStoreContract {}
