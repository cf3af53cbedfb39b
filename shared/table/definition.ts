/**
 * The one DynamoDB table, described once. The CDK stack and the local bootstrap both build the
 * table from this object, so the deployed table and DynamoDB Local cannot drift apart.
 * Plain data only: no AWS SDK or CDK types, so both sides can import it.
 */
export const tableDefinition = {
  /** Physical name locally; in AWS CloudFormation names the table and passes it in `TABLE_NAME`. */
  localName: 'open-framework-marketplace',
  partitionKey: 'PK',
  sortKey: 'SK',
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    /** Lists inside a council or across the service (users by council, councils). */
    { indexName: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Second view of the same items (by status, by owner); sparse: only items that set GSI2PK. */
    { indexName: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];

/** Every key attribute is a string. */
export const keyAttributeNames: readonly string[] = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];
