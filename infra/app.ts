import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { MarketplaceStack } from './stacks/marketplace-stack';

const app = new App();

/** Context given with `-c key=value` or in cdk.json; an empty string counts as not given. */
function optionalContext(key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`Context "${key}" must be a string.`);
  return value;
}

const domainName = optionalContext('domainName');
const certificateArn = optionalContext('certificateArn');
if (Boolean(domainName) !== Boolean(certificateArn)) {
  throw new Error('Give both domainName and certificateArn (an ACM certificate in us-east-1), or neither.');
}

const staticDir = resolve(optionalContext('staticDir') ?? 'dist/static');
if (!existsSync(join(staticDir, 'assets')) || !existsSync(join(staticDir, 'openapi.json'))) {
  throw new Error(
    `No static files in ${staticDir} (expected assets/ and openapi.json): run \`npm run build:static\` first, or pass -c staticDir=<folder>.`,
  );
}

new MarketplaceStack(app, 'OpenFrameworkMarketplace', {
  description: 'Open Framework Marketplace: council frameworks for day opportunities',
  staticAssetsPath: staticDir,
  cognitoDomainPrefix: optionalContext('cognitoDomainPrefix') ?? 'open-framework-marketplace',
  customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
  webAclArn: optionalContext('webAclArn'),
  // -c notificationsFrom=<address>: who notification emails come from; the example.gov.uk default is
  // a placeholder that synthesises offline, and SES sends nothing from it until a real, verified
  // address (or its domain) replaces it.
  notificationsFrom: optionalContext('notificationsFrom') ?? 'no-reply@example.gov.uk',
  // -c postcodesApiUrl=<url>: a self-hosted postcodes.io instead of the public one.
  postcodesApiUrl: optionalContext('postcodesApiUrl'),
});

Tags.of(app).add('project', 'open-framework-marketplace');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
