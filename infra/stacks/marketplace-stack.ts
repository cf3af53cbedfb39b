import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { defaultFunction, type FunctionName, functionNames, routePrefixes } from '../../shared/routing';
import { ApiFunction } from '../constructs/api-function';
import { MarketplaceHttpApi } from '../constructs/http-api';
import { PrivateBucket } from '../constructs/private-bucket';
import { SingleTable } from '../constructs/single-table';
import { type CustomDomain, SiteDistribution } from '../constructs/site-distribution';
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
}

type MarketplaceFunctionName = FunctionName | 'jobs';

const descriptions: Record<MarketplaceFunctionName, string> = {
  applications: 'Front door, sign-in and provider applications to join a framework',
  catalogue: 'Activities and sessions: search, provider listings, OpenActive feeds',
  checkout: 'Bookings and Stripe payments, including webhooks',
  jobs: 'Daily jobs: compliance sweep, expired holds, reminders',
};

const constructId = (name: string) => `${name[0]?.toUpperCase()}${name.slice(1)}`;

/** Deployment order: table, buckets, user pool, API, CloudFront, app client, functions, routes. */
export class MarketplaceStack extends Stack {
  readonly functions: Readonly<Record<MarketplaceFunctionName, NodejsFunction>>;
  readonly evidenceBucket: PrivateBucket;

  constructor(scope: Construct, id: string, props: MarketplaceStackProps) {
    super(scope, id, props);

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
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
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

    const webFunctions: Record<FunctionName, ApiFunction> = {
      applications,
      catalogue: addFunction('catalogue', webEnvironment),
      checkout: addFunction('checkout', webEnvironment),
    };
    for (const name of functionNames) {
      const integration = httpApi.addFunctionRoutes(
        constructId(name),
        webFunctions[name].function,
        routePrefixes[name],
      );
      if (name === defaultFunction) httpApi.setDefaultRoute(integration);
    }

    // A sweep over every council's memberships is a batch, not a request: it gets minutes, not seconds.
    const jobs = addFunction('jobs', baseEnvironment, Duration.minutes(5));
    new Rule(this, 'DailyJobs', {
      description: 'Runs the jobs function every day at 03:00 UTC',
      schedule: Schedule.cron({ minute: '0', hour: '3' }),
      targets: [new LambdaFunction(jobs.function, { retryAttempts: 2 })],
    });

    this.functions = {
      applications: applications.function,
      catalogue: webFunctions.catalogue.function,
      checkout: webFunctions.checkout.function,
      jobs: jobs.function,
    };

    new CfnOutput(this, 'SiteUrl', { value: site.publicOrigin });
    new CfnOutput(this, 'ApiUrl', { value: httpApi.api.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'CognitoDomainUrl', { value: users.domainUrl });
    new CfnOutput(this, 'TableName', { value: table.tableName });
  }
}
