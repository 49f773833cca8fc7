package dev.mailflow.cli;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command takes, before or after its name: where the stack is, how to reach it,
 * and how to print.
 */
final class GlobalOptions {

  @Option(
      names = "--stack",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description = "The deployed stack: its outputs name the tables and the parameter.")
  String stack;

  @Option(
      names = "--region",
      scope = ScopeType.INHERIT,
      paramLabel = "REGION",
      description = "AWS region (default: AWS_REGION, then the profile's region).")
  String region;

  @Option(
      names = "--profile",
      scope = ScopeType.INHERIT,
      paramLabel = "PROFILE",
      description = "Named profile of the AWS configuration (default: AWS_PROFILE).")
  String profile;

  @Option(
      names = "--endpoint-url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      description = "Send every AWS call here, such as the local emulator http://127.0.0.1:5000.")
  String endpointUrl;

  @Option(
      names = "--probes-table",
      scope = ScopeType.INHERIT,
      paramLabel = "TABLE",
      description = "Probe table (default: MAILFLOW_PROBES_TABLE, then the stack's output).")
  String probesTable;

  @Option(
      names = "--state-table",
      scope = ScopeType.INHERIT,
      paramLabel = "TABLE",
      description = "Route state table (default: MAILFLOW_STATE_TABLE, then the stack's output).")
  String stateTable;

  @Option(
      names = "--windows-table",
      scope = ScopeType.INHERIT,
      paramLabel = "TABLE",
      description =
          "Maintenance window table (default: MAILFLOW_WINDOWS_TABLE, then the stack's output).")
  String windowsTable;

  @Option(
      names = "--config-parameter",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description =
          "SSM parameter of the configuration (default: MAILFLOW_CONFIG_PARAMETER, then the"
              + " stack's output).")
  String configParameter;

  @Option(
      names = "--config-object",
      scope = ScopeType.INHERIT,
      paramLabel = "S3URI",
      description =
          "S3 object of the configuration, s3://BUCKET/KEY, instead of the parameter (default:"
              + " MAILFLOW_CONFIG_OBJECT, then the stack's output, where it has one).")
  String configObject;

  @Option(
      names = "--config-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "A configuration file instead of the parameter (default: MAILFLOW_CONFIG_FILE).")
  String configFile;

  @Option(
      names = "--zone",
      scope = ScopeType.INHERIT,
      paramLabel = "ZONE",
      description =
          "Time zone of times written without an offset, and of printed times (default: the local zone).")
  String zone;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print JSON for programs instead of text for people.")
  boolean json;

  /** The zone of {@code --zone}, when given. */
  Optional<ZoneId> zone() {
    if (zone == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(zone.trim()));
    } catch (DateTimeException e) {
      throw new UsageException(
          "--zone '" + zone + "' is not a time zone: use a name such as Europe/Stockholm or UTC");
    }
  }
}
