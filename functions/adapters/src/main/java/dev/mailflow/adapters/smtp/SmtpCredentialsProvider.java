package dev.mailflow.adapters.smtp;

/**
 * Gives the credentials stored under a secret name, cached, and forgets them when a server refuses
 * them, so a rotated password is picked up at the next attempt.
 */
public interface SmtpCredentialsProvider {

  /** The credentials in secret {@code secretName}. */
  SmtpCredentials credentials(String secretName);

  /** Drops the cached credentials of {@code secretName}: the server refused them. */
  void forget(String secretName);
}
