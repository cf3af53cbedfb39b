import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runComplianceSweep } from '../../../functions/applications/jobs/compliance-sweep';
import {
  createMembershipRepository,
  type MembershipRepository,
} from '../../../functions/applications/repositories/memberships';
import { createEvidenceStore } from '../../../functions/applications/storage/evidence-store';
import { localEvidenceBucket, startLocalS3 } from '../../../scripts/local/local-s3';
import { createLogger } from '../../../shared/log/logger';
import { createCouncilRepository } from '../../../shared/table/councils';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { applicationsAppWithDemoData } from '../../support/local-app';

/**
 * The farm's insurance (seeded to renew 75 days on) lapses; the daily check suspends the
 * membership; the farm sends renewed documents; a commissioner accepts them and the membership
 * is active again. The app's clock stands 80 days on; S3 is s3rver, the table DynamoDB Local.
 */
const s3Dir = mkdtempSync(join(tmpdir(), 'renewals-'));
const later = new Date(Date.now() + 80 * 86_400_000);
const isoDay = (days: number) => new Date(later.getTime() + days * 86_400_000).toISOString().slice(0, 10);
let s3: Awaited<ReturnType<typeof startLocalS3>>;
let harness: Awaited<ReturnType<typeof applicationsAppWithDemoData>>;
let memberships: MembershipRepository;
let membershipId: string;

beforeAll(async () => {
  s3 = await startLocalS3(s3Dir);
  const evidence = createEvidenceStore({
    bucket: localEvidenceBucket,
    region: 'eu-west-2',
    endpoint: s3.endpoint,
  });
  harness = await applicationsAppWithDemoData({ evidence, now: () => later });
  memberships = createMembershipRepository(harness.table, createOutboxRepository(harness.table));
  await runComplianceSweep(
    { councils: createCouncilRepository(harness.table), memberships, logger: createLogger('silent') },
    later,
  );
  membershipId = (await memberships.listByCouncil('dorset'))[0]?.id ?? '';
});

afterAll(async () => {
  await s3?.stop();
  rmSync(s3Dir, { recursive: true, force: true });
});

/** Sends one renewed document the way a browser does: the form, then S3, then back to the service. */
async function renew(kind: string, expiresOn: string, bytes: Uint8Array) {
  const [year, month, day] = expiresOn.split('-');
  const page = await harness.submit(
    'dorset-provider-member',
    `/applications/memberships/${membershipId}/renewals`,
    {
      kind,
      'expiresOn-day': day ?? '',
      'expiresOn-month': month ?? '',
      'expiresOn-year': year ?? '',
    },
  );
  const html = await page.text();
  const action = /<form method="post" action="(http:\/\/127\.0\.0\.1:\d+\/evidence)"/.exec(html)?.[1];
  if (!action) return { status: page.status, html };
  const form = new FormData();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/>/g)) {
    form.append(name ?? '', (value ?? '').replaceAll('&amp;', '&'));
  }
  form.append('file', new Blob([Buffer.from(bytes)]), 'renewal.pdf');
  const toS3 = await fetch(action, { method: 'POST', body: form, redirect: 'manual' });
  const back = new URL(toS3.headers.get('location') ?? '');
  const landed = await harness.browse('dorset-provider-member', `${back.pathname}${back.search}`);
  return { status: landed.status, location: landed.headers.get('location') ?? '' };
}

const pdf = new TextEncoder().encode('%PDF-1.7\nrenewed certificate\n%%EOF\n');

