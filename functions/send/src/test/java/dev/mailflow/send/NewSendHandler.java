package dev.mailflow.send;

/**
 * Builds the handler with Lambda's constructor in a JVM of its own, whose environment the test
 * chooses; a constructor that throws ends it with the stack trace on standard error.
 */
final class NewSendHandler {
  private NewSendHandler() {}

  public static void main(String[] args) {
    new SendHandler();
  }
}
