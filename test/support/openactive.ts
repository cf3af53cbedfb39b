import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The OpenActive validators, offline. Both packages are CommonJS without types: these are the
 * parts we use. The model validator fetches the lists and contexts an item refers to; with
 * `remoteJsonCachePath` it reads `<sha256 of the URL>.json` there first, so a folder filled
 * beforehand keeps it off the network.
 */
export interface ValidationResult {
  severity: 'failure' | 'warning' | 'notice' | 'suggestion';
  type: string;
  path?: string;
  message: string;
  rule?: string;
}

interface DataModelValidator {
  validate(data: unknown, options: Record<string, unknown>): Promise<ValidationResult[]>;
}
interface RpdeValidatorModule {
  RpdeValidator(
    url: string,
    options: Record<string, unknown>,
  ): Promise<{ pages: { url: string; errors: ValidationResult[] }[] }>;
}

const require = createRequire(import.meta.url);
const dataModelValidator = require('@openactive/data-model-validator') as DataModelValidator;
const rpdeValidator = require('@openactive/rpde-validator') as RpdeValidatorModule;

/**
 * The concepts of the OpenActive activity list (https://openactive.io/activity-list, CC BY 4.0)
 * that the catalogue uses, with the ids, labels and notations the list publishes; nothing else,
 * so an id we made up fails here as it would against the real list. The validator looks
 * activities up in this list; the full list is not shipped in any package.
 *
 * Where each was checked (5 December 2026): the reviewer's reading of the published list, and
 * an OPML export of the same list in a public repository, whose entries read
 * `<outline text="Walking" _note="95092977-... | walking | ...">`. All three are top-level
 * concepts there. The list has no general "sport" or "Multisports" concept.
 */
export const openActiveActivityListSubset = {
  '@context': 'https://openactive.io/',
  id: 'https://openactive.io/activity-list',
  title: 'OpenActive Activity List',
  type: 'ConceptScheme',
  license: 'https://creativecommons.org/licenses/by/4.0/',
  concept: [
    {
      // OPML export: <outline text="Gardening" _note="5b880e93-4a16-4c37-86ac-ba2ffba68358 | gardening | ">
      id: 'https://openactive.io/activity-list#5b880e93-4a16-4c37-86ac-ba2ffba68358',
      type: 'Concept',
      prefLabel: 'Gardening',
      notation: 'gardening',
      topConceptOf: 'https://openactive.io/activity-list',
    },
    {
      // OPML export: <outline text="Swimming" _note="2750229d-b725-4171-9276-376be913957c | swimming | ...">
      id: 'https://openactive.io/activity-list#2750229d-b725-4171-9276-376be913957c',
      type: 'Concept',
      prefLabel: 'Swimming',
      notation: 'swimming',
      topConceptOf: 'https://openactive.io/activity-list',
    },
    {
      // OPML export: <outline text="Walking" _note="95092977-5a20-4d6e-b312-8fddabe71544 | walking | ...">
      id: 'https://openactive.io/activity-list#95092977-5a20-4d6e-b312-8fddabe71544',
      type: 'Concept',
      prefLabel: 'Walking',
      notation: 'walking',
      topConceptOf: 'https://openactive.io/activity-list',
    },
  ],
};

/** A fresh cache folder holding these documents as if the validator had fetched them. */
export async function validatorCache(documents: Record<string, unknown>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'openactive-cache-'));
  for (const [url, data] of Object.entries(documents)) {
    const name = createHash('sha256').update(url).digest('hex');
    await writeFile(
      join(folder, `${name}.json`),
      JSON.stringify({ errorCode: 'error_none', statusCode: 200, data, url, fetchTime: Date.now() }),
    );
  }
  return folder;
}

/** An open data item checked as an RPDE feed's `data` would be, with remote documents from the cache only. */
export function validateOpenData(data: unknown, cacheFolder: string): Promise<ValidationResult[]> {
  return dataModelValidator.validate(data, {
    validationMode: 'RPDEFeed',
    loadRemoteJson: true,
    remoteJsonCachePath: cacheFolder,
    // Ten years: the cache is the only source, however old its files are.
    remoteJsonCacheTimeToLive: 10 * 365 * 24 * 3600,
  });
}

/** Walks a feed over HTTP as a consumer would (then asks for the last page again); every finding. */
export async function validateRpdeFeed(url: string, pageLimit = 1000): Promise<ValidationResult[]> {
  const log = await rpdeValidator.RpdeValidator(url, { pageLimit, timeoutMs: 10_000 });
  // The findings are ValidationError objects: their fields are getters.
  return log.pages.flatMap((page) =>
    page.errors.map(({ severity, type, message, rule }) => ({
      severity,
      type,
      message,
      rule,
      path: page.url,
    })),
  );
}
