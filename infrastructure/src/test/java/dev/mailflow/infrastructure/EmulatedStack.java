package dev.mailflow.infrastructure;

import static dev.mailflow.infrastructure.CloudFormationTemplate.map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mailflow.adapters.aws.AwsClients;
import dev.mailflow.emulator.ResourceNames;
import dev.mailflow.emulator.S3Buckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The resources of the translated template that the functions' code talks to, created in the
 * emulator through each service's own API from the template's properties: the tables with their key
 * schemas, time to live and backups, the topic and its policy, the failure queue, the bucket with
 * its protections, lifecycle and policy, the configuration parameter and the signing secret
 * generated as the template asks.
 *
 * <p>moto's CloudFormation cannot take the translated template (it fails on the Lambda resources
 * and on the alarms' ARNs), so this does per resource what CloudFormation would. Every other
 * resource type is left out, and docs/operating.md ("What the emulator does not create") lists each
 * with the reason.
 */
final class EmulatedStack {
  /** The resource types created here, in the order they are created. */
  static final List<String> CREATED_TYPES =
      List.of(
          "AWS::DynamoDB::Table",
          "AWS::SQS::Queue",
          "AWS::SQS::QueuePolicy",
          "AWS::SNS::Topic",
          "AWS::SNS::TopicPolicy",
          "AWS::S3::Bucket",
          "AWS::S3::BucketPolicy",
          "AWS::SSM::Parameter",
          "AWS::SecretsManager::Secret");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCOUNT = "123456789012";

  private final CloudFormationTemplate template;
  private final AwsClients aws;
  private final String region;
  private final Map<String, String> parameters;
  private final Map<String, String> refs = new HashMap<>();
  private final Map<String, String> arns = new HashMap<>();
  private final Set<String> created = new java.util.TreeSet<>();

  private EmulatedStack(
      CloudFormationTemplate template,
      AwsClients aws,
      String region,
      Map<String, String> parameters) {
    this.template = template;
    this.aws = aws;
    this.region = region;
    this.parameters = new LinkedHashMap<>(template.parameterDefaults());
    this.parameters.putAll(parameters);
    // A stack name of its own, so that named resources (the parameter) never meet another test's.
    this.parameters.put("AWS::StackName", ResourceNames.unique("mailflow"));
    this.parameters.put("AWS::Region", region);
    this.parameters.put("AWS::AccountId", ACCOUNT);
  }

  /** Creates the supported resources of {@code template} in the emulator {@code aws} talks to. */
  static EmulatedStack create(
      CloudFormationTemplate template,
      AwsClients aws,
      String region,
      Map<String, String> parameters) {
    EmulatedStack stack = new EmulatedStack(template, aws, region, parameters);
    for (String type : CREATED_TYPES) {
      for (String logicalId : template.resourcesOfType(type)) {
        if (stack.included(logicalId)) {
          stack.create(logicalId, type);
          stack.created.add(logicalId);
        }
      }
    }
    return stack;
  }

  /** What {@code Ref logicalId} gives in this stack: a name, ARN or URL, as CloudFormation's. */
  String ref(String logicalId) {
    String ref = refs.get(logicalId);
    if (ref == null) {
      throw new IllegalStateException(logicalId + " was not created in the emulator");
    }
    return ref;
  }

  /** The logical ids created. */
  Set<String> created() {
    return created;
  }

  /** The environment the template gives {@code function}, with this stack's names in it. */
  Map<String, String> environment(String function) {
    Map<String, Object> variables =
        map(map(template.properties(function).get("Environment")).get("Variables"));
    Map<String, String> environment = new LinkedHashMap<>();
    map(resolve(variables)).forEach((name, value) -> environment.put(name, String.valueOf(value)));
    return environment;
  }

  private boolean included(String logicalId) {
    Object condition = template.resource(logicalId).get("Condition");
    return condition == null || template.condition((String) condition, parameters);
  }

  private Object resolve(Object value) {
    return template.resolve(value, parameters, this::physical);
  }

  private String physical(String reference, String type) {
    if (type.equals("Fn::GetAtt")) {
      String resource = reference.substring(0, reference.indexOf('.'));
      String attribute = reference.substring(reference.indexOf('.') + 1);
      if (attribute.equals("Arn") && arns.containsKey(resource)) {
        return arns.get(resource);
      }
      // Resources beyond the emulator (the KMS key, the functions) are named but not created.
      return "arn:aws:stand-in:" + region + ":" + ACCOUNT + ":" + reference;
    }
    return refs.getOrDefault(
        reference, "arn:aws:stand-in:" + region + ":" + ACCOUNT + ":" + reference);
  }

