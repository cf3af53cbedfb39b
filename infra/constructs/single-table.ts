import { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { tableDefinition } from '../../shared/table/definition';

/**
 * Everything the functions may do to items. No Scan: every access pattern is a key lookup, a query or a
 * transaction (transactions are authorised through these same actions), so no code path can read the
 * whole table.
 */
export const tableItemActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

const stringKey = (name: string) => ({ name, type: AttributeType.STRING });

/** The one table, built from the shared definition so AWS and DynamoDB Local cannot drift apart. */
export class SingleTable extends Table {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      partitionKey: stringKey(tableDefinition.partitionKey),
      sortKey: stringKey(tableDefinition.sortKey),
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      // Traffic is low and spiky (application windows, morning bookings): on-demand costs nothing idle.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb) logs every use in CloudTrail without a key policy to look
      // after or kms:* grants on each function; a customer managed key would add both for no gain here.
      encryption: TableEncryption.AWS_MANAGED,
      // Applications, memberships and the money ledger live here: a stack delete must never take them.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Feeds the notifications function from the outbox. New images only: it reads inserts, and old
      // images would add the previous version of every changed item, personal data included, to what
      // the stream keeps for 24 hours.
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const index of tableDefinition.globalSecondaryIndexes) {
      this.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
  }

  /** Item reads and writes on the table and its indexes, and nothing else (see `tableItemActions`). */
  grantItemAccess(grantee: IGrantable): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: [...tableItemActions],
      resourceArns: [this.tableArn, `${this.tableArn}/index/*`],
    });
  }
}
