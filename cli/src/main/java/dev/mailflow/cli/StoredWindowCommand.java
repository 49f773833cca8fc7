package dev.mailflow.cli;

import dev.mailflow.adapters.aws.DynamoDbMaintenanceWindowWriter.StoredWindow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A maintenance command on one stored window, named by its id: {@code end}, {@code cancel} and
 * {@code show}. It reads the window (an unknown id exits 2) and hands it to {@link #run}.
 */
abstract class StoredWindowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID", description = "The window's id.")
  String id;

  @Override
  public final Integer call() {
    Mailflow mailflow = Mailflow.of(spec);
    Instant now = mailflow.now();
    ZoneId zone = mailflow.zone();
    Connection connection = mailflow.connection();
    return run(connection, Windows.find(connection, id), now, zone);
  }

  /** The command on {@code stored}, at {@code now}, printing times in {@code zone}. */
  abstract int run(Connection connection, StoredWindow stored, Instant now, ZoneId zone);
}
