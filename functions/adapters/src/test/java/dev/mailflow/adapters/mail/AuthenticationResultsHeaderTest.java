package dev.mailflow.adapters.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.domain.probe.AuthenticationVerdicts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthenticationResultsHeaderTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          amazonses.com; spf=pass (spfCheck: domain of contoso.com designates 198.51.100.10 as permitted sender) client-ip=198.51.100.10; envelope-from=mailflow@contoso.com; helo=MX01.contoso.com; dkim=none; dmarc=none header.from=contoso.com; | pass | none | none
          mx.google.com;       dkim=pass header.i=@example.org header.s=mail header.b=AbCdEf12;       spf=pass (google.com: domain of a@example.org designates 203.0.113.25 as permitted sender) smtp.mailfrom=a@example.org;       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.org | pass | pass | pass
          example.net; dkim=fail (bad signature; tampered) header.d=example.org; dkim=pass header.d=relay.example; spf=softfail smtp.mailfrom=example.org; dmarc=FAIL header.from=example.org | softfail | fail | fail
          example.net 1; dkim/1=pass header.d=example.org; spf = neutral smtp.mailfrom=x | neutral | pass | ''
          example.net; none | '' | '' | ''
          "quoted; id"; spf=pass | pass | '' | ''
          spf=pass | '' | '' | ''
          '' | '' | '' | ''
          """)
  void parse_readsTheFirstResultOfEachMethod(String value, String spf, String dkim, String dmarc) {
    assertThat(AuthenticationResultsHeader.parse(value))
        .isEqualTo(new AuthenticationVerdicts(spf, dkim, dmarc));
  }
}
