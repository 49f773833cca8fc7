package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.MotoServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DynamoDbMaintenanceWindowSourceContract} against the moto server. */
@ExtendWith(MotoServerExtension.class)
class DynamoDbMaintenanceWindowSourceIT extends DynamoDbMaintenanceWindowSourceContract {}
