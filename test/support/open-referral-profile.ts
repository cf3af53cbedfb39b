/**
 * The rules of Open Referral UK (the UK profile of HSDS 3.0) that a response body can break,
 * checked field by field: required fields, known fields and their types and formats, UUID ids,
 * the profile's enumerations, and no empty values anywhere (no null, "", [] or {}).
 *
 * Taken from the profile as published in OpenReferralUK/uk-profile (schema/compiled/service.json,
 * schema/taxonomy.json, schema/taxonomy_term.json and the profile/*.json changes to HSDS 3.0),
 * read 5 December 2026. Two things the profile says are left out on purpose: it lists `url` as
 * required on contact and phone, which have no `url` field in it (nor in HSDS 3.0), so nothing
 * could meet it; and it drops a contact's `email` and `phones`, which HSDS 3.0 has and we send
 * (the profile allows fields beyond its own), so they are listed as our additions.
 */

type Rule =
  | 'string'
  | 'uuid'
  | 'uri'
  | 'email'
  | 'date'
  | 'date-time'
  | 'time'
  | 'number'
  | 'integer'
  | { enum: readonly string[] }
  | { object: Kind }
  | { array: Kind };

export type Kind =
  | 'service'
  | 'organization'
  | 'service_at_location'
  | 'location'
  | 'address'
  | 'accessibility'
  | 'schedule'
  | 'cost_option'
  | 'contact'
  | 'phone'
  | 'attribute'
  | 'taxonomy_term'
  | 'taxonomy';

interface Shape {
  required: readonly string[];
  fields: Record<string, Rule>;
}

const attribute = { array: 'attribute' } as const;

const shapes: Record<Kind, Shape> = {
  service: {
    required: ['id', 'name', 'status', 'url'],
    fields: {
      id: 'uuid',
      organization_id: 'uuid',
      name: 'string',
      description: 'string',
      url: 'uri',
      email: 'email',
      status: { enum: ['active', 'inactive', 'defunct', 'temporarily closed'] },
      fees: 'string',
      accreditations: 'string',
      minimum_age: 'number',
      maximum_age: 'number',
      assured_date: 'date',
      assurer_email: 'email',
      alert: 'string',
      last_modified: 'date-time',
      schedules: { array: 'schedule' },
      service_at_locations: { array: 'service_at_location' },
      organization: { object: 'organization' },
      cost_options: { array: 'cost_option' },
      contacts: { array: 'contact' },
      attributes: attribute,
    },
  },
  organization: {
    required: ['id', 'name', 'description'],
    fields: {
      id: 'uuid',
      name: 'string',
      description: 'string',
      email: 'email',
      website: 'uri',
      logo: 'uri',
      uri: 'uri',
      parent_organization_id: 'uuid',
      attributes: attribute,
    },
  },
  service_at_location: {
    required: ['id'],
    // `service` is how /service_at_locations nests the service it links.
    fields: {
      id: 'uuid',
      service_id: 'uuid',
      location_id: 'uuid',
      location: { object: 'location' },
      service: { object: 'service' },
    },
  },
  location: {
    required: ['id'],
    fields: {
      id: 'uuid',
      name: 'string',
      description: 'string',
      latitude: 'number',
      longitude: 'number',
      external_identifier: 'string',
      external_identifier_type: 'string',
      addresses: { array: 'address' },
      accessibility: { array: 'accessibility' },
      attributes: attribute,
    },
  },
  address: {
    required: ['id', 'address_1', 'city', 'state_province', 'postal_code', 'country', 'address_type'],
    fields: {
      id: 'uuid',
      location_id: 'uuid',
      attention: 'string',
      address_1: 'string',
      city: 'string',
      region: 'string',
      state_province: 'string',
      postal_code: 'string',
      country: 'string',
      address_type: { enum: ['physical', 'postal', 'virtual'] },
      attributes: attribute,
    },
  },
  accessibility: {
    required: ['id'],
    fields: {
      id: 'uuid',
      location_id: 'uuid',
      description: 'string',
      details: 'string',
      url: 'uri',
      attributes: attribute,
    },
  },
  schedule: {
    required: ['id'],
    fields: {
      id: 'uuid',
      service_id: 'uuid',
      service_at_location_id: 'uuid',
      valid_from: 'date',
      valid_to: 'date',
      dtstart: 'date',
      freq: { enum: ['WEEKLY', 'MONTHLY'] },
      interval: 'integer',
      byday: 'string',
      bymonthday: 'string',
      description: 'string',
      opens_at: 'time',
      closes_at: 'time',
      schedule_link: 'uri',
      attending_type: 'string',
      notes: 'string',
    },
  },
  cost_option: {
    required: ['id'],
    fields: {
      id: 'uuid',
      service_id: 'uuid',
      valid_from: 'date',
      valid_to: 'date',
      option: 'string',
      amount: 'number',
      amount_description: 'string',
    },
  },
  contact: {
    required: ['id'],
    // email and phones: HSDS 3.0's, beyond the profile (see above).
    fields: {
      id: 'uuid',
      service_id: 'uuid',
      name: 'string',
      title: 'string',
      email: 'email',
      phones: { array: 'phone' },
      attributes: attribute,
    },
  },
  phone: {
    required: ['id', 'number'],
    fields: { id: 'uuid', contact_id: 'uuid', number: 'string', description: 'string' },
  },
  attribute: {
    required: ['id'],
    fields: {
      id: 'uuid',
      link_id: 'uuid',
      taxonomy_term_id: 'uuid',
      link_type: 'string',
      taxonomy_term: { object: 'taxonomy_term' },
    },
  },
  taxonomy_term: {
    required: ['id', 'taxonomy'],
    fields: {
      id: 'uuid',
      parent_id: 'uuid',
      taxonomy: 'string',
      taxonomy_id: 'uuid',
      term_uri: 'uri',
      term: 'string',
    },
  },
  taxonomy: {
    required: ['id', 'name', 'description'],
    fields: {
      id: 'uuid',
      name: 'string',
      description: 'string',
      uri: 'uri',
      version: 'string',
      taxonomy_terms: { array: 'taxonomy_term' },
    },
  },
};

