package dev.mailflow.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailflow.testsupport.ScriptedSmtpServer.Reply;
import dev.mailflow.testsupport.ScriptedSmtpServer.Stage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted server as a raw client sees it: the replies it promises, and what it keeps. */
class ScriptedSmtpServerTest {

  @Test
  void aStandardConversation_isAcceptedAndTheMailKeptWithoutDotStuffing() throws IOException {
    try (ScriptedSmtpServer server = ScriptedSmtpServer.builder().start();
        Client client = new Client(server)) {
      List<String> replies = new ArrayList<>();
      replies.add(client.read());
      replies.add(client.send("EHLO client.test"));
      replies.add(client.send("MAIL FROM:<a@contoso.se>"));
      replies.add(client.send("RCPT TO:<b@contoso.se>"));
      replies.add(client.send("DATA"));
      replies.add(client.send("Subject: x\r\n\r\n..leading dot\r\n."));

      assertThat(replies)
          .containsExactly(
              "220 scripted.test ESMTP scripted",
              "250 8BITMIME",
              "250 2.1.0 Ok",
              "250 2.1.5 Ok",
              "354 End data with <CR><LF>.<CR><LF>",
              "250 2.0.0 Ok: queued as Q1x1");
      assertThat(server.connections()).isEqualTo(1);
      assertThat(server.mails())
          .singleElement()
          .satisfies(
              mail -> {
                assertThat(mail.from()).isEqualTo("a@contoso.se");
                assertThat(mail.recipients()).containsExactly("b@contoso.se");
                assertThat(new String(mail.content(), StandardCharsets.US_ASCII))
                    .isEqualTo("Subject: x\r\n\r\n.leading dot\r\n");
              });
    }
  }

  @Test
  void aScriptedRefusal_isSentAndNothingKept() throws IOException {
    try (ScriptedSmtpServer server =
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MAIL ? Reply.with("554 5.7.1 No") : Reply.standard())
                .start();
        Client client = new Client(server)) {
      client.read();
      client.send("EHLO client.test");

      assertThat(client.send("MAIL FROM:<a@contoso.se>")).isEqualTo("554 5.7.1 No");
      assertThat(server.mails()).isEmpty();
    }
  }

  @Test
  void aScriptedDrop_closesTheConnectionWithoutAReply() throws IOException {
    try (ScriptedSmtpServer server =
            ScriptedSmtpServer.builder()
                .script(
                    (stage, connection, mail) ->
                        stage == Stage.MAIL ? Reply.drop() : Reply.standard())
                .start();
        Client client = new Client(server)) {
      client.read();
      client.send("EHLO client.test");

      assertThat(client.send("MAIL FROM:<a@contoso.se>")).isNull();
    }
  }

  /** Reads the last line of each reply, which carries the final code. */
  private static final class Client implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Client(ScriptedSmtpServer server) throws IOException {
      socket = new Socket(server.host(), server.port());
      socket.setSoTimeout(5000);
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      out = socket.getOutputStream();
    }

    String send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read();
    }

    String read() throws IOException {
      String line = in.readLine();
      while (line != null && line.length() > 3 && line.charAt(3) == '-') {
        line = in.readLine();
      }
      return line;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
