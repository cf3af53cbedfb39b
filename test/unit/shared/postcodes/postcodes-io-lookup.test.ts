import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostcodeLookupUnavailableError } from '../../../../shared/postcodes/lookup';
import { createPostcodesIoLookup } from '../../../../shared/postcodes/postcodes-io-lookup';

/** Answers like api.postcodes.io for a handful of postcodes, or misbehaves on request. */
const postcodes: Record<string, { outcode: string; latitude: number | null; longitude: number | null }> = {
  'DT1 1AA': { outcode: 'DT1', latitude: 50.714592, longitude: -2.437347 },
  'BH15 1HP': { outcode: 'BH15', latitude: 50.716139, longitude: -1.987533 },
  // A new-build postcode with no grid reference yet.
  'DT2 8ZZ': { outcode: 'DT2', latitude: null, longitude: null },
};
const outcodes: Record<string, { latitude: number; longitude: number }> = {
  DT1: { latitude: 50.71093, longitude: -2.44052 },
  DT2: { latitude: 50.74955, longitude: -2.45365 },
  // Districts no offline table here has: Gillingham (Dorset) and central Manchester.
  SP8: { latitude: 51.03706, longitude: -2.27412 },
  M1: { latitude: 53.47938, longitude: -2.23646 },
};

let behaviour: 'normal' | 'failing' | 'slow' | 'garbled' | 'html' = 'normal';
const requests: { path: string; accept: string | undefined }[] = [];
let server: Server;
let baseUrl: string;

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

function postcodesIo(request: IncomingMessage, response: ServerResponse) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  requests.push({ path: url.pathname, accept: request.headers.accept });
  if (behaviour === 'failing') return answer(response, 500, { status: 500, error: 'Internal server error' });
  if (behaviour === 'slow') {
    setTimeout(() => answer(response, 200, { status: 200, result: null }), 1000).unref();
    return;
  }
  if (behaviour === 'html') {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html>Service temporarily unavailable</html>');
    return;
  }
  if (behaviour === 'garbled') return answer(response, 200, { status: 200, result: 'not a postcode' });
  const [, kind, encoded] = url.pathname.split('/');
  const key = decodeURIComponent(encoded ?? '');
  if (kind === 'postcodes' && postcodes[key]) {
    return answer(response, 200, {
      status: 200,
      result: { postcode: key, quality: 1, country: 'England', admin_district: 'Dorset', ...postcodes[key] },
    });
  }
  if (kind === 'outcodes' && outcodes[key]) {
    return answer(response, 200, {
      status: 200,
      result: { outcode: key, admin_district: ['Dorset'], ...outcodes[key] },
    });
  }
  return answer(response, 404, {
    status: 404,
    error: kind === 'outcodes' ? 'Outcode not found' : 'Postcode not found',
  });
}

beforeAll(async () => {
  server = createServer(postcodesIo);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
});

beforeEach(() => {
  behaviour = 'normal';
  requests.length = 0;
});

