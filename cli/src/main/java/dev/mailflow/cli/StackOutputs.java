package dev.mailflow.cli;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The outputs of a deployed Mailflow stack, read once with CloudFormation {@code DescribeStacks}:
 * the names of its tables and its configuration parameter (infrastructure/template.yaml).
 */
final class StackOutputs {

  static final String PROBES_TABLE = "ProbesTableName";
  static final String STATE_TABLE = "StateTableName";
  static final String WINDOWS_TABLE = "WindowsTableName";
  static final String CONFIG_PARAMETER = "ConfigParameterName";

  /** Only a stack deployed with the ConfigObject parameter has it. */
  static final String CONFIG_OBJECT = "ConfigObjectUri";

  private final String stack;
  private final Map<String, String> outputs;

  StackOutputs(String stack, Map<String, String> outputs) {
    this.stack = stack;
    this.outputs = Map.copyOf(outputs);
  }

  /**
   * Reads the outputs of {@code stack}.
   *
   * @throws UsageException when there is no such stack
   */
  static StackOutputs read(CloudFormationClient cloudFormation, String stack) {
    Stack described;
    try {
      described =
          cloudFormation.describeStacks(request -> request.stackName(stack)).stacks().stream()
              .findFirst()
              .orElseThrow(() -> noSuchStack(stack));
    } catch (CloudFormationException e) {
      if (e.statusCode() == 400 && String.valueOf(e.getMessage()).contains("does not exist")) {
        throw noSuchStack(stack);
      }
      throw e;
    }
    return new StackOutputs(
        stack,
        described.outputs().stream()
            .filter(output -> output.outputValue() != null)
            .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a)));
  }

  /** The output {@code key}, when the stack has it. */
  Optional<String> get(String key) {
    return Optional.ofNullable(outputs.get(key));
  }

  /** The output {@code key}. @throws UsageException naming the stack and the output */
  String require(String key) {
    return get(key)
        .orElseThrow(
            () ->
                new UsageException(
                    "stack " + stack + " has no output " + key + ": is it a Mailflow stack?"));
  }

  private static UsageException noSuchStack(String stack) {
    return new UsageException("there is no stack " + stack + " in this account and region");
  }
}
