package dev.mailflow.adapters.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class JsonLoggerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final BasicMDCAdapter mdc = new BasicMDCAdapter();

  @Test
  void json_writesOneObjectPerEventWithTheContextAndTheError() throws Exception {
    JsonLogger logger = new JsonLogger("dev.mailflow.x.SendRound", Level.INFO, false, out, mdc);
    mdc.put("awsRequestId", "req-1");

    logger.warn(
        "route={} probe={} said \"no\"\nthen left",
        "MX02-to-MX01",
        "p1",
        new IllegalStateException("boom"));

    JsonNode line = new ObjectMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
    assertThat(line.get("level").asText()).isEqualTo("WARN");
    assertThat(line.get("logger").asText()).isEqualTo("SendRound");
    assertThat(line.get("message").asText())
        .isEqualTo("route=MX02-to-MX01 probe=p1 said \"no\"\nthen left");
    assertThat(line.get("awsRequestId").asText()).isEqualTo("req-1");
    assertThat(line.get("error").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(line.get("stackTrace").asText()).contains("JsonLoggerTest");
  }

  @Test
  void level_leavesOutEventsBelowTheThreshold() {
    JsonLogger logger = new JsonLogger("x", Level.WARN, false, out, mdc);

    logger.info("not shown");
    logger.debug("not shown");

    assertThat(bytes.size()).isZero();
    assertThat(logger.isWarnEnabled()).isTrue();
    assertThat(logger.isInfoEnabled()).isFalse();
  }

  @Test
  void text_showsTheContextOnTheLine() {
    JsonLogger logger = new JsonLogger("dev.mailflow.receive.Receiver", Level.INFO, true, out, mdc);
    mdc.put("sesMessageId", "m-1");

    logger.info("recorded");

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains(" INFO Receiver [sesMessageId=m-1] - recorded");
  }
}
