import { runInNewContext } from 'node:vm';
import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketplaceStack } from '../../infra/stacks/marketplace-stack';
import {
  defaultFunction,
  functionForPath,
  functionNames,
  routePrefixes,
  staticPaths,
} from '../../shared/routing';
import { tableDefinition } from '../../shared/table/definition';
import {
  type SynthesizedMarketplace,
  synthesizeMarketplace,
  transitiveDependencies,
} from './synthesize-marketplace';

// biome-ignore lint/suspicious/noExplicitAny: synthesized template JSON has no types; the assertions check its shape.
type Cfn = any;
type Resource = { Type: string; Properties: Record<string, Cfn>; DeletionPolicy?: string };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
type FunctionKey = keyof SynthesizedMarketplace['stack']['functions'];

let synthesized: SynthesizedMarketplace;
let resources: Record<string, Resource>;

beforeAll(() => {
  synthesized = synthesizeMarketplace();
  resources = synthesized.template.toJSON().Resources;
});

afterAll(() => synthesized?.cleanup());

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const onlyOfType = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found).toHaveLength(1);
  return found[0] as [string, Resource];
};
const functionId = (name: FunctionKey) => synthesized.logicalId(synthesized.stack.functions[name]);
const environmentOf = (name: FunctionKey) =>
  resources[functionId(name)]?.Properties.Environment.Variables as Record<string, unknown>;
const actionsOf = (statement: Statement) => [statement.Action].flat();
const stripeSecretId = () => synthesized.logicalId(synthesized.stack.stripeSecret);

