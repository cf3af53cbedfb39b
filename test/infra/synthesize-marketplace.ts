import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { MarketplaceStack, type MarketplaceStackProps } from '../../infra/stacks/marketplace-stack';

export interface SynthesizedMarketplace {
  stack: MarketplaceStack;
  template: Template;
  /** The template's logical id of a construct's main resource. */
  logicalId(construct: IConstruct): string;
  /** cdk-nag AWS Solutions findings left after acknowledgements, one readable line each. */
  nagFindings(): string[];
  /** Every cdk-nag finding id acknowledged anywhere in the app, with its reason. */
  nagAcknowledgements(): Map<string, string>;
  /** Removes the temporary static folder and cloud assembly. */
  cleanup(): void;
}

/**
 * Synthesizes the stack in-process, as `cdk synth` would: the same feature flags (cdk.json context)
 * and the real function entries, bundled by esbuild. The static folder is a stand-in made here.
 */
export function synthesizeMarketplace(
  props: Partial<Omit<MarketplaceStackProps, 'staticAssetsPath'>> = {},
): SynthesizedMarketplace {
  const workDir = mkdtempSync(join(tmpdir(), 'marketplace-infra-'));
  const staticAssetsPath = join(workDir, 'static');
  mkdirSync(join(staticAssetsPath, 'assets'), { recursive: true });
  writeFileSync(join(staticAssetsPath, 'assets', 'application.css'), 'body { margin: 0; }\n');
  writeFileSync(join(staticAssetsPath, 'openapi.json'), '{"openapi":"3.1.0"}\n');

  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({ context: cdkJson.context, outdir: join(workDir, 'cdk.out') });
  const stack = new MarketplaceStack(app, 'OpenFrameworkMarketplace', {
    staticAssetsPath,
    cognitoDomainPrefix: 'marketplace-test',
    notificationsFrom: 'no-reply@notify.example.gov.uk',
    ...props,
  });
  app.synth();
  const template = Template.fromStack(stack);

  return {
    stack,
    template,
    logicalId: (construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement),
    nagFindings: () =>
      new AwsSolutionsChecks()
        .validateScope(app)
        .violations.flatMap((violation) =>
          violation.violatingResources.map(
            (resource) =>
              `${violation.severity} ${violation.ruleName} at ${resource.constructPath}: ${violation.description}`,
          ),
        ),
    nagAcknowledgements: () =>
      new Map(
        app.node
          .findAll()
          .flatMap((construct) => construct.node.metadata)
          .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
          // CDK stores ids with a namespace (`Annotation::AwsSolutions-L1`); its own checks use others.
          .map(([id, reason]): [string, string] => [id.replace(/^Annotation::/i, ''), reason])
          .filter(([id]) => id.startsWith('AwsSolutions-')),
      ),
    cleanup: () => rmSync(workDir, { recursive: true, force: true }),
  };
}

/** Logical ids a resource refers to (Ref, Fn::GetAtt, Fn::Sub ${X}, DependsOn), pseudo parameters left out. */
function referencedLogicalIds(resource: unknown): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'Ref') {
        found.add(String(inner));
      } else if (key === 'Fn::GetAtt') {
        found.add(String([inner].flat()[0]));
      } else if (key === 'DependsOn') {
        for (const id of [inner].flat()) found.add(String(id));
      } else {
        if (key === 'Fn::Sub') {
          const text = String([inner].flat()[0]);
          for (const match of text.matchAll(/\$\{([^}.!]+)/g)) found.add(String(match[1]));
        }
        visit(inner);
      }
    }
  };
  visit(resource);
  for (const id of found) if (id.startsWith('AWS::')) found.delete(id);
  return found;
}

/** Every logical id a resource depends on, directly or through others. */
export function transitiveDependencies(resources: Record<string, unknown>, start: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...referencedLogicalIds(resources[start])];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id) || !(id in resources)) continue;
    seen.add(id);
    pending.push(...referencedLogicalIds(resources[id]));
  }
  return seen;
}
