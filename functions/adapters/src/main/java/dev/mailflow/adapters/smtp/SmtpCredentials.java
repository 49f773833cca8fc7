package dev.mailflow.adapters.smtp;

import java.util.Objects;

/**
 * A user name and password for SMTP submission.
 *
 * <p>{@link #toString()} never shows the password, so a credentials object in a log line or an
 * exception message leaks nothing.
 *
 * @param username the login
 * @param password the password
 */
public record SmtpCredentials(String username, String password) {
  public SmtpCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "SmtpCredentials[username=" + username + ", password=***]";
  }
}