/** Policy statements attached to the role of a function (or any role, for `undefined`). */
function statementsOf(functionLogicalId?: string): Statement[] {
  const roleId = functionLogicalId && resources[functionLogicalId]?.Properties.Role['Fn::GetAtt'][0];
  return ofType('AWS::IAM::Policy')
    .filter(([, policy]) => !roleId || policy.Properties.Roles.some((role: Cfn) => role.Ref === roleId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** Follows a route to its integration and on to the Lambda function it invokes. */
function functionBehindRoute(routeKey: string): string | undefined {
  const route = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)?.[1];
  const integrationId = route?.Properties.Target['Fn::Join'][1][1].Ref;
  return resources[integrationId]?.Properties.IntegrationUri['Fn::GetAtt'][0];
}

describe('the table', () => {
  it('takes its keys, TTL attribute and indexes from the shared table definition', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    const { Properties: p } = table;
    expect(p.KeySchema).toEqual([
      { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
    ]);
    expect(p.TimeToLiveSpecification).toEqual({
      AttributeName: tableDefinition.timeToLiveAttribute,
      Enabled: true,
    });
    expect(p.GlobalSecondaryIndexes).toEqual(
      tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keyNames = [
      tableDefinition.partitionKey,
      tableDefinition.sortKey,
      ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    expect(p.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );
    expect(p.AttributeDefinitions).toHaveLength(keyNames.length);
  });

  it('bills on demand, keeps point-in-time recovery and encrypts with the AWS managed KMS key', () => {
    synthesized.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      // Enabled without a key of our own means KMS with aws/dynamodb.
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
    });
  });

  it('streams the new image of every change, for the outbox', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  it('is retained and protected from deletion when the stack goes', () => {
    const [, table] = onlyOfType('AWS::DynamoDB::Table');
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });
});

describe('the functions', () => {
  const allFunctions = [...functionNames, 'jobs', 'notifications'] as const;

  it('are five Node.js 22 functions on arm64 with 512 MB', () => {
    const nodeFunctions = ofType('AWS::Lambda::Function').filter(([, fn]) =>
      String(fn.Properties.Runtime).startsWith('nodejs'),
    );
    expect(nodeFunctions.map(([id]) => id).sort()).toEqual(allFunctions.map(functionId).sort());
    for (const [, fn] of nodeFunctions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: 512,
        Handler: 'index.handler',
      });
    }
  });

  it('answer requests within 10 seconds, the daily jobs get 5 minutes and a batch of emails 30 seconds', () => {
    for (const name of functionNames) expect(resources[functionId(name)]?.Properties.Timeout).toBe(10);
    expect(resources[functionId('jobs')]?.Properties.Timeout).toBe(300);
    expect(resources[functionId('notifications')]?.Properties.Timeout).toBe(30);
  });

  it('each log to a log group of their own, kept for three months and retained', () => {
    const logGroupIds = allFunctions.map(
      (name) => resources[functionId(name)]?.Properties.LoggingConfig.LogGroup.Ref as string,
    );
    expect(new Set(logGroupIds).size).toBe(allFunctions.length);
    for (const id of logGroupIds) {
      expect(resources[id]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
        DeletionPolicy: 'Retain',
      });
    }
  });

  it('get only the environment they read, with source maps on', () => {
    const web = [
      'AUTH_AUDIENCE',
      'AUTH_ISSUER',
      'AUTH_JWKS_URL',
      'COGNITO_DOMAIN_URL',
      'LOG_LEVEL',
      'NODE_OPTIONS',
      'TABLE_NAME',
    ];
    expect(Object.keys(environmentOf('applications')).sort()).toEqual([...web, 'EVIDENCE_BUCKET'].sort());
    expect(Object.keys(environmentOf('catalogue')).sort()).toEqual([...web, 'POSTCODES_API_URL'].sort());
    expect(environmentOf('catalogue').POSTCODES_API_URL).toBe('https://api.postcodes.io');
    expect(Object.keys(environmentOf('checkout')).sort()).toEqual([...web, 'STRIPE_SECRET_ARN'].sort());
    expect(Object.keys(environmentOf('jobs')).sort()).toEqual([
      'LOG_LEVEL',
      'NODE_OPTIONS',
      'STRIPE_SECRET_ARN',
      'TABLE_NAME',
    ]);
    expect(environmentOf('notifications')).toEqual({
      LOG_LEVEL: 'info',
      NODE_OPTIONS: '--enable-source-maps',
      NOTIFICATIONS_FROM: 'no-reply@notify.example.gov.uk',
    });
    for (const name of allFunctions) {
      expect(environmentOf(name)).toMatchObject({ LOG_LEVEL: 'info', NODE_OPTIONS: '--enable-source-maps' });
    }
  });

  it('find the table, the token issuer, its keys and the sign-in domain in their environment', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const [userPoolId] = onlyOfType('AWS::Cognito::UserPool');
    const [clientId] = onlyOfType('AWS::Cognito::UserPoolClient');
    const [domainId] = onlyOfType('AWS::Cognito::UserPoolDomain');
    const bucketId = synthesized.logicalId(synthesized.stack.evidenceBucket);
    expect(environmentOf('applications')).toEqual({
      NODE_OPTIONS: '--enable-source-maps',
      LOG_LEVEL: 'info',
      TABLE_NAME: { Ref: tableId },
      AUTH_ISSUER: { 'Fn::GetAtt': [userPoolId, 'ProviderURL'] },
      AUTH_AUDIENCE: { Ref: clientId },
      AUTH_JWKS_URL: {
        'Fn::Join': ['', [{ 'Fn::GetAtt': [userPoolId, 'ProviderURL'] }, '/.well-known/jwks.json']],
      },
      COGNITO_DOMAIN_URL: {
        'Fn::Join': [
          '',
          ['https://', { Ref: domainId }, '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com'],
        ],
      },
      EVIDENCE_BUCKET: { Ref: bucketId },
    });
  });
});

