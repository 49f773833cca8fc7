package dev.mailflow.adapters.smtp;

import dev.mailflow.adapters.mail.ProbeMailComposer;
import dev.mailflow.domain.probe.Submission;
import dev.mailflow.domain.route.Server;
import dev.mailflow.domain.route.SmtpEndpoint;
import dev.mailflow.domain.route.TransportSecurity;
import dev.mailflow.domain.sending.OutgoingProbe;
import dev.mailflow.domain.sending.ProbeSubmitter;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits probe mails to a mail server over SMTP, as a mail client would, and answers for each
 * probe what the server said.
 *
 * <p>The probes of one server go over one connection: connect (TLS, authentication) once, then one
 * {@code MAIL FROM … DATA} transaction per probe. A server that refuses a probe refuses only that
 * one; a connection that drops mid-round is opened again once for the probes not yet answered (the
 * probe in hand is sent again: the receive side records a probe's arrival once, so a mail the
 * server took just before the drop does no harm twice), and after a second loss the rest fail.
 *
 * <p>Nothing SMTP-level is thrown: every probe gets a {@link Submission}. Accepted, it carries the
 * server's final reply to the mail ({@code 250 2.0.0 Ok: queued as 4F2A1}, whose queue id finds the
 * mail in the server's log). Refused, it carries the reply code and text ({@code 554 5.7.1 Relay
 * access denied}). With no SMTP reply at all, the code is 0 and the text says why: {@code connect
 * to mx01.contoso.se:587 failed: Connection refused}.
 *
 * <p>Security follows the server's {@link SmtpEndpoint}: {@code STARTTLS} is required, never
 * opportunistic (a server that does not offer it fails the probe); {@code SMTPS} speaks TLS from
 * the first byte; both check the server's certificate and that it names the host connected to. When
 * the endpoint names a credentials secret, the submitter logs in with the credentials the {@link
 * SmtpCredentialsProvider} gives; when the server refuses them, it forgets them and tries once more
 * with what the provider reads afresh, so a rotated password is picked up at once. The password is
 * never logged.
 *
 * <p>Build one per container and share it: it keeps one Jakarta Mail {@link Session} per server and
 * is thread-safe, so a round can serve several servers at once.
 */
