package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.mailflow.adapters.config.RefusedDocumentException;
import dev.mailflow.adapters.config.S3ObjectAddress;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.testsupport.CountingInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What the functions rely on {@link S3ObjectDocument} for when their configuration document is an
 * S3 object, against a real S3 API: {@link S3ObjectDocumentIT} runs it on moto, {@link
 * S3ObjectDocumentLocalStackIT} on LocalStack. The calls are counted, since an unchanged document
 * must not be downloaded again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3ObjectDocumentContract {

  private static final String DOCUMENT =
      "sender: mailflow@contoso.se\n"
          + "servers: [{id: MX01, host: mx01.contoso.se}, {id: MX02, host: mx02.contoso.se}]\n"
          + "routes: [{source: MX01, target: MX02, recipient: probe@mx02.contoso.se}]\n";

  private final CountingInterceptor calls = new CountingInterceptor();

  /** The HTTP status of each answer, to tell a 304 from a download. */
  private final List<Integer> statuses = new CopyOnWriteArrayList<>();

  private final ExecutionInterceptor statusRecorder =
      new ExecutionInterceptor() {
        @Override
        public void afterTransmission(
            Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
          statuses.add(context.httpResponse().statusCode());
        }
      };

  private AwsClients clients;
  private String bucket;

  @BeforeAll
  void createBucket(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment(), List.of(calls, statusRecorder));
    bucket = ResourceNames.unique("configuration");
    S3Buckets.create(clients.s3(), bucket, endpoint.region());
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void forgetSetUpCalls() {
    calls.reset();
  }

  private S3ObjectAddress put(String key, byte[] bytes) {
    clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    calls.reset();
    return new S3ObjectAddress(bucket, key);
  }

  private String eTag(String key) {
    return clients.s3().headObject(r -> r.bucket(bucket).key(key)).eTag();
  }

  private S3ObjectAddress put(String key, String text) {
    return put(key, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void get_readsTheObjectsText() {
    S3ObjectAddress object = put("mailflow/configuration.yaml", DOCUMENT);

    assertThat(new S3ObjectDocument(clients.s3(), object).get()).isEqualTo(DOCUMENT);
  }

  @Test
  void get_unchangedObject_isAskedForConditionally_andNotDownloadedAgain() {
    S3ObjectAddress object = put("unchanged.yaml", DOCUMENT);
    S3ObjectDocument document = new S3ObjectDocument(clients.s3(), object);
    document.get();
    calls.reset();
    statuses.clear();

    String again = document.get();

    assertThat(again).isEqualTo(DOCUMENT);
    assertThat(calls.counts()).containsExactly(entry("GetObject", 1));
    assertThat(statuses).containsExactly(304);
  }

  @Test
  void get_changedObject_readsTheNewText() {
    S3ObjectAddress object = put("changed.yaml", DOCUMENT);
    S3ObjectDocument document = new S3ObjectDocument(clients.s3(), object);
    document.get();

    put("changed.yaml", DOCUMENT + "# a comment\n");

    assertThat(document.get()).endsWith("# a comment\n");
  }

  @Test
  void get_missingObject_failsNamingIt() {
    S3ObjectAddress object = new S3ObjectAddress(bucket, "never-stored.yaml");

    assertThatThrownBy(() -> new S3ObjectDocument(clients.s3(), object).get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("S3 object s3://" + bucket + "/never-stored.yaml cannot be read: ")
        .hasMessageContaining("no such object");
  }

  @Test
  void get_missingBucket_failsNamingIt() {
    S3ObjectAddress object = new S3ObjectAddress(ResourceNames.unique("no-such-bucket"), "m.yaml");

    assertThatThrownBy(() -> new S3ObjectDocument(clients.s3(), object).get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no such bucket");
  }

  @Test
  void get_objectOverTheLimit_isRefused() {
    S3ObjectAddress object = put("large.yaml", "x".repeat(101));

    assertThatThrownBy(() -> new S3ObjectDocument(clients.s3(), object, 100).get())
        .isInstanceOfSatisfying(
            RefusedDocumentException.class,
            refused -> assertThat(refused.version()).isEqualTo(eTag("large.yaml")))
        .hasMessage(
            "S3 object s3://"
                + bucket
                + "/large.yaml is 101 bytes, more than the 100 a configuration document may have");
  }

  @Test
  void get_objectThatIsNotUtf8_isRefused() {
    S3ObjectAddress object = put("latin1.yaml", new byte[] {'s', ':', ' ', (byte) 0xE9, '\n'});

    assertThatThrownBy(() -> new S3ObjectDocument(clients.s3(), object).get())
        .isInstanceOfSatisfying(
            RefusedDocumentException.class,
            refused -> assertThat(refused.version()).isEqualTo(eTag("latin1.yaml")))
        .hasMessage("S3 object s3://" + bucket + "/latin1.yaml is not UTF-8 text");
  }
}
