package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.MotoServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DynamoDbProbeStoreContract} against the moto server. */
@ExtendWith(MotoServerExtension.class)
class DynamoDbProbeStoreIT extends DynamoDbProbeStoreContract {}