  private void create(String logicalId, String type) {
    Map<String, Object> properties = map(resolve(template.properties(logicalId)));
    switch (type) {
      case "AWS::DynamoDB::Table" -> table(logicalId, properties);
      case "AWS::SQS::Queue" -> queue(logicalId, properties);
      case "AWS::SQS::QueuePolicy" -> queuePolicy(properties);
      case "AWS::SNS::Topic" -> topic(logicalId, properties);
      case "AWS::SNS::TopicPolicy" -> topicPolicy(properties);
      case "AWS::S3::Bucket" -> bucket(logicalId, properties);
      case "AWS::S3::BucketPolicy" -> bucketPolicy(properties);
      case "AWS::SSM::Parameter" -> parameter(logicalId, properties);
      case "AWS::SecretsManager::Secret" -> secret(logicalId, properties);
      default -> throw new IllegalArgumentException("not created here: " + type);
    }
  }

  private void table(String logicalId, Map<String, Object> properties) {
    String name = ResourceNames.unique(purpose(logicalId));
    List<AttributeDefinition> attributes = new ArrayList<>();
    for (Object definition : (List<?>) properties.get("AttributeDefinitions")) {
      Map<String, Object> attribute = map(definition);
      attributes.add(
          AttributeDefinition.builder()
              .attributeName((String) attribute.get("AttributeName"))
              .attributeType((String) attribute.get("AttributeType"))
              .build());
    }
    List<KeySchemaElement> keys = new ArrayList<>();
    for (Object element : (List<?>) properties.get("KeySchema")) {
      Map<String, Object> key = map(element);
      keys.add(
          KeySchemaElement.builder()
              .attributeName((String) key.get("AttributeName"))
              .keyType((String) key.get("KeyType"))
              .build());
    }
    Map<String, Object> sse = map(properties.get("SSESpecification"));
    String arn =
        aws.dynamoDb()
            .createTable(
                request ->
                    request
                        .tableName(name)
                        .billingMode((String) properties.get("BillingMode"))
                        .attributeDefinitions(attributes)
                        .keySchema(keys)
                        .sseSpecification(
                            spec ->
                                spec.enabled((Boolean) sse.get("SSEEnabled"))
                                    .sseType((String) sse.get("SSEType"))))
            .tableDescription()
            .tableArn();
    Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
    aws.dynamoDb()
        .updateTimeToLive(
            request ->
                request
                    .tableName(name)
                    .timeToLiveSpecification(
                        spec ->
                            spec.attributeName((String) ttl.get("AttributeName"))
                                .enabled((Boolean) ttl.get("Enabled"))));
    Map<String, Object> recovery = map(properties.get("PointInTimeRecoverySpecification"));
    aws.dynamoDb()
        .updateContinuousBackups(
            request ->
                request
                    .tableName(name)
                    .pointInTimeRecoverySpecification(
                        spec ->
                            spec.pointInTimeRecoveryEnabled(
                                (Boolean) recovery.get("PointInTimeRecoveryEnabled"))));
    refs.put(logicalId, name);
    arns.put(logicalId, arn);
  }

  private void queue(String logicalId, Map<String, Object> properties) {
    Map<QueueAttributeName, String> attributes = new HashMap<>();
    attributes.put(
        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
        String.valueOf(properties.get("MessageRetentionPeriod")));
    attributes.put(
        QueueAttributeName.SQS_MANAGED_SSE_ENABLED,
        String.valueOf(properties.get("SqsManagedSseEnabled")));
    String url =
        aws.sqs()
            .createQueue(
                request ->
                    request
                        .queueName(ResourceNames.unique(purpose(logicalId)))
                        .attributes(attributes))
            .queueUrl();
    String arn =
        aws.sqs()
            .getQueueAttributes(
                request -> request.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    refs.put(logicalId, url);
    arns.put(logicalId, arn);
  }

  private void topic(String logicalId, Map<String, Object> properties) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("DisplayName", (String) properties.get("DisplayName"));
    attributes.put("KmsMasterKeyId", (String) properties.get("KmsMasterKeyId"));
    String arn =
        aws.sns()
            .createTopic(
                request ->
                    request.name(ResourceNames.unique(purpose(logicalId))).attributes(attributes))
            .topicArn();
    refs.put(logicalId, arn);
    arns.put(logicalId, arn);
  }

  private void topicPolicy(Map<String, Object> properties) {
    String policy = json(properties.get("PolicyDocument"));
    for (Object topic : (List<?>) properties.get("Topics")) {
      aws.sns()
          .setTopicAttributes(
              request ->
                  request.topicArn((String) topic).attributeName("Policy").attributeValue(policy));
    }
  }

