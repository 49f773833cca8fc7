package dev.mailflow.domain.evaluation;

/** The three moments of an incident that people are told about. */
public enum NoticeType {
  /** The incident began: sent once per incident. */
  OPENED,
  /** Still open: sent only when the reminder interval has passed since the last notice. */
  REMINDER,
  /** It ended: sent once per incident. */
  RESOLVED
}
