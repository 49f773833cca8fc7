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
   * Whether the server takes mail for {@code recipient} from this client: 250, or a refusal such as
   * 451 (greylisted, try later) or 554 (relay access denied).
   */
  SmtpReply recipient(String clientName, String sender, String recipient);

  /**
   * Takes a whole mail: queues or stores it and answers 250 with its queue id, or refuses it.
   *
   * @param envelope the envelope, with only the recipients accepted
   * @param content the mail as received, dot-stuffing removed, lines ending in CRLF
   */
  SmtpReply accept(Envelope envelope, byte[] content);
}
