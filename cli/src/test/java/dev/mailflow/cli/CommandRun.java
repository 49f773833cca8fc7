package dev.mailflow.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import picocli.CommandLine;

/** Runs the {@code mailflow} command in-process, as a shell would, and keeps what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(Map<String, String> environment, Clock clock, ZoneId zone, String... args) {
    CommandLine command = Mailflow.commandLine(environment, clock, zone);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exitCode = command.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }
}
