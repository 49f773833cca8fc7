package dev.mailflow.adapters.aws;

/**
 * Prints the DynamoDB table names that {@code new AwsClients()} sees, configured by nothing but the
 * process environment, as in a Lambda container. {@link AwsClientsProcessEnvironmentIT} runs it in
 * a child JVM.
 */
final class ListTablesWithProcessEnvironment {

  private ListTablesWithProcessEnvironment() {}

  public static void main(String[] args) {
    try (AwsClients clients = new AwsClients()) {
      clients.dynamoDb().listTables().tableNames().forEach(System.out::println);
    }
  }
}
