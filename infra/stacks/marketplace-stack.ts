import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { defaultFunction, type FunctionName, functionNames, routePrefixes } from '../../shared/routing';
import { ApiFunction } from '../constructs/api-function';
import { MarketplaceHttpApi } from '../constructs/http-api';
import { PrivateBucket } from '../constructs/private-bucket';
import { SingleTable } from '../constructs/single-table';
import { type CustomDomain, SiteDistribution } from '../constructs/site-distribution';
import { StripeSecret } from '../constructs/stripe-secret';
import { MarketplaceUserPool } from '../constructs/user-pool';
import { arnInFinding } from '../nag';

export interface MarketplaceStackProps extends StackProps {
  /** Folder with `assets/` and `openapi.json` (built by `npm run build:static`). */
  readonly staticAssetsPath: string;
  readonly cognitoDomainPrefix: string;
  /** Without one the site is served on its `*.cloudfront.net` name. */
  readonly customDomain?: CustomDomain;
  /** An existing CLOUDFRONT-scope WAF web ACL to put in front of the site. */
  readonly webAclArn?: string;
  /**
   * The bare address notifications are emailed from (`no-reply@example.gov.uk`). Its domain, or the
   * address itself, must be a verified SES identity in the stack's account and region.
   */
  readonly notificationsFrom: string;
  /** A postcodes.io-compatible API for the catalogue's postcode search; defaults to postcodes.io. */
  readonly postcodesApiUrl?: string;
}

type MarketplaceFunctionName = FunctionName | 'jobs' | 'notifications';

const descriptions: Record<MarketplaceFunctionName, string> = {
  applications: 'Front door, sign-in and provider applications to join a framework',
  catalogue: 'Activities and sessions: search, provider listings, OpenActive feeds',
  checkout: 'Bookings and Stripe payments, including webhooks',
  jobs: 'Scheduled jobs: hold expiry and refunds every 5 minutes; compliance sweep and catalogue refresh daily',
  notifications: 'Emails each notification written to the outbox, read from the table stream',
};

