package dev.mailflow.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reads what the monitor sees ({@code status}, {@code incidents}, {@code probes},
 * {@code explain}): it opens the tables and the configuration and hands them to {@link #run}.
 */
abstract class ReadingCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public final Integer call() {
    Mailflow mailflow = Mailflow.of(spec);
    Instant now = mailflow.now();
    ZoneId zone = mailflow.zone();
    return run(new RouteReading(mailflow.connection()), now, zone);
  }

  /** The command at {@code now}, printing times in {@code zone}. */
  abstract int run(RouteReading reading, Instant now, ZoneId zone);
}
