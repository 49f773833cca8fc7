package dev.mailflow.cli;

import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.adapters.aws.MailflowTables;
import dev.mailflow.emulator.MotoServer;
import dev.mailflow.emulator.ResourceNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the command reads in the moto server, made for one test: the probe, route state and window
 * tables under unique names, and a configuration file with the story's two servers and their two
 * routes, all named in the environment variables the functions read.
 */
record StackTables(
    AwsClients aws,
    String probesTable,
    String stateTable,
    String windowsTable,
    Map<String, String> environment) {

  static final String CONFIGURATION =
      """
      sender: mailflow@contoso.se
      servers:
        - {id: MX01, host: mx01.contoso.se}
        - {id: MX02, host: mx02.contoso.se}
      routes:
        - {source: MX02, target: MX01, recipient: probe@mx01.contoso.se}
        - {source: MX01, target: MX02, recipient: probe@mx02.contoso.se}
      """;

  static StackTables create(MotoServer moto, Path directory) throws IOException {
    AwsClients aws = AwsClients.forEnvironment(moto.environment());
    String probesTable = ResourceNames.unique("probes");
    String stateTable = ResourceNames.unique("states");
    String windowsTable = ResourceNames.unique("windows");
    MailflowTables.create(aws.dynamoDb(), MailflowTables.probes(probesTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.routeStates(stateTable));
    MailflowTables.create(aws.dynamoDb(), MailflowTables.windows(windowsTable));
    Path configFile = Files.writeString(directory.resolve("mailflow.yaml"), CONFIGURATION);
    Map<String, String> environment = new HashMap<>(moto.environment());
    environment.put(Connection.PROBES_TABLE, probesTable);
    environment.put(Connection.STATE_TABLE, stateTable);
    environment.put(Connection.WINDOWS_TABLE, windowsTable);
    environment.put(Connection.CONFIG_FILE, configFile.toString());
    environment.put("USER", "ops");
    return new StackTables(aws, probesTable, stateTable, windowsTable, environment);
  }
}
