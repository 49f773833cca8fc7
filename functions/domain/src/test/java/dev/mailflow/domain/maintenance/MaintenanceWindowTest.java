package dev.mailflow.domain.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mailflow.domain.route.Route;
import dev.mailflow.domain.route.RoutePolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaintenanceWindowTest {
  private static final Instant START = Instant.parse("2006-07-28T10:10:00Z");
  private static final Instant END = Instant.parse("2006-07-28T10:40:00Z");
  private static final Route ROUTE =
      new Route(
          "MX02-to-MX01",
          "MX02",
          "MX01",
          "mailflow@contoso.se",
          "probe@contoso.se",
          RoutePolicy.defaults(),
          true);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "all, ALL, ''",
    "ALL, ALL, ''",
    "server:MX01, SERVER, MX01",
    "' route:MX02-to-MX01 ', ROUTE, MX02-to-MX01",
    "Server:MX02, SERVER, MX02"
  })
  void parse_readsEachForm(String text, MaintenanceScope.Kind kind, String id) {
    MaintenanceScope scope = MaintenanceScope.parse(text);

    assertThat(scope.kind()).isEqualTo(kind);
    assertThat(scope.id()).isEqualTo(id);
    assertThat(MaintenanceScope.parse(scope.toString())).isEqualTo(scope);
  }

  @ParameterizedTest(name = "[{index}] '{0}'")
  @CsvSource({"host:MX01", "server:", "server:MX 01", "everything", "''"})
  void parse_refusesAnythingElseNamingTheForms(String text) {
    assertThatThrownBy(() -> MaintenanceScope.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> assertThat(e.getMessage()).containsAnyOf("use server:ID", "not a valid id"));
  }

  @Test
  void construction_refusesAnEndNotAfterItsStart() {
    assertThatThrownBy(
            () ->
                new MaintenanceWindow("w1", MaintenanceScope.all(), END, START, "patching", "ops"))
        .hasMessage(
            "maintenance window w1: end 2006-07-28T10:10:00Z is not after start"
                + " 2006-07-28T10:40:00Z");
  }

  @ParameterizedTest(name = "flight {0}..{1} with grace {2}m overlaps: {3}")
  @CsvSource({
    "10:00, 10:09, 0, false",
    "10:00, 10:10, 0, true",
    "10:20, 10:21, 0, true",
    "10:39, 10:50, 0, true",
    "10:40, 10:41, 0, false",
    "10:40, 10:41, 5, true",
    "10:44, 10:44, 5, true",
    "10:45, 10:50, 5, false",
    "09:00, 11:00, 0, true"
  })
  void overlaps_treatsTheWindowAsHalfOpenPlusGrace(
      String from, String to, int graceMinutes, boolean overlaps) {
    MaintenanceWindow window =
        new MaintenanceWindow("w1", MaintenanceScope.server("MX01"), START, END, "", "");

    assertThat(window.overlaps(ROUTE, time(from), time(to), Duration.ofMinutes(graceMinutes)))
        .isEqualTo(overlaps);
  }

  @Test
  void covers_matchesEitherEndTheRouteOrAll() {
    assertThat(MaintenanceScope.server("MX01").covers(ROUTE)).isTrue();
    assertThat(MaintenanceScope.server("MX02").covers(ROUTE)).isTrue();
    assertThat(MaintenanceScope.server("MX03").covers(ROUTE)).isFalse();
    assertThat(MaintenanceScope.route("MX02-to-MX01").covers(ROUTE)).isTrue();
    assertThat(MaintenanceScope.route("MX01-to-MX02").covers(ROUTE)).isFalse();
    assertThat(MaintenanceScope.all().covers(ROUTE)).isTrue();
  }

  private static Instant time(String hhmm) {
    return Instant.parse("2006-07-28T" + hhmm + ":00Z");
  }
}
