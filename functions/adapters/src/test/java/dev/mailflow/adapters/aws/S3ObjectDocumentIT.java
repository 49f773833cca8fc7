package dev.mailflow.adapters.aws;

import dev.mailflow.testsupport.MotoServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link S3ObjectDocumentContract} against the moto server. */
@ExtendWith(MotoServerExtension.class)
class S3ObjectDocumentIT extends S3ObjectDocumentContract {}
