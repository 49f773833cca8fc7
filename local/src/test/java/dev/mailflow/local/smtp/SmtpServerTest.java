package dev.mailflow.local.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpServerTest {
  private final RecordingIntake intake = new RecordingIntake();
  private SmtpServer server;

  @BeforeEach
  void listen() {
    server = new SmtpServer("test", intake);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void session_greetsTakesAMailAndSaysGoodbye() throws IOException {
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      assertThat(client.reply()).startsWith("220 mx.test.example");
      assertThat(client.send("EHLO client.example")).isEqualTo("250 ENHANCEDSTATUSCODES");
      assertThat(client.send("MAIL FROM:<a@client.example> SIZE=100")).startsWith("250");
      assertThat(client.send("RCPT TO:<b@mx.test.example>")).startsWith("250");
      assertThat(client.send("DATA")).startsWith("354");
      client.write("Subject: hello");
      client.write("");
      client.write("body");
      assertThat(client.send(".")).isEqualTo("250 2.0.0 Ok: queued as Q1");
      assertThat(client.send("QUIT")).startsWith("221");
    }
    assertThat(intake.envelopes())
        .singleElement()
        .satisfies(
            envelope -> {
              assertThat(envelope.clientName()).isEqualTo("client.example");
              assertThat(envelope.sender()).isEqualTo("a@client.example");
              assertThat(envelope.recipients()).containsExactly("b@mx.test.example");
            });
    assertThat(intake.contents()).containsExactly("Subject: hello\r\n\r\nbody\r\n");
  }

  @Test
  void mailFrom_refusedByTheIntake_getsItsReply_andStartsNoTransaction() throws IOException {
    intake.refuseSenders(SmtpReply.of(554, "5.7.1 <a@client.example>: Access denied"));
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      client.send("EHLO client.example");

      assertThat(client.send("MAIL FROM:<a@client.example>"))
          .isEqualTo("554 5.7.1 <a@client.example>: Access denied");
      assertThat(client.send("RCPT TO:<b@mx.test.example>")).startsWith("503 5.5.1");
    }
    assertThat(intake.envelopes()).isEmpty();
  }

  @Test
  void aServerThatDoesNotAnswer_takesTheConnectionButSendsNoGreeting() throws IOException {
    intake.beSilent();
    try (RawSmtpClient client = new RawSmtpClient(server.port(), 300)) {
      assertThatThrownBy(client::reply).isInstanceOf(java.net.SocketTimeoutException.class);
    }
  }

  @Test
  void data_removesTheDotAClientDoubledAtTheStartOfALine() throws IOException {
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      client.send("HELO client.example");
      client.send("MAIL FROM:<>");
      client.send("RCPT TO:<b@mx.test.example>");
      client.send("DATA");
      client.write("..leading dot");
      client.write("...");
      client.write("no dot.");
      client.send(".");
    }
    assertThat(intake.contents()).containsExactly(".leading dot\r\n..\r\nno dot.\r\n");
  }

  @Test
  void commandsOutOfOrder_areRefusedWith503AndChangeNothing() throws IOException {
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      assertThat(client.send("MAIL FROM:<a@client.example>")).startsWith("503 5.5.1");
      client.send("EHLO client.example");
      assertThat(client.send("RCPT TO:<b@mx.test.example>")).startsWith("503 5.5.1");
      assertThat(client.send("DATA")).startsWith("503 5.5.1");
      client.send("MAIL FROM:<a@client.example>");
      assertThat(client.send("MAIL FROM:<a@client.example>")).startsWith("503 5.5.1");
      assertThat(client.send("DATA")).startsWith("554 5.5.1");
    }
    assertThat(intake.envelopes()).isEmpty();
  }

  @Test
  void badSyntaxAndUnknownCommands_areRefused() throws IOException {
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      assertThat(client.send("EHLO")).startsWith("501");
      client.send("EHLO client.example");
      assertThat(client.send("MAIL FROM:a@client.example")).startsWith("501");
      assertThat(client.send("MAIL FROM:<a@client.example> FOO=BAR")).startsWith("555");
      assertThat(client.send("MAIL FROM:<a@client.example> SIZE=999999999")).startsWith("552");
      assertThat(client.send("STARTTLS")).startsWith("502");
      assertThat(client.send("NOOP")).startsWith("250");
      assertThat(client.send("VRFY postmaster")).startsWith("252");
    }
  }

  @Test
  void rset_forgetsTheTransactionSoFar() throws IOException {
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      client.send("EHLO client.example");
      client.send("MAIL FROM:<a@client.example>");
      client.send("RCPT TO:<b@mx.test.example>");
      assertThat(client.send("RSET")).startsWith("250");
      assertThat(client.send("DATA")).startsWith("503");
      client.send("MAIL FROM:<c@client.example>");
      client.send("RCPT TO:<d@mx.test.example>");
      client.send("DATA");
      client.write("x");
      client.send(".");
    }
    assertThat(intake.envelopes())
        .singleElement()
        .satisfies(e -> assertThat(e.sender()).isEqualTo("c@client.example"));
  }

  @Test
  void recipientRefusedByTheIntake_isAnsweredAsItSays_andLeftOutOfTheEnvelope() throws IOException {
    intake.refuse("later@mx.test.example", SmtpReply.of(451, "4.7.1 Greylisted"));
    try (RawSmtpClient client = new RawSmtpClient(server.port())) {
      client.reply();
      client.send("EHLO client.example");
      client.send("MAIL FROM:<a@client.example>");
      assertThat(client.send("RCPT TO:<later@mx.test.example>")).isEqualTo("451 4.7.1 Greylisted");
      assertThat(client.send("RCPT TO:<now@mx.test.example>")).startsWith("250");
      client.send("DATA");
      client.write("x");
      client.send(".");
    }
    assertThat(intake.envelopes().get(0).recipients()).containsExactly("now@mx.test.example");
  }

  @Test
  void stop_refusesConnections_andStartListensOnTheSamePortAgain() throws IOException {
    int port = server.port();

    server.stop();

    assertThat(server.isListening()).isFalse();
    assertThatThrownBy(() -> new RawSmtpClient(port)).isInstanceOf(ConnectException.class);
    server.start();
    assertThat(server.port()).isEqualTo(port);
    try (RawSmtpClient client = new RawSmtpClient(port)) {
      assertThat(client.reply()).startsWith("220");
    }
  }

  @Test
  void stop_whileItWaitsForTheNextConnection_refusesConnectionsAtOnce() throws IOException {
    // Closing a socket a thread is blocked accepting on used to leave a moment in which the system
    // still completed connections: a server just shut down could take a mail. Many tries make the
    // moment likely to be hit, were it back.
    for (int i = 0; i < 100; i++) {
      SmtpServer another = new SmtpServer("again", intake);
      another.start();
      try (RawSmtpClient client = new RawSmtpClient(another.port())) {
        assertThat(client.reply()).startsWith("220");
        client.send("QUIT");
      }
      int port = another.port();

      another.stop();

      assertThatThrownBy(() -> new RawSmtpClient(port).close())
          .isInstanceOf(ConnectException.class);
      another.close();
    }
  }

  @Test
  void jakartaMail_submitsAMailAsTheSendFunctionDoes() throws Exception {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", "127.0.0.1");
    properties.put("mail.smtp.port", Integer.toString(server.port()));
    properties.put("mail.smtp.localhost", "monitor.example");
    Session session = Session.getInstance(properties);
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("mailflow@monitor.example"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress("probe@mx.test.example"));
    message.setSubject("probe");
    message.setText(".a line that starts with a dot\n.\nend");

    Transport.send(message);

    assertThat(intake.envelopes())
        .singleElement()
        .satisfies(e -> assertThat(e.recipients()).containsExactly("probe@mx.test.example"));
    assertThat(intake.contents().get(0))
        .contains("Subject: probe")
        .endsWith("\r\n.a line that starts with a dot\r\n.\r\nend\r\n");
  }
}
