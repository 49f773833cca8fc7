package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.LocalStackExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link S3ObjectDocumentContract} against LocalStack; skipped, with the reason, where no Docker
 * engine runs or {@code LOCALSTACK_AUTH_TOKEN} is not set.
 */
@ExtendWith(LocalStackExtension.class)
class S3ObjectDocumentLocalStackIT extends S3ObjectDocumentContract {}