describe('the Stripe secret', () => {
  it('is created by the stack with a generated placeholder in the shape the checkout reads, never a key', () => {
    const [secretId, secret] = onlyOfType('AWS::SecretsManager::Secret');
    expect(secretId).toBe(stripeSecretId());
    expect(secret.Properties.SecretString).toBeUndefined();
    const generated = secret.Properties.GenerateSecretString;
    expect(generated.GenerateStringKey).toBe('placeholder');
    const template = JSON.parse(generated.SecretStringTemplate) as Record<string, string>;
    expect(Object.keys(template).sort()).toEqual(['secretKey', 'webhookSecret']);
    // Placeholders the checkout refuses (it wants sk_... and whsec_...), so a forgotten put fails loudly.
    expect(template.secretKey).not.toMatch(/^sk_/);
    expect(template.webhookSecret).not.toMatch(/^whsec_/);
    expect(JSON.stringify(resources)).not.toMatch(/sk_(live|test)_[A-Za-z0-9]{8}|whsec_[A-Za-z0-9]{8}/);
  });

  it('says in its description what JSON to store', () => {
    const [, secret] = onlyOfType('AWS::SecretsManager::Secret');
    expect(secret.Properties.Description).toContain(
      '{"secretKey":"sk_live_...","webhookSecret":"whsec_..."}',
    );
    expect(secret.Properties.Description).toContain('/webhooks/stripe');
  });

  it('is encrypted with the AWS managed key, like the table, and has no rotation schedule', () => {
    const [, secret] = onlyOfType('AWS::SecretsManager::Secret');
    expect(secret.Properties.KmsKeyId).toBeUndefined();
    expect(ofType('AWS::SecretsManager::RotationSchedule')).toEqual([]);
    expect(ofType('AWS::KMS::Key')).toEqual([]);
  });

  it('is given to the checkout and jobs functions by its ARN', () => {
    for (const name of ['checkout', 'jobs'] as const) {
      expect(environmentOf(name).STRIPE_SECRET_ARN, name).toEqual({ Ref: stripeSecretId() });
    }
  });
});

