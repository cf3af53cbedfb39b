import { z } from 'zod';
import {
  type DistrictCentre,
  type PostcodeLocation,
  type PostcodeLookup,
  PostcodeLookupUnavailableError,
} from './lookup';
import { parsePostcode } from './postcode';

export interface PostcodesIoLookupOptions {
  /** e.g. https://api.postcodes.io, or a self-hosted copy of it. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  /** A search page waits on this, so give up quickly rather than hold a Lambda open. */
  timeoutMs?: number;
}

// postcodes.io gives null coordinates for postcodes with no grid reference yet (new builds, some
// PO boxes); those fall back to their district.
const coordinate = z.number().nullable();
/** `/postcodes/{postcode}` and `/outcodes/{outcode}` answer with the same fields we read. */
const responseSchema = z.object({
  result: z.object({ outcode: z.string(), latitude: coordinate, longitude: coordinate }),
});

/** The lookup in AWS: a postcodes.io-compatible HTTP API. */
export function createPostcodesIoLookup({
  baseUrl,
  fetch = globalThis.fetch,
  timeoutMs = 2000,
}: PostcodesIoLookupOptions): PostcodeLookup {
  const base = baseUrl.replace(/\/+$/, '');
  // Errors name the host only: the base URL could carry a key, and the postcode is the person's.
  const service = `postcode lookup (${new URL(base).host})`;

  /** The parsed body of a 200, undefined for a 404; anything else means the service is unavailable. */
  async function getJson(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unavailable(error);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new PostcodeLookupUnavailableError(`${service} answered HTTP ${response.status}`);
    }
    try {
      return await response.json();
    } catch (error) {
      // A body that stalls past the timeout ends up here too. JSON errors quote the body, which
      // does not belong in a log, so they are summarised.
      if (error instanceof SyntaxError) {
        throw new PostcodeLookupUnavailableError(`${service} answered with something other than JSON`);
      }
      throw unavailable(error);
    }
  }

  function unavailable(error: unknown): PostcodeLookupUnavailableError {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut
      ? `did not answer within ${timeoutMs} ms`
      : `failed: ${error instanceof Error ? error.message : String(error)}`;
    return new PostcodeLookupUnavailableError(`${service} ${reason}`, { cause: error });
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new PostcodeLookupUnavailableError(`${service} answered in an unexpected shape`);
    return parsed.data;
  }

  async function findOutcode(district: string, postcode = district): Promise<PostcodeLocation | undefined> {
    const body = await getJson(`/outcodes/${encodeURIComponent(district)}`);
    if (body === undefined) return undefined;
    const { result } = parse(responseSchema, body);
    if (result.latitude === null || result.longitude === null) return undefined;
    return {
      postcode,
      district: result.outcode,
      latitude: result.latitude,
      longitude: result.longitude,
      precision: 'district',
    };
  }

  // District centres move only when the national postcode file is republished, and a coverage
  // page asks for every district of a council at once: each is fetched once per process.
  const centres = new Map<string, DistrictCentre>();

  return {
    async findDistrictCentre(input) {
      const parsed = parsePostcode(input);
      if (!parsed.ok || parsed.kind !== 'district') return undefined;
      const known = centres.get(parsed.outward);
      if (known) return known;
      const location = await findOutcode(parsed.outward);
      if (!location) return undefined;
      const centre = {
        district: location.district,
        latitude: location.latitude,
        longitude: location.longitude,
      };
      centres.set(parsed.outward, centre);
      return centre;
    },

    async find(input) {
      const parsed = parsePostcode(input);
      if (!parsed.ok) return undefined;
      if (parsed.kind === 'district') return findOutcode(parsed.outward);
      const body = await getJson(`/postcodes/${encodeURIComponent(parsed.postcode)}`);
      if (body === undefined) return undefined;
      const { result } = parse(responseSchema, body);
      if (result.latitude === null || result.longitude === null) {
        return findOutcode(result.outcode, parsed.postcode);
      }
      return {
        postcode: parsed.postcode,
        district: result.outcode,
        latitude: result.latitude,
        longitude: result.longitude,
        precision: 'postcode',
      };
    },
  };
}
