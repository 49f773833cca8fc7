package dev.mailflow.adapters.mail;

import java.util.Objects;

/**
 * What {@link InboundMailParser} made of a mail: its headers, or why it refused it.
 *
 * <p>A result, not an exception, because refusing hostile or broken mail is part of the normal work
 * of the receive function.
 */
public sealed interface MailReading {

  /** The mail's headers were read. */
  record Read(InboundMail mail) implements MailReading {
    public Read {
      Objects.requireNonNull(mail, "mail");
    }
  }

  /**
   * The mail was not read.
   *
   * @param reason which limit or rule it broke
   * @param detail one line for a person reading the log
   */
  record Refused(MailRefusal reason, String detail) implements MailReading {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      detail = detail == null ? "" : detail;
    }
  }
}