const bareAddress = /^[^\s@<>"]+@([^\s@<>"]+\.[^\s@<>"]+)$/;

/** The domain of the from-address, refusing display names and anything else SES would not take. */
function domainOf(address: string): string {
  const domain = bareAddress.exec(address)?.[1];
  if (!domain) {
    throw new Error(
      `notificationsFrom must be a bare email address such as no-reply@example.gov.uk; got "${address}".`,
    );
  }
  return domain;
}

const constructId = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** Deployment order: table, buckets, user pool, API, CloudFront, app client, functions, routes. */
export class MarketplaceStack extends Stack {
  readonly functions: Readonly<Record<MarketplaceFunctionName, NodejsFunction>>;
  readonly evidenceBucket: PrivateBucket;
  /** Where the stream mapping records batches of notifications it gave up on (shard and sequence numbers). */
  readonly notificationsFailed: Queue;
  /** Stripe's keys, read by the checkout and jobs functions only. */
  readonly stripeSecret: StripeSecret;

  constructor(scope: Construct, id: string, props: MarketplaceStackProps) {
    super(scope, id, props);
    // Checked before anything is built, so a wrong address fails in a second, not after bundling.
    const notificationsDomain = domainOf(props.notificationsFrom);

    const table = new SingleTable(this, 'Table');

    const logsBucket = new PrivateBucket(this, 'LogsBucket', {
      // CloudFront standard logging writes with ACLs, which BUCKET_OWNER_ENFORCED turns off.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });

    this.evidenceBucket = new PrivateBucket(this, 'EvidenceBucket', {
      // Evidence (insurance, DBS, safeguarding certificates) backs approval decisions: keep every version.
      versioned: true,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: 'evidence-bucket/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        // Browsers upload here first; the applications function copies files it has checked to
        // evidence/, so anything left under uploads/ (refused or abandoned) can go after a day.
        { prefix: 'uploads/', expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
    });

    const users = new MarketplaceUserPool(this, 'Users', { domainPrefix: props.cognitoDomainPrefix });
    const httpApi = new MarketplaceHttpApi(this, 'HttpApi');
    const site = new SiteDistribution(this, 'Site', {
      apiDomainName: httpApi.originDomainName,
      staticAssetsPath: props.staticAssetsPath,
      logsBucket,
      customDomain: props.customDomain,
      webAclArn: props.webAclArn,
    });
    // The client depends on the distribution (its callback URL) and the functions on the client (its
    // id), while the distribution depends on the API resource only, not on its routes: no cycle.
    const webClient = users.addWebClient(site.publicOrigin);

    const baseEnvironment = { TABLE_NAME: table.tableName, LOG_LEVEL: 'info' };
    const webEnvironment = {
      ...baseEnvironment,
      AUTH_ISSUER: users.issuer,
      AUTH_AUDIENCE: webClient.userPoolClientId,
      AUTH_JWKS_URL: users.jwksUrl,
      COGNITO_DOMAIN_URL: users.domainUrl,
    };

    const addFunction = (
      name: MarketplaceFunctionName,
      environment: Record<string, string>,
      timeout?: Duration,
    ) => {
      const fn = new ApiFunction(this, constructId(name), {
        entry: fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url)),
        description: descriptions[name],
        environment,
        timeout,
      });
      table.grantItemAccess(fn.function);
      Validations.of(fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${arnInFinding(table)}/index/*]`,
        reason:
          'Queries use the GSIs of the one table; index/* matches the indexes of that table and nothing else.',
      });
      return fn;
    };

    const applications = addFunction('applications', {
      ...webEnvironment,
      EVIDENCE_BUCKET: this.evidenceBucket.bucketName,
    });
    Grant.addToPrincipal({
      grantee: applications.function,
      actions: ['s3:GetObject', 's3:PutObject'],
      resourceArns: [this.evidenceBucket.arnForObjects('*')],
    });
    Validations.of(applications).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnInFinding(this.evidenceBucket)}/*]`,
      reason:
        'Evidence files are keyed by council and application in one bucket, and the applications function authorises each object before it reads one or signs an upload.',
    });

    // Only the two functions that call Stripe get its keys: the checkout (payments, webhooks) and the
    // jobs (hold expiry, refunds). The read grant is on this one secret.
    this.stripeSecret = new StripeSecret(this, 'StripeSecret');
    const stripeEnvironment = { STRIPE_SECRET_ARN: this.stripeSecret.secretArn };

    const webFunctions: Record<FunctionName, ApiFunction> = {
      applications,
      catalogue: addFunction('catalogue', {
        ...webEnvironment,
        POSTCODES_API_URL: props.postcodesApiUrl ?? 'https://api.postcodes.io',
      }),
      checkout: addFunction('checkout', { ...webEnvironment, ...stripeEnvironment }),
    };
    this.stripeSecret.grantRead(webFunctions.checkout.function);
    // Routes come from routePrefixes, with no authoriser on any of them: `/webhooks/stripe` is called
    // by Stripe, and the checkout accepts only events whose Stripe-Signature matches the raw body.
    for (const name of functionNames) {
      const integration = httpApi.addFunctionRoutes(
        constructId(name),
        webFunctions[name].function,
        routePrefixes[name],
      );
      if (name === defaultFunction) httpApi.setDefaultRoute(integration);
    }

    // A sweep over every council's memberships is a batch, not a request: it gets minutes, not seconds.
    const jobs = addFunction('jobs', { ...baseEnvironment, ...stripeEnvironment }, Duration.minutes(5));
    this.stripeSecret.grantRead(jobs.function);
    new Rule(this, 'DailyJobs', {
      description: 'Runs the jobs function every day at 03:00 UTC',
      schedule: Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new LambdaFunction(jobs.function, { retryAttempts: 2 })],
    });
    // Held places come back soon after a hold runs out (holds last 30 minutes), and people booked on a
    // session the provider cancelled get their money back within minutes. Each run only reads the holds
    // that ran out and the cancellations waiting, so a quiet run costs a few queries per council.
    new Rule(this, 'CheckoutJobs', {
      description: 'Runs the jobs function every 5 minutes with {"task":"checkout"}: hold expiry and refunds',
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [
        new LambdaFunction(jobs.function, {
          event: RuleTargetInput.fromObject({ task: 'checkout' }),
          retryAttempts: 2,
          // A run that could not be delivered within 5 minutes is overtaken by the next one.
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });

    this.notificationsFailed = new Queue(this, 'NotificationsFailed', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS keeps a message: time to find the failed outbox items and send them again.
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.notificationsFailed).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the failure destination of the notifications stream mapping, and a dead-letter queue behind it would only hold the same failure records again.',
    });
    const notifications = this.addNotifications(table, props.notificationsFrom, notificationsDomain);

    this.functions = {
      applications: applications.function,
      catalogue: webFunctions.catalogue.function,
      checkout: webFunctions.checkout.function,
      jobs: jobs.function,
      notifications: notifications.function,
    };

    new CfnOutput(this, 'SiteUrl', { value: site.publicOrigin });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'CognitoDomainUrl', { value: users.domainUrl });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'NotificationsFailedQueueUrl', { value: this.notificationsFailed.queueUrl });
    // Where operators put the Stripe keys (`aws secretsmanager put-secret-value --secret-id <this>`).
    new CfnOutput(this, 'StripeSecretArn', { value: this.stripeSecret.secretArn });
  }

  /**
   * Emails each Notification the moment its outbox item is written. The stream is the outbox's relay:
   * the item is written in the same transaction as the change it announces, and the stream hands every
   * insert to this function at least once. It reads the stream and sends email; it gets no table access.
   */
  private addNotifications(table: SingleTable, from: string, fromDomain: string): ApiFunction {
    const notifications = new ApiFunction(this, 'Notifications', {
      entry: fileURLToPath(new URL('../../functions/notifications/handler.ts', import.meta.url)),
      description: descriptions.notifications,
      environment: { NOTIFICATIONS_FROM: from, LOG_LEVEL: 'info' },
      // Up to ten sends in turn, each with the SDK's own retries when SES throttles.
      timeout: Duration.seconds(30),
    });

    notifications.function.addEventSource(
      new DynamoEventSource(table, {
        // TRIM_HORIZON, not LATEST: the stream is created in the same deployment as this mapping, so
        // starting at its oldest record loses no message written in between. The price is that a
        // replaced mapping would resend up to a day of messages, which is better than silently losing one.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        retryAttempts: 3,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.notificationsFailed),
        // Filtered by Lambda before invocation: every other write to the table costs nothing here.
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('Notification') } } },
          }),
        ],
      }),
    );
    Validations.of(notifications).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The DynamoDB event source grants dynamodb:ListStreams, which has no resource-level permissions; reading records is limited to this table stream.',
    });

    // Simple content needs ses:SendEmail only; ses:SendRawEmail would be checked for Raw content, which
    // this function never sends. The domain identity and the address identity are named (SES checks
    // the address one when it is verified on its own), and the From address is fixed by condition.
    notifications.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [fromDomain, from].map((identity) =>
          this.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
        ),
        conditions: { StringEquals: { 'ses:FromAddress': from } },
      }),
    );
    return notifications;
  }
}