describe('the HTTP API', () => {
  it('sends ANY <prefix> and ANY <prefix>/{proxy+} of every route prefix to the function that owns it', () => {
    for (const name of functionNames) {
      for (const prefix of routePrefixes[name]) {
        expect(functionBehindRoute(`ANY ${prefix}`), `ANY ${prefix}`).toBe(functionId(name));
        expect(functionBehindRoute(`ANY ${prefix}/{proxy+}`), `ANY ${prefix}/{proxy+}`).toBe(
          functionId(name),
        );
      }
    }
  });

  it('sends every other path ($default) to the applications function', () => {
    expect(defaultFunction).toBe('applications');
    expect(functionBehindRoute('$default')).toBe(functionId('applications'));
  });

  it('has no routes besides the prefixes and $default', () => {
    const expected = functionNames.flatMap((name) =>
      routePrefixes[name].flatMap((prefix) => [`ANY ${prefix}`, `ANY ${prefix}/{proxy+}`]),
    );
    const routeKeys = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual([...expected, '$default'].sort());
  });

  it('calls the functions with payload format 2.0 and leaves JWT checks to the apps', () => {
    for (const [, integration] of ofType('AWS::ApiGatewayV2::Integration')) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
    expect(ofType('AWS::ApiGatewayV2::Authorizer')).toEqual([]);
  });

  it("takes Stripe's webhooks at POST /webhooks/stripe in the checkout function, with no authoriser", () => {
    expect(routePrefixes.checkout).toContain('/webhooks');
    expect(functionForPath('/webhooks/stripe')).toBe('checkout');
    expect(functionBehindRoute('ANY /webhooks/{proxy+}')).toBe(functionId('checkout'));
    const webhookRoutes = ofType('AWS::ApiGatewayV2::Route').filter(([, route]) =>
      String(route.Properties.RouteKey).startsWith('ANY /webhooks'),
    );
    expect(webhookRoutes).toHaveLength(2);
    for (const [, route] of webhookRoutes) {
      expect(route.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      expect(route.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('throttles only at the stage, with no tighter per-route limit on the webhooks', () => {
    const [, stage] = onlyOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.RouteSettings).toBeUndefined();
    // Stripe retries failed deliveries with backoff; its bursts stay far below the stage's limits.
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: 100,
      ThrottlingBurstLimit: 200,
    });
  });

  it('writes an access log line per request to a log group, and throttles', () => {
    const [, stage] = onlyOfType('AWS::ApiGatewayV2::Stage');
    expect(stage.Properties.StageName).toBe('$default');
    expect(stage.Properties.AutoDeploy).toBe(true);
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(resources[logGroupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(JSON.parse(stage.Properties.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
    expect(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
  });
});

describe('permissions', () => {
  const itemActions = [
    'dynamodb:BatchGetItem',
    'dynamodb:ConditionCheckItem',
    'dynamodb:DeleteItem',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:Query',
    'dynamodb:UpdateItem',
  ];

  it('let each function read and write items in the table and query its indexes', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
    for (const name of [...functionNames, 'jobs'] as const) {
      const dynamoStatements = statementsOf(functionId(name)).filter((s) =>
        actionsOf(s).some((action) => action.startsWith('dynamodb:')),
      );
      expect(dynamoStatements, name).toEqual([
        {
          Effect: 'Allow',
          Action: itemActions,
          Resource: [tableArn, { 'Fn::Join': ['', [tableArn, '/index/*']] }],
        },
      ]);
    }
  });

  it('never allow Scan or any DynamoDB wildcard, for any role', () => {
    const dynamoActions = statementsOf()
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('dynamodb:'));
    expect(dynamoActions.length).toBeGreaterThan(0);
    expect(dynamoActions.filter((action) => action === 'dynamodb:Scan' || action.includes('*'))).toEqual([]);
  });

  it('let only the applications function get and put evidence files', () => {
    const bucketId = synthesized.logicalId(synthesized.stack.evidenceBucket);
    const mentionsEvidence = (statement: Statement) =>
      JSON.stringify(statement.Resource).includes(`"${bucketId}"`);
    const evidenceAccess = {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
    };
    expect(statementsOf(functionId('applications')).filter(mentionsEvidence)).toEqual([evidenceAccess]);
    expect(statementsOf().filter(mentionsEvidence)).toEqual([evidenceAccess]);
  });

  it('let the notifications function read the table stream but no items', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const dynamoStatements = statementsOf(functionId('notifications')).filter((s) =>
      actionsOf(s).some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamoStatements).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        Resource: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      },
    ]);
  });

  it('let only the notifications function send email, from the configured address and its domain only', () => {
    const identity = (name: string) => ({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ses:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          `:identity/${name}`,
        ],
      ],
    });
    const sesStatements = (statements: Statement[]) =>
      statements.filter((s) => actionsOf(s).some((action) => action.startsWith('ses:')));
    const granted = sesStatements(statementsOf(functionId('notifications')));
    expect(sesStatements(statementsOf())).toEqual(granted);
    expect(granted).toEqual([
      {
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: expect.arrayContaining([
          identity('notify.example.gov.uk'),
          identity('no-reply@notify.example.gov.uk'),
        ]),
        Condition: { StringEquals: { 'ses:FromAddress': 'no-reply@notify.example.gov.uk' } },
      },
    ]);
    expect(granted[0]?.Resource).toHaveLength(2);
  });

  it('let only the checkout and jobs functions read the Stripe secret, and nothing else in Secrets Manager', () => {
    const secretRead = {
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: { Ref: stripeSecretId() },
    };
    const secretsStatements = (statements: Statement[]) =>
      statements.filter(
        (s) =>
          actionsOf(s).some((action) => action.startsWith('secretsmanager:')) ||
          JSON.stringify(s.Resource).includes(`"${stripeSecretId()}"`),
      );
    for (const name of ['checkout', 'jobs'] as const) {
      expect(secretsStatements(statementsOf(functionId(name))), name).toEqual([secretRead]);
    }
    for (const name of ['applications', 'catalogue', 'notifications'] as const) {
      expect(secretsStatements(statementsOf(functionId(name))), name).toEqual([]);
    }
    // Every role in the stack (the deployment helpers' too): two grants, both the read above.
    expect(secretsStatements(statementsOf())).toEqual([secretRead, secretRead]);
  });

  it('give the functions no AWS managed policies', () => {
    for (const name of [...functionNames, 'jobs', 'notifications'] as const) {
      const roleId = resources[functionId(name)]?.Properties.Role['Fn::GetAtt'][0];
      expect(resources[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('the user pool', () => {
  it('has the provider, commissioner, person, representative and admin groups', () => {
    const groups = ofType('AWS::Cognito::UserPoolGroup').map(([, group]) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'commissioner', 'person', 'provider', 'representative']);
  });

  it('lets people sign up with their email, offers TOTP, and fixes councilId at creation', () => {
    synthesized.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'councilId', AttributeDataType: 'String', Mutable: false }),
      ]),
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('has a public web client that uses the code grant and returns to the CloudFront domain', () => {
    const [distributionId] = onlyOfType('AWS::CloudFront::Distribution');
    const publicUrl = (path: string) => ({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, path]],
    });
    const [, client] = onlyOfType('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [publicUrl('/auth/callback')],
      LogoutURLs: [publicUrl('/')],
      SupportedIdentityProviders: ['COGNITO'],
    });
    expect(client.Properties.WriteAttributes).not.toContain('custom:councilId');
  });

  it('signs people in on the managed domain with the configured prefix', () => {
    synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'marketplace-test',
    });
  });
});

