package dev.mailflow.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The yardstick of {@code benchmarks/cold-start.sh}: a stream handler that answers without reading
 * its event, so that its cold start is the runtime's own and nothing else. Each function's cold
 * start is reported as a multiple of this one's, measured in the same run.
 */
public final class HelloHandler implements RequestStreamHandler {

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    output.write("\"hello\"".getBytes(StandardCharsets.UTF_8));
  }
}
