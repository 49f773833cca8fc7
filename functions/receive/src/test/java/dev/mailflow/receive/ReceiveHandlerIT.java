package dev.mailflow.receive;

import dev.mailflow.testsupport.MotoServerExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ReceiveHandlerContract} against the moto server. */
@ExtendWith(MotoServerExtension.class)
class ReceiveHandlerIT extends ReceiveHandlerContract {}