describe('the buckets', () => {
  it('all block public access and refuse requests without TLS', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    for (const [bucketId, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
      const policy = ofType('AWS::S3::BucketPolicy').find(
        ([, p]) => p.Properties.Bucket.Ref === bucketId,
      )?.[1];
      expect(policy?.Properties.PolicyDocument.Statement, bucketId).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('keep every version of evidence, log access to it and outlive the stack', () => {
    const bucketId = synthesized.logicalId(synthesized.stack.evidenceBucket);
    expect(resources[bucketId]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: expect.any(String) } },
      },
    });
  });

  it('forget unchecked uploads after a day, but never the evidence kept', () => {
    const rules =
      resources[synthesized.logicalId(synthesized.stack.evidenceBucket)]?.Properties.LifecycleConfiguration
        .Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: 'uploads/',
        ExpirationInDays: 1,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      }),
    );
    expect(
      rules.filter((rule: { ExpirationInDays?: number }) => rule.ExpirationInDays !== undefined),
    ).toHaveLength(1);
  });
});

describe('CloudFront', () => {
  const distribution = () => onlyOfType('AWS::CloudFront::Distribution')[1].Properties.DistributionConfig;
  const cachingDisabled = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
  const cachingOptimized = '658327ea-f89d-4fab-a63d-7e88639e58f6';
  const allViewerExceptHostHeader = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('serves the assets and the OpenAPI document from the static bucket through origin access control', () => {
    const config = distribution();
    const s3Origin = config.Origins.find((origin: Cfn) => origin.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    const paths = config.CacheBehaviors.map((behaviour: Cfn) => behaviour.PathPattern);
    expect(paths.sort()).toEqual([`${staticPaths.assetsPrefix}/*`, staticPaths.openApiDocument].sort());
    for (const behaviour of config.CacheBehaviors) {
      expect(behaviour).toMatchObject({
        TargetOriginId: s3Origin.Id,
        CachePolicyId: cachingOptimized,
        ViewerProtocolPolicy: 'redirect-to-https',
      });
    }
  });

  it('sends everything else, uncached and with every method, to the HTTP API over HTTPS', () => {
    const config = distribution();
    const [apiId] = onlyOfType('AWS::ApiGatewayV2::Api');
    const apiOrigin = config.Origins.find((origin: Cfn) => origin.CustomOriginConfig);
    expect(apiOrigin.DomainName).toEqual({
      'Fn::Join': [
        '',
        [{ Ref: apiId }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }],
      ],
    });
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(config.DefaultCacheBehavior).toMatchObject({
      TargetOriginId: apiOrigin.Id,
      AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
      CachePolicyId: cachingDisabled,
      OriginRequestPolicyId: allViewerExceptHostHeader,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
  });

  it("copies the viewer's Host header into x-forwarded-host before the request reaches the apps", () => {
    const association = distribution().DefaultCacheBehavior.FunctionAssociations;
    expect(association).toHaveLength(1);
    expect(association[0].EventType).toBe('viewer-request');
    const functionId = association[0].FunctionARN['Fn::GetAtt'][0];
    const code = resources[functionId]?.Properties.FunctionCode as string;
    const handler = runInNewContext(`${code}; handler`) as (event: unknown) => Cfn;
    const request = handler({
      request: {
        headers: {
          host: { value: 'marketplace.example.gov.uk' },
          'x-forwarded-host': { value: 'evil.example' },
        },
      },
    });
    expect(request.headers['x-forwarded-host']).toEqual({ value: 'marketplace.example.gov.uk' });
  });

  it('adds HSTS, nosniff, frame denial and a referrer policy to every response', () => {
    const [policyId, policy] = onlyOfType('AWS::CloudFront::ResponseHeadersPolicy');
    expect(policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 31_536_000,
        IncludeSubdomains: true,
        Override: true,
      },
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'same-origin', Override: true },
    });
    const config = distribution();
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: policyId });
    }
  });

  it('logs every request to the logs bucket and uses the default certificate without a custom domain', () => {
    const config = distribution();
    expect(config.Logging.Bucket['Fn::GetAtt'][1]).toBe('RegionalDomainName');
    expect(config.Aliases).toBeUndefined();
  });

  it('receives the static folder on deploy and is invalidated afterwards', () => {
    const [distributionId] = onlyOfType('AWS::CloudFront::Distribution');
    synthesized.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DistributionId: { Ref: distributionId },
      DistributionPaths: ['/*'],
    });
  });
});

