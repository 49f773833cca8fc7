package dev.mailflow.adapters.mail;

/**
 * One header field as the SES receipt event lists it: {@code {"name": "Received", "value": "..."}}
 * in {@code mail.headers}, newest first as in the mail itself.
 *
 * @param name the field name, as written
 * @param value the field value, unfolded
 */
public record MailHeader(String name, String value) {
  public MailHeader {
    name = name == null ? "" : name;
    value = value == null ? "" : value;
  }
}
