package dev.mailflow.local.smtp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The SMTP envelope of one mail: who handed it over, and the MAIL FROM and RCPT TO addresses, which
 * decide where the mail goes whatever its header says.
 *
 * @param clientName the name the client gave in EHLO or HELO
 * @param sender the MAIL FROM address, empty for a bounce ({@code <>})
 * @param recipients the RCPT TO addresses the server accepted, at least one
 */
public record Envelope(String clientName, String sender, List<String> recipients) {
  public Envelope {
    Objects.requireNonNull(clientName, "clientName");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("a mail needs at least one recipient");
    }
  }

  /** The same mail for other recipients, as when a relay splits it by next hop. */
  public Envelope withRecipients(List<String> others) {
    return new Envelope(clientName, sender, others);
  }

  /** The domain of an address, lower case: {@code mx01.contoso.se}. */
  public static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
  }
}
