import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxEvidenceBytes } from '../../../functions/applications/domain/evidence';
import {
  createEvidenceStore,
  type EvidenceStore,
} from '../../../functions/applications/storage/evidence-store';
import { localEvidenceBucket, startLocalS3 } from '../../../scripts/local/local-s3';
import { completeAnswers } from '../../support/application-answers';
import { applicationsAppWithDemoData } from '../../support/local-app';

/** Evidence uploads against a real local S3 (s3rver) and DynamoDB Local. */
const s3Dir = mkdtempSync(join(tmpdir(), 'evidence-'));
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let store: EvidenceStore;
let harness: Awaited<ReturnType<typeof applicationsAppWithDemoData>>;
let applicationId: string;

beforeAll(async () => {
  s3 = await startLocalS3(s3Dir);
  store = createEvidenceStore({ bucket: localEvidenceBucket, region: 'eu-west-2', endpoint: s3.endpoint });
  harness = await applicationsAppWithDemoData({ evidence: store });
  await harness.call(
    'extra-evidence',
    'POST',
    '/api/applications/providers',
    completeAnswers(new Date()).organisation,
  );
  applicationId = (
    await harness.call('extra-evidence', 'POST', '/api/applications', {
      frameworkId: 'dorset-day-opportunities',
    })
  ).body.id;
});

afterAll(async () => {
  await s3?.stop();
  rmSync(s3Dir, { recursive: true, force: true });
});

/** Opens the insurance page, reads the upload form it offers, and posts `bytes` to S3 as a browser would. */
async function upload(bytes: Uint8Array): Promise<string> {
  const page = await (
    await harness.browse('extra-evidence', `/applications/${applicationId}/sections/insurance`)
  ).text();
  const action =
    /<form method="post" action="(http:\/\/127\.0\.0\.1:\d+\/evidence)" enctype="multipart\/form-data"/.exec(
      page,
    )?.[1];
  if (!action) throw new Error('no upload form on the page');
  const form = new FormData();
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    if (name !== 'csrfToken') form.append(name ?? '', (value ?? '').replaceAll('&amp;', '&'));
  }
  form.append('file', new Blob([Buffer.from(bytes)]), 'upload.bin');
  const response = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(303);
  const back = new URL(response.headers.get('location') ?? '');
  return `${back.pathname}${back.search}`;
}

async function followUpload(bytes: Uint8Array) {
  const response = await harness.browse('extra-evidence', await upload(bytes));
  return { status: response.status, location: response.headers.get('location') ?? '' };
}

const pdf = new TextEncoder().encode('%PDF-1.7\n% a certificate\n%%EOF\n');
const png = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe('evidence uploads', () => {
  it('sign an upload policy limited to this file and to 10 MB', async () => {
    const form = await store.uploadForm('uploads/dorset/app/one', 'https://marketplace.example/back');
    const policy = JSON.parse(Buffer.from(form.fields.Policy ?? '', 'base64').toString('utf8'));
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, maxEvidenceBytes],
        ['eq', '$success_action_redirect', 'https://marketplace.example/back'],
        { key: 'uploads/dorset/app/one' },
        { bucket: localEvidenceBucket },
      ]),
    );
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it('keep a real PDF, once, and record it on the application with an audit entry', async () => {
    const path = await upload(pdf);
    const first = await harness.browse('extra-evidence', path);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/applications/${applicationId}/sections/insurance#evidence`);
    await harness.browse('extra-evidence', path);
    const files = (
      await harness.call('extra-evidence', 'GET', `/api/applications/${applicationId}/audit`)
    ).body.entries.filter((entry: { action: string }) => entry.action === 'evidence-added');
    expect(files).toHaveLength(1);
    expect(files[0].detail).toBe('Added a PDF file (1 KB) to "Insurance"');
  });

  it.each([
    ['a text file calling itself a PDF', new TextEncoder().encode('just some text, not a PDF'), 'wrong-type'],
    ['an executable with a PNG name', Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'wrong-type'],
    [
      'a file over 10 MB (local S3 does not enforce the policy)',
      new Uint8Array(maxEvidenceBytes + 1).fill(0x25),
      'too-big',
    ],
  ])('refuse %s and record nothing', async (_name, bytes, problem) => {
    const before = (await harness.call('extra-evidence', 'GET', `/api/applications/${applicationId}/audit`))
      .body.entries.length;
    const { status, location } = await followUpload(bytes);
    expect(status).toBe(303);
    expect(location).toBe(
      `/applications/${applicationId}/sections/insurance?evidence-error=${problem}#evidence`,
    );
    const after = (await harness.call('extra-evidence', 'GET', `/api/applications/${applicationId}/audit`))
      .body.entries.length;
    expect(after).toBe(before);
    const page = await (await harness.browse('extra-evidence', location.replace('#evidence', ''))).text();
    expect(page).toContain('govuk-file-upload--error');
  });

  it('refuse an upload id that does not belong to this application', async () => {
    const response = await harness.browse(
      'extra-evidence',
      `/applications/${applicationId}/evidence/uploaded?section=insurance&upload=01M6B5CJM0SYGPX2PE4B9F2GN3`,
    );
    expect(response.headers.get('location')).toContain('evidence-error=missing');
  });

  it('hand files out only through short-lived links, to the provider and council staff', async () => {
    await followUpload(png);
    const staffView = await harness.browse('dorset-commissioner', `/applications/review/${applicationId}`);
    const link = /href="(\/applications\/[0-9A-Z]+\/evidence\/[0-9A-Z]+)"/.exec(await staffView.text())?.[1];
    expect(link).toBeTruthy();

    const forProvider = await harness.browse('extra-evidence', link ?? '');
    expect(forProvider.status).toBe(303);
    const signed = new URL(forProvider.headers.get('location') ?? '');
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('300');
    const file = new Uint8Array(await (await fetch(signed)).arrayBuffer());
    expect([...file.slice(0, 5)]).toEqual([...pdf.slice(0, 5)]);

    expect((await harness.browse('dorset-commissioner', link ?? '')).status).toBe(303);
    expect((await harness.browse('dorset-provider-member', link ?? '')).status).toBe(404);
    expect((await harness.browse('bcp-commissioner', link ?? '')).status).toBe(404);
    expect((await harness.browse('dorset-person-dp', link ?? '')).status).toBe(403);
  });
});
