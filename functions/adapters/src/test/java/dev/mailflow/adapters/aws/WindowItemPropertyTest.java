package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Operators write window items by hand, with {@code aws dynamodb put-item}: whatever an item holds,
 * reading it gives exactly one of a window, a series or a rejection naming its faults, and never an
 * exception that would stop the evaluate run reading the others.
 */
class WindowItemPropertyTest {

  private static final List<String> NAMES =
      List.of(
          WindowItem.WINDOW_ID,
          WindowItem.SCOPE,
          WindowItem.START,
          WindowItem.END,
          WindowItem.REASON,
          WindowItem.SET_BY,
          WindowItem.EXPIRES_AT,
          WindowItem.EVERY,
          WindowItem.ZONE,
          WindowItem.DURATION,
          WindowItem.SKIP,
          WindowItem.MOVED,
          "other");

  @Property(tries = 2000)
  void anyItem_readsAsExactlyOneOfWindowSeriesOrRejection(
      @ForAll("items") Map<String, AttributeValue> item) {
    WindowItem.Reading reading = WindowItem.read(item);

    int set =
        (reading.window() == null ? 0 : 1)
            + (reading.series() == null ? 0 : 1)
            + (reading.rejected() == null ? 0 : 1);
    assertThat(set).isEqualTo(1);
  }

  @Provide
  Arbitrary<Map<String, AttributeValue>> items() {
    Arbitrary<String> text =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(40),
            Arbitraries.of(
                "mx01-patching",
                "server:MX01",
                "route:MX02-to-MX01",
                "all",
                "server:",
                "2026-12-01T22:00:00+01:00",
                "2026-12-01T23:30:00+01:00",
                "+1000000000-12-31T23:59:59Z",
                "-999999999-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "2026-02-30T22:00:00Z",
                "FREQ=MONTHLY;BYDAY=2TU",
                "FREQ=SECONDLY",
                "FREQ=DAILY;COUNT=0",
                "FREQ=YEARLY;BYMONTH=13",
                "Europe/Stockholm",
                "Mars/Olympus",
                "PT4H",
                "P106751991167300D",
                "PT-1H",
                "2027-02-09",
                "2027-02-09T22:00",
                "not a date"));
    Arbitrary<AttributeValue> value =
        Arbitraries.oneOf(
            text.map(AttributeValue::fromS),
            Arbitraries.of("42", "-1", "1e400", "99999999999999999999999", "0.5", "NaN")
                .map(AttributeValue::fromN),
            Arbitraries.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true)),
            text.list().ofMaxSize(3).map(AttributeValue::fromSs),
            text.list()
                .ofMaxSize(3)
                .map(
                    list ->
                        AttributeValue.fromL(list.stream().map(AttributeValue::fromS).toList())),
            Combinators.combine(text, text)
                .as((key, v) -> AttributeValue.fromM(Map.of(key, AttributeValue.fromS(v)))));
    return Arbitraries.maps(Arbitraries.of(NAMES), value)
        .ofMaxSize(NAMES.size())
        .map(LinkedHashMap::new);
  }
}
