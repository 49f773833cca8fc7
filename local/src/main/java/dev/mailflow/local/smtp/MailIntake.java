package dev.mailflow.local.smtp;

/**
 * What a mail server does with the mail an {@link SmtpServer} is handed: which recipients it takes,
 * and what becomes of a mail once its data has arrived.
 *
 * <p>The SMTP conversation (order of commands, syntax, dot-stuffing, size limits) is the server's
 * business; everything a particular mail server decides is here. Called from the server's session
 * threads, one call at a time per session.
 */
public interface MailIntake {

  /** The name the server announces in its greeting and EHLO reply, and stamps in Received. */
  String hostname();

  /**
   * Whether the server answers at all: false for a server that takes the connection and then says
   * nothing, not even its greeting, as a hung or overloaded one does, until the client gives up.
   */
  default boolean answers() {
    return true;
  }

  /**
   * Whether the server takes mail from {@code sender}: 250, or a refusal such as 554 5.7.1 (sender
   * rejected by policy) or 451 (try later).
   */
  default SmtpReply sender(String clientName, String sender) {
    return SmtpReply.of(250, "2.1.0 Ok");
  }

  /**
   * Whether the server takes mail for {@code recipient} from this client: 250, or a refusal such as
   * 451 (greylisted, try later) or 554 (relay access denied).
   */
  SmtpReply recipient(String clientName, String sender, String recipient);

  /**
   * Takes a whole mail: queues or stores it and answers 250 with its queue id, or refuses it. It
   * may throw {@link HangUpException} to end the session without a reply, as a server whose
   * connection drops just after it took the mail: the client cannot tell that the mail arrived.
   *
   * @param envelope the envelope, with only the recipients accepted
   * @param content the mail as received, dot-stuffing removed, lines ending in CRLF
   */
  SmtpReply accept(Envelope envelope, byte[] content);
}
