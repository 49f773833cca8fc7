package dev.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.mailflow.domain.receiving.VerdictScreen.Check;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReceiveSettingsTest {

  private static Map<String, String> environment(String refusedVerdicts) {
    Map<String, String> environment = new HashMap<>();
    environment.put(ReceiveSettings.PROBES_TABLE, "probes");
    environment.put(ReceiveSettings.SIGNING_SECRET, "signing");
    environment.put(ReceiveSettings.MAIL_BUCKET, "mail");
    if (refusedVerdicts != null) {
      environment.put(ReceiveSettings.REFUSED_VERDICTS, refusedVerdicts);
    }
    return environment;
  }

  @Test
  void refusedVerdicts_defaultToSpamAndVirus() {
    assertThat(ReceiveSettings.fromEnvironment(environment(null)).verdictScreen().refusing())
        .isEqualTo(Set.of(Check.SPAM, Check.VIRUS));
  }

  @Test
  void refusedVerdicts_noneRefusesNothing_andAListRefusesItsChecks() {
    assertThat(ReceiveSettings.fromEnvironment(environment("none")).verdictScreen().refusing())
        .isEmpty();
    assertThat(
            ReceiveSettings.fromEnvironment(environment("virus, dkim")).verdictScreen().refusing())
        .isEqualTo(Set.of(Check.VIRUS, Check.DKIM));
  }

  @Test
  void configuration_isOptional_andMayBeAnS3Object_butNeverTwoPlacesAtOnce() {
    Map<String, String> environment = environment(null);
    assertThat(ReceiveSettings.fromEnvironment(environment).configObject()).isEmpty();

    environment.put(ReceiveSettings.CONFIG_OBJECT, "s3://mailflow-config/mailflow.yaml");
    assertThat(ReceiveSettings.fromEnvironment(environment).configObject())
        .contains("s3://mailflow-config/mailflow.yaml");

    environment.put(ReceiveSettings.CONFIG_PARAMETER, "/mailflow/config");
    assertThatIllegalStateException()
        .isThrownBy(() -> ReceiveSettings.fromEnvironment(environment))
        .withMessageContaining(
            "set at most one of MAILFLOW_CONFIG_PARAMETER, MAILFLOW_CONFIG_OBJECT and"
                + " MAILFLOW_CONFIG_FILE");
  }

  @Test
  void refusedVerdicts_withAnUnknownWord_failsNamingTheVariable() {
    assertThatIllegalStateException()
        .isThrownBy(() -> ReceiveSettings.fromEnvironment(environment("spam,junk")))
        .withMessageContaining(ReceiveSettings.REFUSED_VERDICTS)
        .withMessageContaining("'junk'");
  }
}
