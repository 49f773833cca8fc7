package dev.mailflow.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mailflow maintenance}: the maintenance windows of the stack. */
@Command(
    name = "maintenance",
    description =
        "Set, end, cancel and read maintenance windows; skip or move a recurring one's occurrence.",
    subcommands = {
      MaintenanceStart.class,
      MaintenanceEnd.class,
      MaintenanceCancel.class,
      MaintenanceList.class,
      MaintenanceShow.class,
      MaintenanceSkip.class,
      MaintenanceMove.class
    })
final class MaintenanceCommand implements Runnable {

  @Spec private CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a command: start, end, cancel, list, show, skip or move");
  }
}
