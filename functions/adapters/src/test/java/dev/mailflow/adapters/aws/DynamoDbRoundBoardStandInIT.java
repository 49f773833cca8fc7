package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.DynamoDbStandInExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DynamoDbRoundBoardContract} against the DynamoDB stand-in the scale benchmark runs on: the
 * stand-in answers the round board's calls as moto does.
 */
@ExtendWith(DynamoDbStandInExtension.class)
class DynamoDbRoundBoardStandInIT extends DynamoDbRoundBoardContract {}
