package dev.mailflow.local.simulation;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class where private Postfix instances can run, and skips it, with the reason, where
 * they cannot: not root, or no Postfix installed. As {@code LocalStackExtension} does for
 * LocalStack, the skip starts nothing and costs nothing.
 */
final class PostfixAvailable implements ExecutionCondition {
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return PostfixInstance.unavailableReason()
        .map(why -> ConditionEvaluationResult.disabled("Postfix tests skipped: " + why))
        .orElseGet(() -> ConditionEvaluationResult.enabled("Postfix can run"));
  }
}