describe('renewing lapsed documents', () => {
  it('starts from a membership suspended by the daily check', async () => {
    expect((await memberships.get('dorset', membershipId))?.status).toBe('suspended');
    const page = await (
      await harness.browse('dorset-provider-member', `/applications/memberships/${membershipId}`)
    ).text();
    expect(page).toContain('Your membership is suspended');
  });

  it('refuses a new expiry date in the past, and a document that is not a PDF, JPG or PNG', async () => {
    const past = await renew('public-liability', isoDay(-1), pdf);
    expect(past.status).toBe(400);
    expect(past.html).toContain('The new expiry date must be in the future');
    const notPdf = await renew('public-liability', isoDay(300), new TextEncoder().encode('plain text'));
    expect(notPdf.location).toBe(`/applications/memberships/${membershipId}?evidence-error=wrong-type`);
    expect((await memberships.get('dorset', membershipId))?.renewals ?? []).toEqual([]);
  });

  it('keeps the membership suspended until every expired mandatory document is renewed and accepted', async () => {
    expect((await renew('public-liability', isoDay(365), pdf)).location).toBe(
      `/applications/memberships/${membershipId}?renewal=sent`,
    );
    let membership = await memberships.get('dorset', membershipId);
    const first = membership?.renewals?.[0];
    expect(first).toMatchObject({
      kind: 'public-liability',
      status: 'awaiting-review',
      expiresOn: isoDay(365),
    });

    const staffPage = await (
      await harness.browse('dorset-commissioner', `/applications/members/${membershipId}`)
    ).text();
    expect(staffPage).toContain('Accept renewal');
    expect(
      (
        await harness.browse(
          'dorset-commissioner',
          `/applications/memberships/${membershipId}/renewals/${first?.id}/document`,
        )
      ).status,
    ).toBe(303);
    expect((await harness.browse('bcp-commissioner', `/applications/members/${membershipId}`)).status).toBe(
      404,
    );

    const accepted = await harness.submit(
      'dorset-commissioner',
      `/applications/members/${membershipId}/renewals/${first?.id}/accept`,
      {
        version: String(membership?.version),
      },
    );
    expect(accepted.status).toBe(303);
    membership = await memberships.get('dorset', membershipId);
    expect(membership?.status).toBe('suspended');
    expect(membership?.complianceItems.find((item) => item.kind === 'public-liability')?.expiresOn).toBe(
      isoDay(365),
    );

    await renew('employers-liability', isoDay(365), pdf);
    membership = await memberships.get('dorset', membershipId);
    const second = membership?.renewals?.find((renewal) => renewal.kind === 'employers-liability');
    const stale = await harness.submit(
      'dorset-commissioner',
      `/applications/members/${membershipId}/renewals/${second?.id}/accept`,
      { version: '1' },
    );
    expect(stale.status).toBe(409);
    await harness.submit(
      'dorset-commissioner',
      `/applications/members/${membershipId}/renewals/${second?.id}/accept`,
      {
        version: String(membership?.version),
      },
    );
    expect((await memberships.get('dorset', membershipId))?.status).toBe('active');

    const trail = await memberships.auditTrail('dorset', membershipId);
    expect(trail.map((entry) => entry.action)).toEqual([
      'suspended',
      'renewal-submitted',
      'renewal-accepted',
      'renewal-submitted',
      'reinstated',
    ]);
    const [latest] = await createOutboxRepository(harness.table).listByCouncil('dorset');
    expect(latest).toMatchObject({
      to: { email: 'jess@purbeckfarm.example' },
      subject: 'Your membership of Dorset Council day opportunities open framework is active again',
    });
  });

  it('accepts at once the documents the framework’s rule names, saying so in the history', async () => {
    const before = await createOutboxRepository(harness.table).listByCouncil('dorset');
    expect((await renew('safeguarding-policy-review', isoDay(300), pdf)).location).toBe(
      `/applications/memberships/${membershipId}?renewal=accepted`,
    );
    const membership = await memberships.get('dorset', membershipId);
    expect(
      membership?.complianceItems.find((item) => item.kind === 'safeguarding-policy-review')?.expiresOn,
    ).toBe(isoDay(300));
    expect(membership?.renewals?.at(-1)).toMatchObject({
      kind: 'safeguarding-policy-review',
      status: 'accepted',
      decidedBy: { id: 'rule', name: 'Automatic acceptance rule' },
    });
    expect((await memberships.auditTrail('dorset', membershipId)).slice(-2)).toEqual([
      expect.objectContaining({ action: 'renewal-submitted' }),
      expect.objectContaining({
        action: 'renewal-accepted',
        actor: expect.objectContaining({ name: 'Automatic acceptance rule' }),
        detail:
          'Accepted the renewed safeguarding policy review under the framework’s rule for this document',
      }),
    ]);
    const after = await createOutboxRepository(harness.table).listByCouncil('dorset');
    const added = after.filter((message) => !before.some((old) => old.id === message.id));
    // The provider hears it was accepted; the commissioners are not asked to check it.
    expect(added.map((message) => message.to.email)).toEqual(['jess@purbeckfarm.example']);
    const page = await (
      await harness.browse(
        'dorset-provider-member',
        `/applications/memberships/${membershipId}?renewal=accepted`,
      )
    ).text();
    expect(page).toContain('your document has been accepted');
  });

  it('is only for the membership’s own provider and the council’s staff', async () => {
    expect(
      (await harness.browse('dorset-provider-applicant', `/applications/memberships/${membershipId}`)).status,
    ).toBe(404);
    expect(
      (await harness.browse('dorset-provider-member', `/applications/members/${membershipId}`)).status,
    ).toBe(403);
  });
});

describe('refusing a renewal', () => {
  it('needs a reason, keeps the old expiry date, tells the provider and records it', async () => {
    await renew('professional-indemnity', isoDay(400), pdf);
    let membership = await memberships.get('dorset', membershipId);
    const renewal = membership?.renewals?.find((candidate) => candidate.kind === 'professional-indemnity');
    const before = membership?.complianceItems.find(
      (item) => item.kind === 'professional-indemnity',
    )?.expiresOn;
    const path = `/applications/members/${membershipId}/renewals/${renewal?.id}/refuse`;

    const noReason = await harness.submit('dorset-commissioner', path, {
      version: String(membership?.version),
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('Enter the reason for refusing the renewal');

    const refused = await harness.submit('dorset-commissioner', path, {
      version: String(membership?.version),
      reason: 'The certificate is for a different organisation',
    });
    expect(refused.status).toBe(303);
    membership = await memberships.get('dorset', membershipId);
    expect(membership?.renewals?.find((candidate) => candidate.id === renewal?.id)).toMatchObject({
      status: 'refused',
      reason: 'The certificate is for a different organisation',
    });
    expect(
      membership?.complianceItems.find((item) => item.kind === 'professional-indemnity')?.expiresOn,
    ).toBe(before);
    expect((await memberships.auditTrail('dorset', membershipId)).at(-1)?.action).toBe('renewal-refused');
    const [latest] = await createOutboxRepository(harness.table).listByCouncil('dorset');
    expect(latest).toMatchObject({ subject: 'Renewal not accepted: Professional indemnity insurance' });
    const page = await (
      await harness.browse('dorset-provider-member', `/applications/memberships/${membershipId}`)
    ).text();
    expect(page).toContain('Not accepted: The certificate is for a different organisation');

    const again = await harness.submit('dorset-commissioner', path, {
      version: String(membership?.version),
      reason: 'Twice',
    });
    expect(again.status).toBe(409);
  });
});
