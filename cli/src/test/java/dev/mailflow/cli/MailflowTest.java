package dev.mailflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: help, exit codes and one-line errors, before any AWS call. */
class MailflowTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T19:30:00Z"), ZoneOffset.UTC);
  private static final Map<String, String> ENVIRONMENT =
      Map.of("AWS_REGION", "eu-west-1", "MAILFLOW_WINDOWS_TABLE", "windows");

  /** The command line written as in a shell, for arguments without spaces. */
  private static CommandRun shell(String commandLine) {
    return run(commandLine.split(" "));
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(ENVIRONMENT, CLOCK, ZoneId.of("Europe/Stockholm"), args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "maintenance --help",
        "maintenance start --help",
        "maintenance end --help",
        "maintenance cancel --help",
        "maintenance list --help",
        "maintenance show --help",
        "status --help",
        "incidents --help",
        "probes --help",
        "explain --help"
      })
  void help_onEveryCommand_printsUsageAndExitsZero(String args) {
    CommandRun run = run(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(run.out()).startsWith("Usage: mailflow").contains("Exit codes: 0 ok");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void version_printsTheToolsName() {
    CommandRun run = run("--version");

    assertThat(run.exitCode()).isEqualTo(Mailflow.OK);
    assertThat(run.out()).startsWith("mailflow ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "maintenance", "frobnicate", "maintenance start server:MX01 --for 1h"})
  void usageMistakes_exitTwoWithOneLineOnStandardError(String args) {
    CommandRun run = run(args.isEmpty() ? new String[0] : args.split(" "));

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).startsWith("mailflow: ").contains("--help").hasLineCount(1);
  }

  @Test
  void start_withABadTime_exitsTwoNamingTheForms() {
    CommandRun run = shell("maintenance start server:MX01 --at tonight --for 1h --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err())
        .isEqualTo("mailflow: 'tonight' is not a time: " + TimeText.FORMS + System.lineSeparator());
  }

  @Test
  void start_withAnUnknownScopeForm_exitsTwo() {
    CommandRun run = shell("maintenance start host:MX01 --for 1h --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("unknown scope 'host:MX01': use server:ID, route:ID or all");
  }

  @Test
  void start_withABadDuration_exitsTwo() {
    CommandRun run = shell("maintenance start all --for ninety --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("--for 'ninety' is not a duration");
  }

  @Test
  void start_longerThanTheDeploymentAccepts_exitsTwoAndWritesNothing() {
    CommandRun run =
        shell(
            "maintenance start all --at 2026-12-01T22:00:00+01:00 --until 9999-12-31T23:00:00Z --reason x");
    CommandRun allowed =
        shell(
            "maintenance start all --at 2026-12-01T22:00:00+01:00 --for 10d --longest 14d --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err())
        .contains("longer than the 7d the deployment accepts (MAILFLOW_MAX_WINDOW_LENGTH)");
    // Past the length check, it fails only for want of a table to write to.
    assertThat(allowed.err()).doesNotContain("longer than");
  }

  @Test
  void start_endingBeforeItStarts_exitsTwo() {
    CommandRun run =
        shell(
            "maintenance start all --at 2026-12-01T22:00:00+01:00 --until 2026-12-01T21:00:00+01:00 --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("not after its start");
  }

  @Test
  void start_withForAndUntil_exitsTwo() {
    CommandRun run = shell("maintenance start all --for 1h --until 23:00 --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void aBadZone_exitsTwo() {
    CommandRun run = shell("--zone Mars/Olympus maintenance start all --for 1h --reason x");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("--zone 'Mars/Olympus' is not a time zone");
  }

  @Test
  void withoutARegion_exitsTwoSayingHowToGiveOne() {
    CommandRun run =
        CommandRun.of(
            Map.of("AWS_CONFIG_FILE", "/nonexistent", "MAILFLOW_WINDOWS_TABLE", "w"),
            CLOCK,
            ZoneOffset.UTC,
            "maintenance",
            "list");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("no AWS region: give --region");
  }

  @Test
  void withoutATable_exitsTwoSayingHowToNameIt() {
    CommandRun run =
        CommandRun.of(
            Map.of("AWS_REGION", "eu-west-1"), CLOCK, ZoneOffset.UTC, "maintenance", "list");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err())
        .contains("give --stack NAME, --windows-table or set MAILFLOW_WINDOWS_TABLE");
  }

  @Test
  void whenAwsCannotBeReached_exitsThreeWithOneLine() {
    CommandRun run = shell("--endpoint-url http://127.0.0.1:9 maintenance list");

    assertThat(run.exitCode()).isEqualTo(Mailflow.AWS_FAILURE);
    assertThat(run.err()).startsWith("mailflow: ").hasLineCount(1);
  }

  @Test
  void globalOptions_mayFollowTheCommand() {
    CommandRun run = shell("maintenance list --zone Mars/Olympus");

    assertThat(run.exitCode()).isEqualTo(Mailflow.USAGE);
    assertThat(run.err()).contains("--zone 'Mars/Olympus'");
  }
}
