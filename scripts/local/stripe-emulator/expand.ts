import type { EmulatorStore } from './store';
import { invalidRequest } from './stripe-error';

const maximumDepth = 4;

/**
 * Applies `expand[]` to a response: each dotted path swaps an id for the object it names, as
 * Stripe does. Works on a copy, so the stored objects keep their ids.
 */
export function expandObject(store: EmulatorStore, object: object, paths: readonly string[]): object {
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > maximumDepth) {
      throw invalidRequest(`You cannot expand more than ${maximumDepth} levels of a property.`, 'expand');
    }
    expandSegments(store, copy, segments, path);
  }
  return copy;
}

function expandSegments(
  store: EmulatorStore,
  target: Record<string, unknown>,
  segments: readonly string[],
  path: string,
): void {
  const [field, ...rest] = segments;
  if (field === undefined || !(field in target)) throw cannotExpand(field ?? path);
  let value = target[field];
  if (typeof value === 'string') {
    const found = store.findObject(value);
    if (!found) throw cannotExpand(field, value);
    value = structuredClone(found);
    target[field] = value;
  }
  if (value === null) return;
  if (typeof value !== 'object' || !('object' in value)) throw cannotExpand(field);
  if (rest.length > 0) expandSegments(store, value as Record<string, unknown>, rest, path);
}

function cannotExpand(field: string, id?: string): Error {
  const unknownId =
    id && /^[a-z]+_/.test(id) ? ` (the Stripe emulator does not keep ${id.split('_')[0]}_ objects)` : '';
  return invalidRequest(`This property cannot be expanded (${field}).${unknownId}`, 'expand');
}
