package dev.mailflow.local.smtp;

/**
 * Thrown by a {@link MailIntake} to end a session at once, without a reply: the connection drops,
 * as when a server crashes or its network goes away in the middle of a conversation. The client
 * sees the connection closed and keeps the mail for a later attempt, even if the server had taken
 * it, which is how mail comes to be delivered twice.
 */
public final class HangUpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public HangUpException(String reason) {
    super(reason);
  }
}