const formats: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  uri: /^https?:\/\/[^\s]+$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  time: /^\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$/,
};

const isEmpty = (value: unknown) =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);

function checkValue(value: unknown, rule: Rule, path: string): string[] {
  if (isEmpty(value)) return [`${path} is empty: leave it out instead`];
  if (typeof rule === 'object') {
    if ('enum' in rule)
      return rule.enum.includes(value as string) ? [] : [`${path} is not one of ${rule.enum.join(', ')}`];
    if ('object' in rule) return checkObject(value, rule.object, path);
    if (!Array.isArray(value)) return [`${path} is not a list`];
    return value.flatMap((item, index) => checkObject(item, rule.array, `${path}[${index}]`));
  }
  if (rule === 'number' || rule === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return [`${path} is not a number`];
    return rule === 'integer' && !Number.isInteger(value) ? [`${path} is not a whole number`] : [];
  }
  if (typeof value !== 'string') return [`${path} is not a string`];
  const format = formats[rule];
  if (format && !format.test(value)) return [`${path} is not a ${rule}: ${value}`];
  if (rule === 'date' && Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return [`${path} is not a date`];
  return [];
}

function checkObject(value: unknown, kind: Kind, path: string): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return [`${path} is not a ${kind} object`];
  const shape = shapes[kind];
  const record = value as Record<string, unknown>;
  return [
    ...shape.required.filter((field) => !(field in record)).map((field) => `${path}.${field} is required`),
    ...Object.entries(record).flatMap(([field, item]) => {
      const rule = shape.fields[field];
      if (!rule) return [`${path}.${field} is not a ${kind} field`];
      return checkValue(item, rule, `${path}.${field}`);
    }),
  ];
}

/** Everything in one object of this kind that breaks the profile; none is `[]`. */
export function profileBreaches(value: unknown, kind: Kind, path = '$'): string[] {
  return checkObject(value, kind, path);
}

/** The same for a page of them: the page's own fields, then every item. */
export function pageBreaches(body: unknown, kind: Kind): string[] {
  if (body === null || typeof body !== 'object') return ['$ is not a page'];
  const page = body as Record<string, unknown>;
  const found: string[] = [];
  for (const field of ['page_number', 'size'] as const)
    if (!Number.isInteger(page[field])) found.push(`$.${field} is not a whole number`);
  for (const field of ['first_page', 'last_page', 'empty'] as const)
    if (typeof page[field] !== 'boolean') found.push(`$.${field} is not true or false`);
  for (const field of ['total_items', 'total_pages'] as const)
    if (field in page && !Number.isInteger(page[field])) found.push(`$.${field} is not a whole number`);
  // Our addition (the Page schema allows more fields): how far a list near a postcode is complete.
  if ('searched_miles' in page && !(typeof page.searched_miles === 'number' && page.searched_miles >= 0))
    found.push('$.searched_miles is not a distance in miles');
  const known = [
    'total_items',
    'total_pages',
    'searched_miles',
    'page_number',
    'size',
    'first_page',
    'last_page',
    'empty',
    'contents',
  ];
  for (const field of Object.keys(page))
    if (!known.includes(field)) found.push(`$.${field} is not a page field`);
  const contents = page.contents;
  if (!Array.isArray(contents)) return [...found, '$.contents is not a list'];
  if (page.size !== contents.length) found.push('$.size is not the number of items in contents');
  if (page.empty !== (contents.length === 0)) found.push('$.empty does not say whether contents is empty');
  if (page.page_number === 1 && page.first_page !== true) found.push('$.first_page is false on page 1');
  return [...found, ...contents.flatMap((item, index) => checkObject(item, kind, `$.contents[${index}]`))];
}
