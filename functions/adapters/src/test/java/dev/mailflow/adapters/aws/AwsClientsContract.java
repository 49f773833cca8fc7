package dev.mailflow.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.mailflow.emulator.AwsEndpoint;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import dev.mailflow.emulator.SubscriberQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.sesv2.model.IdentityType;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * What every function relies on {@link AwsClients} for, proved against an emulator: each client
 * reaches the endpoint it is given and does the one thing the functions use it for.
 *
 * <p>The emulator comes from the subclass's extension, as an {@link AwsEndpoint} parameter: {@link
 * AwsClientsIT} runs this against moto, {@link AwsClientsLocalStackIT} against LocalStack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AwsClientsContract {

  /** Built once, as the stores will build theirs: bean introspection is slow on a cold start. */
  private static final TableSchema<ProbeRow> PROBE_ROWS =
      StaticTableSchema.builder(ProbeRow.class)
          .newItemSupplier(ProbeRow::new)
          .addAttribute(
              String.class,
              a ->
                  a.name("route")
                      .getter(ProbeRow::getRoute)
                      .setter(ProbeRow::setRoute)
                      .tags(primaryPartitionKey()))
          .addAttribute(
              String.class,
              a ->
                  a.name("sentAt")
                      .getter(ProbeRow::getSentAt)
                      .setter(ProbeRow::setSentAt)
                      .tags(primarySortKey()))
          .addAttribute(
              String.class,
              a -> a.name("state").getter(ProbeRow::getState).setter(ProbeRow::setState))
          .build();

  private AwsEndpoint endpoint;
  private AwsClients clients;

  @BeforeAll
  void connect(AwsEndpoint endpoint) {
    this.endpoint = endpoint;
    this.clients = AwsClients.forEnvironment(endpoint.environment());
  }

  @AfterAll
  void close() {
    clients.close();
  }

  @Test
  void enhancedClient_putThenGet_returnsTheStoredItem() {
    DynamoDbTable<ProbeRow> table =
        DynamoDbEnhancedClient.builder()
            .dynamoDbClient(clients.dynamoDb())
            .build()
            .table(ResourceNames.unique("probes"), PROBE_ROWS);
    table.createTable();
    try (DynamoDbWaiter waiter = clients.dynamoDb().waiter()) {
      waiter.waitUntilTableExists(request -> request.tableName(table.tableName()));
    }
    ProbeRow sent = new ProbeRow("mx02-to-mx01", "2006-05-12T12:19:01Z", "SENT");

    table.putItem(sent);
    ProbeRow read =
        table.getItem(
            Key.builder().partitionValue("mx02-to-mx01").sortValue("2006-05-12T12:19:01Z").build());

    assertThat(read).usingRecursiveComparison().isEqualTo(sent);
  }

  @Test
  void s3_atAnIpAddressEndpoint_storesAndReturnsObjectsPathStyle() {
    // A virtual-hosted request would go to <bucket>.127.0.0.1, which resolves nowhere.
    assertThat(endpoint.endpoint().getHost()).matches("[0-9.]+");
    String bucket = ResourceNames.unique("inbound-mail");
    String mail = "Subject: probe\r\n\r\nmx02-to-mx01\r\n";
    S3Buckets.create(clients.s3(), bucket, endpoint.region());

    clients
        .s3()
        .putObject(r -> r.bucket(bucket).key("raw/probe-1.eml"), RequestBody.fromString(mail));
    String read =
        clients.s3().getObjectAsBytes(r -> r.bucket(bucket).key("raw/probe-1.eml")).asUtf8String();

    assertThat(read).isEqualTo(mail);
  }

  @Test
  void publish_withFilterPolicy_deliversOnlyMatchingNotices() {
    String topicArn =
        clients.sns().createTopic(r -> r.name(ResourceNames.unique("alerts"))).topicArn();
    SubscriberQueue pager =
        SubscriberQueue.create(clients.sqs(), ResourceNames.unique("pager"))
            .subscribeTo(clients.sns(), topicArn, true, "{\"severity\": [\"critical\"]}");

    publish(topicArn, "route mx02-to-mx01 is slow", "warning");
    publish(topicArn, "route mx02-to-mx01 is failing", "critical");
    List<Message> delivered = receiveAll(pager);

    assertThat(delivered)
        .singleElement()
        .satisfies(
            message -> {
              assertThat(message.body()).isEqualTo("route mx02-to-mx01 is failing");
              assertThat(message.messageAttributes().get("severity").stringValue())
                  .isEqualTo("critical");
              assertThat(message.messageAttributes().get("route").stringValue())
                  .isEqualTo("mx02-to-mx01");
            });
  }

  @Test
  void ssm_putSecureStringThenGet_returnsTheDecryptedValue() {
    String name = "/" + ResourceNames.unique("mailflow") + "/smtp/host";

    clients
        .ssm()
        .putParameter(
            r -> r.name(name).type(ParameterType.SECURE_STRING).value("mx01.example.org"));
    String read =
        clients.ssm().getParameter(r -> r.name(name).withDecryption(true)).parameter().value();

    assertThat(read).isEqualTo("mx01.example.org");
  }

  @Test
  void secretsManager_createThenGet_returnsTheSecretString() {
    String name = ResourceNames.unique("smtp-credentials");
    String secret = "{\"username\":\"probe@example.org\",\"password\":\"not-a-real-one\"}";

    clients.secretsManager().createSecret(r -> r.name(name).secretString(secret));
    String read = clients.secretsManager().getSecretValue(r -> r.secretId(name)).secretString();

    assertThat(read).isEqualTo(secret);
  }

  @Test
  void sesV2_createEmailIdentity_thenFindsIt() {
    String domain = ResourceNames.unique("probes") + ".example.org";

    clients.sesV2().createEmailIdentity(r -> r.emailIdentity(domain));
    IdentityType type =
        clients.sesV2().getEmailIdentity(r -> r.emailIdentity(domain)).identityType();

    assertThat(type).isEqualTo(IdentityType.DOMAIN);
  }

  private void publish(String topicArn, String message, String severity) {
    clients
        .sns()
        .publish(
            r ->
                r.topicArn(topicArn)
                    .message(message)
                    .messageAttributes(
                        Map.of("severity", text(severity), "route", text("mx02-to-mx01"))));
  }

  /**
   * Everything the queue receives until it has been quiet for a second after the first message: a
   * notice the filter let through by mistake would arrive with the expected one.
   */
  private static List<Message> receiveAll(SubscriberQueue queue) {
    return queue.receiveUntilQuiet(Duration.ofSeconds(10));
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** A row shaped like a probe record: route, time sent, state. */
  static final class ProbeRow {
    private String route;
    private String sentAt;
    private String state;

    ProbeRow() {}

    ProbeRow(String route, String sentAt, String state) {
      this.route = route;
      this.sentAt = sentAt;
      this.state = state;
    }

    String getRoute() {
      return route;
    }

    void setRoute(String route) {
      this.route = route;
    }

    String getSentAt() {
      return sentAt;
    }

    void setSentAt(String sentAt) {
      this.sentAt = sentAt;
    }

    String getState() {
      return state;
    }

    void setState(String state) {
      this.state = state;
    }
  }
}