describe('the scheduled jobs', () => {
  const ruleWith = (schedule: string) => {
    const found = ofType('AWS::Events::Rule').filter(
      ([, rule]) => rule.Properties.ScheduleExpression === schedule,
    );
    expect(found, schedule).toHaveLength(1);
    return found[0]?.[1] as Resource;
  };

  it('are two rules: daily, and every 5 minutes', () => {
    const schedules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties.ScheduleExpression);
    expect(schedules.sort()).toEqual(['cron(0 3 * * ? *)', 'rate(5 minutes)']);
  });

  it('run every day at 03:00 UTC with the scheduled event itself, as before', () => {
    const rule = ruleWith('cron(0 3 * * ? *)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      {
        Id: expect.any(String),
        Arn: { 'Fn::GetAtt': [functionId('jobs'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2 },
      },
    ]);
  });

  it('run the checkout sweep (hold expiry, refunds) every 5 minutes with {"task":"checkout"}', () => {
    const rule = ruleWith('rate(5 minutes)');
    expect(rule.Properties.State).toBe('ENABLED');
    expect(rule.Properties.Targets).toEqual([
      {
        Id: expect.any(String),
        Arn: { 'Fn::GetAtt': [functionId('jobs'), 'Arn'] },
        Input: JSON.stringify({ task: 'checkout' }),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
      },
    ]);
  });

  it('may each invoke the jobs function, and nothing else', () => {
    const permissions = ofType('AWS::Lambda::Permission').filter(
      ([, permission]) => permission.Properties.Principal === 'events.amazonaws.com',
    );
    const rules = ofType('AWS::Events::Rule').map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
    expect(permissions.map(([, p]) => p.Properties.SourceArn)).toEqual(expect.arrayContaining(rules));
    expect(permissions).toHaveLength(2);
    for (const [, permission] of permissions) {
      expect(permission.Properties.FunctionName).toEqual({ 'Fn::GetAtt': [functionId('jobs'), 'Arn'] });
    }
  });
});

