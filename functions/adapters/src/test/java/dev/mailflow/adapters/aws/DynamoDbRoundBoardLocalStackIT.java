package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.LocalStackExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link DynamoDbRoundBoardContract} against LocalStack; skipped, with the reason, where no Docker
 * engine runs or {@code LOCALSTACK_AUTH_TOKEN} is not set.
 */
@ExtendWith(LocalStackExtension.class)
class DynamoDbRoundBoardLocalStackIT extends DynamoDbRoundBoardContract {}
