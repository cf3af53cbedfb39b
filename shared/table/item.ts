/** Attributes every item carries, whatever its entity. */
export interface ItemMeta {
  entity: string;
  councilId: string;
  /** Optimistic locking: every update checks and increments it. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export function newItemMeta(entity: string, councilId: string, now: Date): ItemMeta {
  const at = now.toISOString();
  return { entity, councilId, version: 1, createdAt: at, updatedAt: at };
}

/** Condition for inserts: never overwrite an item that already exists. */
export const insertOnly = { ConditionExpression: 'attribute_not_exists(PK)' } as const;
