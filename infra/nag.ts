import { type CfnElement, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * How cdk-nag writes a resource's ARN inside a finding id, `<LogicalId.Arn>`, so an acknowledgement
 * names the exact finding (`AwsSolutions-IAM5[Resource::<TableCD117FA1.Arn>/index/*]`) and keeps
 * matching when construct ids change.
 */
export function arnInFinding(construct: IConstruct): string {
  const resource = construct.node.defaultChild as CfnElement;
  return `<${Stack.of(construct).getLogicalId(resource)}.Arn>`;
}
