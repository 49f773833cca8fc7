package dev.mailflow.benchmarks;

import java.time.LocalDate;

/**
 * The AWS prices the cost of a route is worked out with: the one place to change them.
 *
 * <p>Public list prices in US East (N. Virginia) as of {@link #PRICES_AS_OF}, on-demand, without
 * the free tier and without volume discounts; each constant names its unit. The deploy guide
 * (docs/operating.md, "What a route costs") quotes this table; change both together.
 */
final class PriceList {
  /** The day these prices were read from the AWS price pages. */
  static final LocalDate PRICES_AS_OF = LocalDate.parse("2026-12-05");

  /** The region they hold for. */
  static final String REGION = "us-east-1";

  // SES: a mail received, and each 256 KB started of it ("incoming mail chunk"); a probe mail, a
  // few KB, is one chunk.
  static final double SES_PER_MAIL_RECEIVED = 0.10 / 1_000;
  static final double SES_PER_CHUNK_RECEIVED = 0.09 / 1_000;

  /** SES sending, per mail: probes go out over SMTP through the organisation's servers instead. */
  static final double SES_PER_MAIL_SENT = 0.10 / 1_000;

  // DynamoDB on demand: a write request unit (1 KB), a read request unit (4 KB, strongly
  // consistent; an eventually consistent read costs half).
  static final double DYNAMODB_PER_WRITE_UNIT = 0.625 / 1_000_000;
  static final double DYNAMODB_PER_READ_UNIT = 0.125 / 1_000_000;

  // Lambda, arm64 as the template deploys it.
  static final double LAMBDA_PER_REQUEST = 0.20 / 1_000_000;
  static final double LAMBDA_PER_GB_SECOND_ARM64 = 0.0000133334;

  // S3 Standard.
  static final double S3_PER_PUT = 0.005 / 1_000;
  static final double S3_PER_GET = 0.0004 / 1_000;

  static final double SNS_PER_PUBLISH = 0.50 / 1_000_000;
  static final double SQS_PER_REQUEST = 0.40 / 1_000_000;

  // CloudWatch: log ingestion, and each custom metric (a name with one set of dimension values) an
  // EMF line creates, for the first 10,000 metrics.
  static final double LOGS_PER_GB_INGESTED = 0.50;
  static final double METRIC_PER_MONTH = 0.30;
  static final double ALARM_PER_MONTH = 0.10;
  static final double DASHBOARD_PER_MONTH = 3.00;

  // Secrets Manager and KMS.
  static final double SECRET_PER_MONTH = 0.40;
  static final double SECRETS_PER_CALL = 0.05 / 10_000;
  static final double KMS_KEY_PER_MONTH = 1.00;
  static final double KMS_PER_REQUEST = 0.03 / 10_000;

  /** EventBridge Scheduler, per scheduled invocation. */
  static final double SCHEDULER_PER_INVOCATION = 1.00 / 1_000_000;

  /** Systems Manager Parameter Store, standard parameter and throughput: no charge. */
  static final double SSM_PER_CALL = 0.0;

  private PriceList() {}
}
