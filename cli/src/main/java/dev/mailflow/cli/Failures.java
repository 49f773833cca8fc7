package dev.mailflow.cli;

import dev.mailflow.domain.probe.StoreException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How a command that fails ends: one line on standard error and an exit code, never a stack trace.
 */
final class Failures {

  private Failures() {}

  /** Bad command-line input: the message, where to find help, and {@link Mailflow#USAGE}. */
  static final class BadInput implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException failure, String[] args) {
      CommandLine command = failure.getCommandLine();
      PrintWriter err = command.getErr();
      err.println(
          "mailflow: "
              + failure.getMessage()
              + " (see: "
              + command.getCommandSpec().qualifiedName()
              + " --help)");
      err.flush();
      return Mailflow.USAGE;
    }
  }

  /** A failure while a command runs, mapped to its exit code. */
  static final class Execution implements IExecutionExceptionHandler {
    private static final int LONGEST_LINE = 300;

    @Override
    public int handleExecutionException(
        Exception failure, CommandLine command, ParseResult parsed) {
      PrintWriter err = command.getErr();
      int exitCode;
      String message;
      if (failure instanceof UsageException) {
        exitCode = Mailflow.USAGE;
        message = failure.getMessage();
      } else if (failure instanceof StoreException || causedByAws(failure)) {
        exitCode = Mailflow.AWS_FAILURE;
        message = withCause(failure);
      } else if (failure instanceof IllegalStateException
          || failure instanceof IllegalArgumentException
          || failure instanceof UncheckedIOException) {
        // The adapters' own checks: a bad endpoint URL, a configuration that does not read.
        exitCode = Mailflow.USAGE;
        message = oneLine(failure.getMessage());
      } else {
        exitCode = Mailflow.BUG;
        message = "unexpected " + failure + " (a bug: please report it with the command line)";
      }
      err.println("mailflow: " + message);
      err.flush();
      return exitCode;
    }

    private static boolean causedByAws(Throwable failure) {
      for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
        if (cause instanceof SdkException) {
          return true;
        }
      }
      return false;
    }

    /** A message of several lines (a configuration's faults) as one. */
    private static String oneLine(String text) {
      return text == null ? "(no message)" : String.join("; ", text.strip().lines().toList());
    }

    /** The SDK's message says what AWS answered; the store's says what was being done. */
    private static String withCause(Exception failure) {
      Throwable cause = failure.getCause();
      if (cause != null && cause.getMessage() != null && failure instanceof StoreException) {
        return failure.getMessage() + ": " + firstLine(cause.getMessage());
      }
      return firstLine(failure.getMessage());
    }

    /**
     * The SDK's first sentence: its messages can run to pages (every provider of the credential
     * chain, each with its reason), and the operator needs one line.
     */
    static String firstLine(String text) {
      if (text == null) {
        return "(no message)";
      }
      if (text.startsWith("Unable to load credentials")) {
        return "no AWS credentials: give --profile, set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY";
      }
      String line = text.lines().findFirst().orElse("");
      int details = line.indexOf(" : [");
      if (details > 0) {
        line = line.substring(0, details);
      }
      return line.length() <= LONGEST_LINE ? line : line.substring(0, LONGEST_LINE) + "...";
    }
  }
}
