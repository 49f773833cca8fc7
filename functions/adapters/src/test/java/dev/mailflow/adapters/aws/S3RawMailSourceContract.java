package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.mailflow.adapters.mail.RawMail;
import dev.mailflow.domain.probe.StoreException;
import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.testsupport.CountingInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What the receive function relies on {@link S3RawMailSource} for, against a real S3 API: {@link
 * S3RawMailSourceIT} runs it on moto, {@link S3RawMailSourceLocalStackIT} on LocalStack. Every test
 * counts the S3 calls, since never downloading an oversized mail is the point.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3RawMailSourceContract {

  private static final int LIMIT = 4096;
  private static final byte[] MAIL =
      "Subject: probe\r\nX-Mailflow-Probe: v1.k.r.1.n\r\n\r\nbody\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final CountingInterceptor calls = new CountingInterceptor();
  private AwsClients clients;
  private String bucket;
  private S3RawMailSource source;

  @BeforeAll
  void createBucket(AwsEndpoint endpoint) {
    clients = AwsClients.forEnvironment(endpoint.environment(), List.of(calls));
    bucket = ResourceNames.unique("inbound-mail");
    S3Buckets.create(clients.s3(), bucket, endpoint.region());
    source = new S3RawMailSource(clients.s3(), LIMIT);
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @BeforeEach
  void forgetSetUpCalls() {
    calls.reset();
  }

  private void put(String key, byte[] bytes) {
    clients.s3().putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    calls.reset();
  }

  private static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) 'x');
    return bytes;
  }

  @Test
  void read_mailOfKnownSize_isOneGetObject() {
    put("inbound/known", MAIL);

    RawMail read = source.read(bucket, "inbound/known", OptionalLong.of(MAIL.length));

    assertThat(read).isInstanceOf(RawMail.Found.class);
    assertThat(((RawMail.Found) read).bytes()).isEqualTo(MAIL);
    assertThat(calls.counts()).containsExactly(entry("GetObject", 1));
  }

  @Test
  void read_mailOfUnknownSize_asksTheSizeFirst() {
    put("inbound/unknown size", MAIL);

    RawMail read = source.read(bucket, "inbound/unknown size", OptionalLong.empty());

    assertThat(((RawMail.Found) read).bytes()).isEqualTo(MAIL);
    assertThat(calls.counts()).containsExactly(entry("GetObject", 1), entry("HeadObject", 1));
  }

  @Test
  void read_mailExactlyAtTheLimit_isRead() {
    put("inbound/at-limit", bytes(LIMIT));

    RawMail read = source.read(bucket, "inbound/at-limit", OptionalLong.empty());

    assertThat(((RawMail.Found) read).bytes()).hasSize(LIMIT);
  }

  @Test
  void read_mailOverTheLimit_isOversizedWithoutGetObject() {
    put("inbound/huge", bytes(LIMIT + 1));

    RawMail read = source.read(bucket, "inbound/huge", OptionalLong.empty());

    assertThat(read).isEqualTo(new RawMail.Oversized(LIMIT + 1, LIMIT));
    assertThat(calls.counts()).containsExactly(entry("HeadObject", 1));
  }

  @Test
  void read_sizeFromTheEventOverTheLimit_makesNoCallAtAll() {
    RawMail read = source.read(bucket, "inbound/whatever", OptionalLong.of(LIMIT + 1));

    assertThat(read).isInstanceOf(RawMail.Oversized.class);
    assertThat(calls.total()).isZero();
  }

  @Test
  void read_objectLargerThanItsEventSaid_downloadsOnlyTheLimitPlusOneByte() {
    put("inbound/grown", bytes(3 * LIMIT));

    RawMail read = source.read(bucket, "inbound/grown", OptionalLong.of(100));

    assertThat(read).isEqualTo(new RawMail.Oversized(LIMIT + 1, LIMIT));
  }

  @Test
  void read_emptyObject_isFoundEmpty() {
    put("inbound/empty", new byte[0]);

    RawMail read = source.read(bucket, "inbound/empty", OptionalLong.empty());

    assertThat(((RawMail.Found) read).bytes()).isEmpty();
  }

  @Test
  void read_missingObject_isMissing() {
    assertThat(source.read(bucket, "inbound/never-stored", OptionalLong.empty()))
        .isEqualTo(new RawMail.Missing("no object s3://" + bucket + "/inbound/never-stored"));
    assertThat(source.read(bucket, "inbound/never-stored", OptionalLong.of(10)))
        .isInstanceOf(RawMail.Missing.class);
  }

  @Test
  void read_missingBucket_isAFailureNotWorthRetrying() {
    String noBucket = ResourceNames.unique("no-such-bucket");

    assertThatThrownBy(() -> source.read(noBucket, "inbound/m", OptionalLong.of(10)))
        .isInstanceOfSatisfying(
            StoreException.class, failure -> assertThat(failure.isTransient()).isFalse())
        .hasMessageContaining("GetObject of s3://" + noBucket + "/inbound/m failed");
  }
}