public final class SmtpProbeSubmitter implements ProbeSubmitter, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpProbeSubmitter.class);

  /** The first connection of a round and one reconnect after a drop. */
  private static final int CONNECTIONS_PER_ROUND = 2;

  private static final int MAX_CAUSES = 20;

  private final ProbeMailComposer composer;
  private final SmtpCredentialsProvider credentials;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final SSLSocketFactory tls;
  private final Clock clock;
  private final String ehloName;
  private final ScheduledExecutorService writeTimeouts;
  private final Map<SmtpEndpoint, Session> sessions = new ConcurrentHashMap<>();

  /**
   * A submitter that trusts the certificates the JDK trusts, as production does.
   *
   * @param composer builds the probe mails from signed probes
   * @param credentials SMTP credentials by secret name
   * @param connectTimeout how long to wait for the TCP connection
   * @param readTimeout how long to wait for each reply, and for each write to go out
   * @param clock stamps each answer
   */
  public SmtpProbeSubmitter(
      ProbeMailComposer composer,
      SmtpCredentialsProvider credentials,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock) {
    this(
        composer,
        credentials,
        connectTimeout,
        readTimeout,
        clock,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /**
   * A submitter whose TLS connections come from {@code tls}: tests give one that trusts their own
   * certificate. The server's identity is checked whatever the factory.
   */
  public SmtpProbeSubmitter(
      ProbeMailComposer composer,
      SmtpCredentialsProvider credentials,
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock,
      SSLSocketFactory tls) {
    this.composer = Objects.requireNonNull(composer, "composer");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.connectTimeout = requirePositive(connectTimeout, "connectTimeout");
    this.readTimeout = requirePositive(readTimeout, "readTimeout");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tls = Objects.requireNonNull(tls, "tls");
    this.ehloName = ehloName();
    // One thread for the write timeouts of every connection, instead of one per connection.
    this.writeTimeouts =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "smtp-write-timeouts");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public List<Submission> submit(Server server, List<OutgoingProbe> probes) {
    if (server.transport() != Server.Transport.SMTP) {
      throw new IllegalArgumentException(
          "server " + server.id() + " takes probes through " + server.transport() + ", not SMTP");
    }
    List<Submission> answers = new ArrayList<>(probes.size());
    if (probes.isEmpty()) {
      return answers;
    }
    Session session = sessions.computeIfAbsent(server.submission(), this::newSession);
    try (Connection connection = new Connection(server, session)) {
      for (OutgoingProbe probe : probes) {
        answers.add(connection.submit(probe));
      }
    }
    return answers;
  }

  /** Stops the thread that enforces write timeouts. A Lambda function never needs to. */
  @Override
  public void close() {
    writeTimeouts.shutdownNow();
  }

  private Session newSession(SmtpEndpoint endpoint) {
    String protocol = protocol(endpoint);
    String prefix = "mail." + protocol + ".";
    Properties properties = new Properties();
    properties.put(prefix + "connectiontimeout", millis(connectTimeout));
    properties.put(prefix + "timeout", millis(readTimeout));
    properties.put(prefix + "writetimeout", millis(readTimeout));
    properties.put(prefix + "executor.writetimeout", writeTimeouts);
    properties.put(prefix + "localhost", ehloName);
    properties.put(prefix + "auth", Boolean.toString(endpoint.authenticated()));
    // The reply to QUIT tells nothing: every probe has its answer by then.
    properties.put(prefix + "quitwait", "false");
    properties.put(prefix + "ssl.socketFactory", tls);
    properties.put(prefix + "ssl.checkserveridentity", "true");
    properties.put(prefix + "ssl.protocols", "TLSv1.3 TLSv1.2");
    boolean startTls = endpoint.security() == TransportSecurity.STARTTLS;
    properties.put("mail.smtp.starttls.enable", Boolean.toString(startTls));
    properties.put("mail.smtp.starttls.required", Boolean.toString(startTls));
    if (endpoint.authenticated() && endpoint.security() == TransportSecurity.NONE) {
      LOG.warn(
          "SMTP {}:{} is set to security NONE: the credentials in secret {} travel in clear",
          endpoint.host(),
          endpoint.port(),
          endpoint.credentialsSecret());
    }
    return Session.getInstance(properties);
  }

  private static String protocol(SmtpEndpoint endpoint) {
    return endpoint.security() == TransportSecurity.SMTPS ? "smtps" : "smtp";
  }

  /**
   * The name to greet servers with: the host's name when it has a dotted one, else its address in
   * brackets. A bare IP address or a single-label name, which a Lambda host may report, is not a
   * valid EHLO argument, and strict servers refuse it.
   */
  private static String ehloName() {
    try {
      InetAddress local = InetAddress.getLocalHost();
      String name = local.getCanonicalHostName();
      if (name != null && name.indexOf('.') > 0 && !name.equals(local.getHostAddress())) {
        return name;
      }
      return local instanceof Inet6Address
          ? "[IPv6:" + local.getHostAddress() + "]"
          : "[" + local.getHostAddress() + "]";
    } catch (UnknownHostException e) {
      return "[127.0.0.1]";
    }
  }

  private static String millis(Duration duration) {
    return Long.toString(Math.min(duration.toMillis(), Integer.MAX_VALUE));
  }

  private static Duration requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, not " + value);
    }
    return value;
  }

  /** Any text on one line: multi-line messages joined with spaces. */
  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * The text of an SMTP reply without its code, on one line: {@code 250-mx01 Hello\r\n250 2.0.0 Ok}
   * gives {@code mx01 Hello 2.0.0 Ok}. The code is kept apart, in {@link Submission#replyCode()}.
   */
  private static String replyText(String reply) {
    if (reply == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(reply.length());
    for (String line : reply.strip().split("\\R")) {
      String stripped = line.strip();
      boolean coded =
          stripped.length() >= 3
              && Character.isDigit(stripped.charAt(0))
              && Character.isDigit(stripped.charAt(1))
              && Character.isDigit(stripped.charAt(2))
              && (stripped.length() == 3 || stripped.charAt(3) == ' ' || stripped.charAt(3) == '-');
      String part = coded ? stripped.substring(Math.min(4, stripped.length())).strip() : stripped;
      if (!part.isEmpty()) {
        text.append(text.length() == 0 ? "" : " ").append(part);
      }
    }
    return text.toString();
  }

  /**
   * The SMTP reply code in a failure of {@code sendMessage}, or 0 when no reply came: Angus puts
   * the code on the exception for the command that failed (MAIL FROM, RCPT TO, the end of DATA) and
   * chains it under a general {@code SendFailedException} for refused recipients. An EOF shows as
   * code -1.
   */
  private static RefusedReply refusedReply(MessagingException failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      int code = 0;
      if (cause instanceof SMTPSendFailedException) {
        code = ((SMTPSendFailedException) cause).getReturnCode();
      } else if (cause instanceof SMTPAddressFailedException) {
        code = ((SMTPAddressFailedException) cause).getReturnCode();
      } else if (cause instanceof SMTPSenderFailedException) {
        code = ((SMTPSenderFailedException) cause).getReturnCode();
      }
      if (code > 0) {
        return new RefusedReply(code, replyText(cause.getMessage()));
      }
      cause = cause.getCause();
    }
    return null;
  }

  /** Why no reply came, from the innermost cause: "Connection refused", "TLS failed: …". */
  private static String reason(Throwable failure) {
    Throwable innermost = failure;
    boolean tlsFailed = false;
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      tlsFailed |= cause instanceof SSLException;
      innermost = cause;
      cause = cause.getCause();
    }
    String message = innermost.getMessage();
    if (message == null || message.isBlank()) {
      message = innermost.getClass().getSimpleName();
    }
    if (innermost instanceof UnknownHostException) {
      message = "unknown host " + message;
    }
    if ("[EOF]".equals(message.strip())) {
      message = "the server closed the connection";
    }
    return tlsFailed ? "TLS failed: " + oneLine(message) : oneLine(message);
  }

  private record RefusedReply(int code, String reply) {}

  /** A failed answer, the same for every probe it applies to. */
  private record Failure(int code, String reply) {}

  /** The connection to one server for one round: opened on first use, once more after a drop. */
  private final class Connection implements AutoCloseable {
    private final Server server;
    private final SmtpEndpoint endpoint;
    private final Session session;
    private SMTPTransport transport;
    private int opened;
    private Failure unreachable;
    private String lossReason;

    Connection(Server server, Session session) {
      this.server = server;
      this.endpoint = server.submission();
      this.session = session;
    }

    Submission submit(OutgoingProbe probe) {
      MimeMessage message;
      try {
        message = composer.compose(probe);
      } catch (IllegalArgumentException | IllegalStateException e) {
        LOG.error(
            "route={} probe={} mail could not be built", probe.route().id(), probeId(probe), e);
        return Submission.failed(
            clock.instant(), 0, "probe mail could not be built: " + e.getMessage());
      }
      while (true) {
        if (unreachable != null) {
          return Submission.failed(clock.instant(), unreachable.code(), unreachable.reply());
        }
        if (transport == null) {
          if (opened == CONNECTIONS_PER_ROUND) {
            unreachable =
                new Failure(
                    0,
                    "connection to "
                        + address()
                        + " lost twice in this round ("
                        + lossReason
                        + "); not sent");
            continue;
          }
          if (opened > 0) {
            LOG.warn(
                "route={} probe={} connection to server {} at {} lost ({}); connecting again",
                probe.route().id(),
                probeId(probe),
                server.id(),
                address(),
                lossReason);
          }
          unreachable = open();
          continue;
        }
        Submission answer = send(probe, message);
        if (answer != null) {
          return answer;
        }
      }
    }

    /** The answer for the probe, or {@code null} when the connection was lost before one came. */
    private Submission send(OutgoingProbe probe, MimeMessage message) {
      try {
        transport.sendMessage(message, message.getAllRecipients());
        return Submission.accepted(
            clock.instant(),
            transport.getLastReturnCode(),
            replyText(transport.getLastServerResponse()));
      } catch (MessagingException e) {
        RefusedReply refused = refusedReply(e);
        if (refused == null) {
          lossReason = reason(e);
          LOG.debug(
              "route={} probe={} no reply from server {}: {}",
              probe.route().id(),
              probeId(probe),
              server.id(),
              lossReason,
              e);
          closeTransport();
          return null;
        }
        // A refusal may end the session too (421 does); find out now, not on the next probe.
        if (!transport.isConnected()) {
          lossReason = "closed by the server after " + refused.reply();
          closeTransport();
        }
        return Submission.failed(clock.instant(), refused.code(), refused.reply());
      }
    }

    /** Connects, upgrades to TLS and logs in; {@code null} when that worked, else the failure. */
    private Failure open() {
      opened++;
      if (!endpoint.authenticated()) {
        ConnectFailure failure = connect(null);
        return failure == null ? null : failure.answer();
      }
      String secret = endpoint.credentialsSecret();
      SmtpCredentials first;
      try {
        first = credentials.credentials(secret);
      } catch (RuntimeException e) {
        return credentialsUnavailable(secret, e);
      }
      ConnectFailure failure = connect(first);
      if (failure == null || !failure.authentication()) {
        return failure == null ? null : failure.answer();
      }
      credentials.forget(secret);
      SmtpCredentials fresh;
      try {
        fresh = credentials.credentials(secret);
      } catch (RuntimeException e) {
        return credentialsUnavailable(secret, e);
      }
      if (fresh.equals(first)) {
        // The same user and password again would only be refused again.
        LOG.warn(
            "server {} refused user {} from secret {}, and the secret holds no other: {}",
            server.id(),
            first.username(),
            secret,
            failure.answer().reply());
        return failure.answer();
      }
      LOG.info(
          "server {} refused user {} from secret {}; trying the credentials read again",
          server.id(),
          first.username(),
          secret);
      ConnectFailure again = connect(fresh);
      if (again != null && again.authentication()) {
        LOG.warn(
            "server {} refused user {} from secret {} again: {}",
            server.id(),
            fresh.username(),
            secret,
            again.answer().reply());
      }
      return again == null ? null : again.answer();
    }

    /** One connection attempt; {@code null} when it is open and ready for mail. */
    private ConnectFailure connect(SmtpCredentials login) {
      SMTPTransport attempt;
      try {
        attempt = (SMTPTransport) session.getTransport(protocol(endpoint));
      } catch (NoSuchProviderException e) {
        throw new IllegalStateException("Angus Mail's SMTP provider is not on the class path", e);
      }
      try {
        if (login == null) {
          attempt.connect(endpoint.host(), endpoint.port(), null, null);
        } else {
          attempt.connect(endpoint.host(), endpoint.port(), login.username(), login.password());
        }
        transport = attempt;
        LOG.debug("connected to server {} at {}", server.id(), address());
        return null;
      } catch (AuthenticationFailedException e) {
        closeQuietly(attempt);
        int code = attempt.getLastReturnCode();
        String reply = replyText(e.getMessage());
        return new ConnectFailure(
            code >= 400
                ? new Failure(code, reply)
                : new Failure(0, "login to " + address() + " failed: " + reply),
            true);
      } catch (MessagingException e) {
        closeQuietly(attempt);
        int code = attempt.getLastReturnCode();
        // A greeting that refuses (554, 421) is the server's answer; anything else had none.
        Failure answer =
            code >= 400
                ? new Failure(code, replyText(attempt.getLastServerResponse()))
                : new Failure(0, "connect to " + address() + " failed: " + reason(e));
        LOG.warn(
            "server {} takes no probes this round: {}",
            server.id(),
            answer.code() > 0 ? answer.code() + " " + answer.reply() : answer.reply());
        LOG.debug("server {}: the connection failed with", server.id(), e);
        return new ConnectFailure(answer, false);
      }
    }

    private Failure credentialsUnavailable(String secret, RuntimeException e) {
      LOG.error("server {}: the credentials in secret {} cannot be read", server.id(), secret, e);
      return new Failure(
          0, "credentials in secret " + secret + " cannot be read: " + e.getMessage());
    }

    private String address() {
      return endpoint.host() + ":" + endpoint.port();
    }

    private void closeTransport() {
      if (transport != null) {
        closeQuietly(transport);
        transport = null;
      }
    }

    @Override
    public void close() {
      closeTransport();
    }
  }

  /** The outcome of a connection attempt that failed, and whether the login was refused. */
  private record ConnectFailure(Failure answer, boolean authentication) {}

  private static String probeId(OutgoingProbe probe) {
    return probe.token().probeId();
  }

  private static void closeQuietly(SMTPTransport transport) {
    try {
      transport.close();
    } catch (MessagingException e) {
      // The connection is being given up; how its end went changes no answer.
      LOG.debug("closing the SMTP connection failed: {}", e.getMessage());
    }
  }
}
