import { invalidRequest, missingParam } from './stripe-error';

/** A value decoded from Stripe's form encoding: `a[b][0]=x` nests into objects and arrays. */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Decodes a form-encoded body (or query string) the way Stripe's API reads it: bracketed keys
 * become nested objects, `[]` appends, and objects whose keys are all indexes become arrays.
 */
export function parseFormParams(text: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(text)) {
    assignPath(root, splitKey(key), value, key);
  }
  return arraysFromIndexedObjects(root) as FormObject;
}

function splitKey(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match?.[1]) return [key];
  const nested = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1] ?? '');
  return [match[1], ...nested];
}

function assignPath(root: FormObject, segments: string[], value: string, fullKey: string): void {
  let container = root;
  segments.forEach((raw, index) => {
    // `[]` means "the next item", as Rack (and so Stripe) reads it.
    const segment = raw === '' ? String(Object.keys(container).length) : raw;
    if (index === segments.length - 1) {
      container[segment] = value;
      return;
    }
    const existing = container[segment];
    if (existing === undefined) {
      const created: FormObject = {};
      container[segment] = created;
      container = created;
    } else if (typeof existing === 'string' || Array.isArray(existing)) {
      throw invalidRequest(`Invalid object`, fullKey);
    } else {
      container = existing;
    }
  });
}

function arraysFromIndexedObjects(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const key of keys) converted[key] = arraysFromIndexedObjects(value[key] as FormValue);
  if (keys.length === 0 || !keys.every((key) => /^\d+$/.test(key))) return converted;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => converted[String(index)] as FormValue);
}

/**
 * What an endpoint accepts: `true` a scalar, `'map'` free string keys (metadata), an object a
 * nested hash, `[shape]` a list. Stripe rejects parameters it does not know, so the emulator does
 * too: a typo in our integration fails here as it would against Stripe.
 */
export type ParamShape = true | 'map' | readonly [ParamShape] | { readonly [key: string]: ParamShape };

export function rejectUnknownParams(values: FormObject, shape: { readonly [key: string]: ParamShape }): void {
  checkShape(values, { expand: [true], ...shape }, '');
}

function checkShape(value: FormValue, shape: ParamShape, path: string): void {
  if (shape === true) {
    if (typeof value !== 'string') throw invalidRequest('Invalid string', path);
    return;
  }
  if (shape === 'map') {
    if (typeof value === 'string' && value === '') return;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid object', path);
    for (const [key, item] of Object.entries(value)) checkShape(item, true, `${path}[${key}]`);
    return;
  }
  if (isListShape(shape)) {
    if (!Array.isArray(value)) throw invalidRequest('Invalid array', path);
    value.forEach((item, index) => {
      checkShape(item, shape[0], `${path}[${index}]`);
    });
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    if (path !== '') throw invalidRequest('Invalid object', path);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const name = path === '' ? key : `${path}[${key}]`;
    const itemShape = shape[key];
    if (itemShape === undefined) throw invalidRequest(`Received unknown parameter: ${name}`, name);
    checkShape(item, itemShape, name);
  }
}

function isListShape(shape: ParamShape): shape is readonly [ParamShape] {
  return Array.isArray(shape);
}

/** Typed reads from decoded params, each error naming the param the way Stripe does. */
export class ParamReader {
  constructor(
    private readonly values: FormObject,
    private readonly prefix = '',
  ) {}

  /** Where these params sit in the request, e.g. `line_items[0]`. */
  get location(): string {
    return this.prefix;
  }

  path(name: string): string {
    return this.prefix === '' ? name : `${this.prefix}[${name}]`;
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest('Invalid string', this.path(name));
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw missingParam(this.path(name));
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, this.path(name));
    return Number(value);
  }

  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) throw missingParam(this.path(name));
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') {
      throw invalidRequest(`Invalid boolean: ${value}`, this.path(name));
    }
    return value === 'true';
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw invalidRequest(
        `Invalid ${this.path(name)}: must be one of ${allowed.join(', ')}`,
        this.path(name),
      );
    }
    return value as T;
  }

  object(name: string): ParamReader | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string' || Array.isArray(value)) {
      throw invalidRequest('Invalid object', this.path(name));
    }
    return new ParamReader(value, this.path(name));
  }

  list(name: string): ParamReader[] | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw invalidRequest('Invalid array', this.path(name));
    return value.map((item, index) => {
      const itemPath = `${this.path(name)}[${index}]`;
      if (typeof item === 'string' || Array.isArray(item)) throw invalidRequest('Invalid object', itemPath);
      return new ParamReader(item, itemPath);
    });
  }

  strings(name: string): string[] | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw invalidRequest('Invalid array', this.path(name));
    return value.map((item, index) => {
      if (typeof item !== 'string') throw invalidRequest('Invalid string', `${this.path(name)}[${index}]`);
      return item;
    });
  }

  /** Stripe's metadata limits: 50 keys, keys up to 40 characters, values up to 500. */
  metadata(name: string): Record<string, string> | undefined {
    const value = this.values[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidRequest('Invalid object', this.path(name));
    }
    const entries = Object.entries(value);
    if (entries.length > 50) {
      throw invalidRequest('Invalid metadata: metadata can have at most 50 keys.', this.path(name));
    }
    const metadata: Record<string, string> = {};
    for (const [key, item] of entries) {
      const itemPath = `${this.path(name)}[${key}]`;
      if (typeof item !== 'string') throw invalidRequest('Invalid string', itemPath);
      if (key.length > 40) throw invalidRequest('Metadata keys must be at most 40 characters.', itemPath);
      if (item.length > 500)
        throw invalidRequest('Metadata values must be at most 500 characters.', itemPath);
      // An empty value unsets a key in Stripe, so it is never stored.
      if (item !== '') metadata[key] = item;
    }
    return metadata;
  }
}