describe('postcodes.io lookup', () => {
  it('finds a full postcode at postcode precision, asking for it by its encoded path', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.find('DT1 1AA')).toEqual({
      postcode: 'DT1 1AA',
      district: 'DT1',
      latitude: 50.714592,
      longitude: -2.437347,
      precision: 'postcode',
    });
    expect(requests).toEqual([{ path: '/postcodes/DT1%201AA', accept: 'application/json' }]);
  });

  it('finds a district through the outcodes endpoint, at district precision', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.find('DT1')).toEqual({
      postcode: 'DT1',
      district: 'DT1',
      latitude: 50.71093,
      longitude: -2.44052,
      precision: 'district',
    });
    expect(requests.map((r) => r.path)).toEqual(['/outcodes/DT1']);
  });

  it('copes with a base URL that ends in a slash', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl: `${baseUrl}/` });
    expect(await lookup.find('BH15 1HP')).toMatchObject({ district: 'BH15', precision: 'postcode' });
    expect(requests.map((r) => r.path)).toEqual(['/postcodes/BH15%201HP']);
  });

  it('falls back to the district centre for a postcode with no coordinates yet', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.find('DT2 8ZZ')).toEqual({
      postcode: 'DT2 8ZZ',
      district: 'DT2',
      latitude: 50.74955,
      longitude: -2.45365,
      precision: 'district',
    });
    expect(requests.map((r) => r.path)).toEqual(['/postcodes/DT2%208ZZ', '/outcodes/DT2']);
  });

  it('answers undefined for a postcode or district the service does not know (404)', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.find('DT1 9ZZ')).toBeUndefined();
    expect(await lookup.find('ZE9')).toBeUndefined();
    expect(requests.map((r) => r.path)).toEqual(['/postcodes/DT1%209ZZ', '/outcodes/ZE9']);
  });

  it('answers undefined without a request for something that is not a postcode', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.find('../admin')).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('reports the service unavailable when it answers with a server error, without the postcode', async () => {
    behaviour = 'failing';
    const lookup = createPostcodesIoLookup({ baseUrl });
    const error = await lookup.find('DT1 1AA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostcodeLookupUnavailableError);
    expect((error as Error).message).toBe(`postcode lookup (${new URL(baseUrl).host}) answered HTTP 500`);
    expect((error as Error).message).not.toContain('DT1');
  });

  it('reports the service unavailable when it answers in an unexpected shape', async () => {
    behaviour = 'garbled';
    const lookup = createPostcodesIoLookup({ baseUrl });
    await expect(lookup.find('DT1 1AA')).rejects.toThrow(/unexpected shape/);
    await expect(lookup.find('DT1')).rejects.toBeInstanceOf(PostcodeLookupUnavailableError);
  });

  it('reports the service unavailable when it answers with a page instead of JSON, without quoting it', async () => {
    behaviour = 'html';
    const lookup = createPostcodesIoLookup({ baseUrl });
    const error = await lookup.find('DT1 1AA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostcodeLookupUnavailableError);
    expect((error as Error).message).toMatch(/answered with something other than JSON$/);
  });

  it('gives up after the timeout when the service is slow', async () => {
    behaviour = 'slow';
    const lookup = createPostcodesIoLookup({ baseUrl, timeoutMs: 100 });
    const started = performance.now();
    const error = await lookup.find('DT1 1AA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostcodeLookupUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 100 ms$/);
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('reports the service unavailable when nothing is listening', async () => {
    const closed = createServer();
    await new Promise<void>((listening) => closed.listen(0, '127.0.0.1', listening));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const lookup = createPostcodesIoLookup({ baseUrl: `http://127.0.0.1:${port}` });
    const error = await lookup.find('DT1 1AA').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostcodeLookupUnavailableError);
    expect((error as Error).message).toMatch(/^postcode lookup \(127\.0\.0\.1:\d+\) failed: /);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('uses the fetch it is given', async () => {
    const seen: string[] = [];
    const lookup = createPostcodesIoLookup({
      baseUrl: 'https://postcodes.example',
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(JSON.stringify({ status: 404, error: 'Postcode not found' }), { status: 404 });
      },
    });
    expect(await lookup.find('bh1 1aa')).toBeUndefined();
    expect(seen).toEqual(['https://postcodes.example/postcodes/BH1%201AA']);
  });
});

describe('postcodes.io district centres', () => {
  it("finds any council's district centre through the outcodes endpoint", async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.findDistrictCentre('SP8')).toEqual({
      district: 'SP8',
      latitude: 51.03706,
      longitude: -2.27412,
    });
    expect(await lookup.findDistrictCentre(' m1 ')).toEqual({
      district: 'M1',
      latitude: 53.47938,
      longitude: -2.23646,
    });
    expect(requests.map((r) => r.path)).toEqual(['/outcodes/SP8', '/outcodes/M1']);
  });

  it('asks for each district once, however many pages need it', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    const first = await lookup.findDistrictCentre('DT1');
    expect(await lookup.findDistrictCentre('DT1')).toEqual(first);
    expect(await lookup.findDistrictCentre('dt1')).toEqual(first);
    expect(requests.map((r) => r.path)).toEqual(['/outcodes/DT1']);
  });

  it('answers undefined for a district the service does not know, asking again next time', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.findDistrictCentre('ZE9')).toBeUndefined();
    expect(await lookup.findDistrictCentre('ZE9')).toBeUndefined();
    expect(requests.map((r) => r.path)).toEqual(['/outcodes/ZE9', '/outcodes/ZE9']);
  });

  it('answers undefined without a request for a full postcode or something that is not a district', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    expect(await lookup.findDistrictCentre('DT1 1AA')).toBeUndefined();
    expect(await lookup.findDistrictCentre('../admin')).toBeUndefined();
    expect(requests).toEqual([]);
  });

  it('reports the service unavailable, and remembers nothing from a failure', async () => {
    const lookup = createPostcodesIoLookup({ baseUrl });
    behaviour = 'failing';
    await expect(lookup.findDistrictCentre('DT2')).rejects.toBeInstanceOf(PostcodeLookupUnavailableError);
    behaviour = 'normal';
    expect(await lookup.findDistrictCentre('DT2')).toMatchObject({ district: 'DT2', latitude: 50.74955 });
    expect(requests.map((r) => r.path)).toEqual(['/outcodes/DT2', '/outcodes/DT2']);
  });
});