describe('notifications', () => {
  it('reach the function from the table stream, filtered to inserted Notification items', () => {
    const [tableId] = onlyOfType('AWS::DynamoDB::Table');
    const [, mapping] = onlyOfType('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties.EventSourceArn).toEqual({ 'Fn::GetAtt': [tableId, 'StreamArn'] });
    expect(mapping.Properties.FunctionName).toEqual({ Ref: functionId('notifications') });
    const patterns = mapping.Properties.FilterCriteria.Filters.map((filter: Cfn) =>
      JSON.parse(filter.Pattern),
    );
    expect(patterns).toEqual([
      { eventName: ['INSERT'], dynamodb: { NewImage: { entity: { S: ['Notification'] } } } },
    ]);
  });

  it('come in batches of 10 from the oldest record, retried 3 times, halved on error, with partial failures', () => {
    const [, mapping] = onlyOfType('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties).toMatchObject({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 10,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('that still fail are recorded in an encrypted, TLS-only queue kept for 14 days', () => {
    const queueId = synthesized.logicalId(synthesized.stack.notificationsFailed);
    const [, mapping] = onlyOfType('AWS::Lambda::EventSourceMapping');
    expect(mapping.Properties.DestinationConfig).toEqual({
      OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } },
    });
    expect(resources[queueId]?.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 1_209_600,
    });
    const [, policy] = onlyOfType('AWS::SQS::QueuePolicy');
    expect(policy.Properties.Queues).toEqual([{ Ref: queueId }]);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sqs:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(statementsOf(functionId('notifications'))).toContainEqual({
      Effect: 'Allow',
      Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
      Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
    });
  });

  it('refuse a from-address that is not a bare email address, before anything is built', () => {
    for (const notificationsFrom of ['Council <no-reply@example.gov.uk>', 'no-reply', '']) {
      expect(
        () =>
          new MarketplaceStack(new App(), 'Refused', {
            staticAssetsPath: 'not-read',
            cognitoDomainPrefix: 'refused',
            notificationsFrom,
          }),
        notificationsFrom,
      ).toThrow(/notificationsFrom must be a bare email address/);
    }
  });
});

describe('the stack as a whole', () => {
  it('has no circular dependency: the app client waits for CloudFront, and CloudFront for no function', () => {
    for (const id of Object.keys(resources)) {
      expect(transitiveDependencies(resources, id).has(id), `${id} depends on itself`).toBe(false);
    }
    const [distributionId] = onlyOfType('AWS::CloudFront::Distribution');
    const [clientId] = onlyOfType('AWS::Cognito::UserPoolClient');
    expect(transitiveDependencies(resources, clientId)).toContain(distributionId);
    const lambdaIds = ofType('AWS::Lambda::Function').map(([id]) => id);
    expect(
      [...transitiveDependencies(resources, distributionId)].filter((id) => lambdaIds.includes(id)),
    ).toEqual([]);
  });

  it('outputs the site URL, API URL, user pool, app client, table name, failed notifications queue and Stripe secret', () => {
    const outputs = Object.keys(synthesized.template.toJSON().Outputs);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'SiteUrl',
        'ApiUrl',
        'UserPoolId',
        'UserPoolClientId',
        'TableName',
        'NotificationsFailedQueueUrl',
        'StripeSecretArn',
      ]),
    );
    expect(synthesized.template.toJSON().Outputs.StripeSecretArn.Value).toEqual({ Ref: stripeSecretId() });
  });

  it('passes the cdk-nag AWS Solutions checks, every exception acknowledged with a reason', () => {
    const findings = synthesized.nagFindings();
    expect(findings, `Unacknowledged cdk-nag findings:\n${findings.join('\n')}`).toEqual([]);
  });

  it('makes exceptions only to the rules reviewed, each explained in one sentence', () => {
    const acknowledgements = synthesized.nagAcknowledgements();
    const rules = new Set([...acknowledgements.keys()].map((id) => id.replace(/\[.*\]$/, '')));
    expect([...rules].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-COG2',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SMG4',
      'AwsSolutions-SQS3',
    ]);
    for (const [id, reason] of acknowledgements) {
      expect(reason, id).toMatch(/^[A-Z].*\.$/);
      expect(reason, id).not.toMatch(/\.\s/);
    }
  });
});