  private void bucket(String logicalId, Map<String, Object> properties) {
    String name = ResourceNames.unique(purpose(logicalId));
    S3Buckets.create(aws.s3(), name, region);
    Map<String, Object> block = map(properties.get("PublicAccessBlockConfiguration"));
    aws.s3()
        .putPublicAccessBlock(
            request ->
                request
                    .bucket(name)
                    .publicAccessBlockConfiguration(
                        c ->
                            c.blockPublicAcls((Boolean) block.get("BlockPublicAcls"))
                                .blockPublicPolicy((Boolean) block.get("BlockPublicPolicy"))
                                .ignorePublicAcls((Boolean) block.get("IgnorePublicAcls"))
                                .restrictPublicBuckets(
                                    (Boolean) block.get("RestrictPublicBuckets"))));
    Map<String, Object> ownership =
        map(((List<?>) map(properties.get("OwnershipControls")).get("Rules")).get(0));
    aws.s3()
        .putBucketOwnershipControls(
            request ->
                request
                    .bucket(name)
                    .ownershipControls(
                        c ->
                            c.rules(
                                rule ->
                                    rule.objectOwnership(
                                        ObjectOwnership.fromValue(
                                            (String) ownership.get("ObjectOwnership"))))));
    Map<String, Object> encryption =
        map(
            map(((List<?>)
                        map(properties.get("BucketEncryption"))
                            .get("ServerSideEncryptionConfiguration"))
                    .get(0))
                .get("ServerSideEncryptionByDefault"));
    aws.s3()
        .putBucketEncryption(
            request ->
                request
                    .bucket(name)
                    .serverSideEncryptionConfiguration(
                        c ->
                            c.rules(
                                rule ->
                                    rule.applyServerSideEncryptionByDefault(
                                        d ->
                                            d.sseAlgorithm(
                                                ServerSideEncryption.fromValue(
                                                    (String) encryption.get("SSEAlgorithm")))))));
    List<LifecycleRule> rules = new ArrayList<>();
    for (Object item : (List<?>) map(properties.get("LifecycleConfiguration")).get("Rules")) {
      Map<String, Object> rule = map(item);
      int abortAfter =
          Integer.parseInt(
              String.valueOf(
                  map(rule.get("AbortIncompleteMultipartUpload")).get("DaysAfterInitiation")));
      rules.add(
          LifecycleRule.builder()
              .id((String) rule.get("Id"))
              .status((String) rule.get("Status"))
              .filter(LifecycleRuleFilter.builder().prefix("").build())
              .expiration(
                  e -> e.days(Integer.parseInt(String.valueOf(rule.get("ExpirationInDays")))))
              .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(abortAfter))
              .build());
    }
    aws.s3()
        .putBucketLifecycleConfiguration(
            request ->
                request
                    .bucket(name)
                    .lifecycleConfiguration(
                        BucketLifecycleConfiguration.builder().rules(rules).build()));
    refs.put(logicalId, name);
    arns.put(logicalId, "arn:aws:s3:::" + name);
  }

  private void queuePolicy(Map<String, Object> properties) {
    String policy = json(properties.get("PolicyDocument"));
    for (Object queue : (List<?>) properties.get("Queues")) {
      aws.sqs()
          .setQueueAttributes(
              request ->
                  request
                      .queueUrl((String) queue)
                      .attributes(Map.of(QueueAttributeName.POLICY, policy)));
    }
  }

  private void bucketPolicy(Map<String, Object> properties) {
    String policy = json(properties.get("PolicyDocument"));
    aws.s3()
        .putBucketPolicy(
            request -> request.bucket((String) properties.get("Bucket")).policy(policy));
  }

  private void parameter(String logicalId, Map<String, Object> properties) {
    String name = (String) properties.get("Name");
    aws.ssm()
        .putParameter(
            request ->
                request
                    .name(name)
                    .type((String) properties.get("Type"))
                    .tier((String) properties.get("Tier"))
                    .description((String) properties.get("Description"))
                    .value((String) properties.get("Value")));
    refs.put(logicalId, name);
  }

  private void secret(String logicalId, Map<String, Object> properties) {
    Map<String, Object> generate = map(properties.get("GenerateSecretString"));
    String generated =
        aws.secretsManager()
            .getRandomPassword(
                request ->
                    request
                        .passwordLength(((Number) generate.get("PasswordLength")).longValue())
                        .excludePunctuation((Boolean) generate.get("ExcludePunctuation")))
            .randomPassword();
    Map<String, Object> value;
    try {
      value =
          new LinkedHashMap<>(
              map(JSON.readValue((String) generate.get("SecretStringTemplate"), Map.class)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SecretStringTemplate of " + logicalId + " is not JSON", e);
    }
    value.put((String) generate.get("GenerateStringKey"), generated);
    String secretString = json(value);
    String arn =
        aws.secretsManager()
            .createSecret(
                request ->
                    request
                        .name(ResourceNames.unique(purpose(logicalId)))
                        .description((String) properties.get("Description"))
                        .secretString(secretString))
            .arn();
    refs.put(logicalId, arn);
    arns.put(logicalId, arn);
  }

  private static String purpose(String logicalId) {
    return logicalId.toLowerCase(Locale.ROOT);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
