package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.MotoServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link DynamoDbRoundBoardContract} against the moto server. */
@ExtendWith(MotoServerExtension.class)
class DynamoDbRoundBoardIT extends DynamoDbRoundBoardContract {}
