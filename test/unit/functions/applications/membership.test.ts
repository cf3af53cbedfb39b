import { describe, expect, it } from 'vitest';
import {
  acceptRenewal,
  checkCompliance,
  type Membership,
  MembershipRuleError,
  submitRenewal,
} from '../../../../functions/applications/domain/membership';

const now = new Date('2026-11-24T10:00:00Z');
const by = { id: 'u', name: 'Jess Parker' };
const document = { key: 'evidence/k', contentType: 'application/pdf', sizeBytes: 1000 };

function membership(overrides: Partial<Membership> = {}): Membership {
  return {
    id: 'm1',
    councilId: 'dorset',
    frameworkId: 'f',
    frameworkName: 'Dorset framework',
    providerId: 'p',
    providerName: 'Farm',
    applicationId: 'a',
    contact: { name: 'Jess', email: 'jess@example.org' },
    lotIds: ['spokes'],
    startsOn: '2026-01-01',
    status: 'suspended',
    complianceItems: [
      { kind: 'public-liability', expiresOn: '2026-11-01', mandatory: true },
      { kind: 'professional-indemnity', expiresOn: '2026-10-01', mandatory: false },
      { kind: 'safeguarding-training', expiresOn: '2027-12-01', mandatory: true },
    ],
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    version: 3,
    ...overrides,
  };
}

describe('compliance check', () => {
  it('flags items expiring within 30 days and suspends only for expired mandatory items', () => {
    const active = membership({ status: 'active' });
    expect(checkCompliance(active, '2026-11-24')).toMatchObject({ expiringSoon: [], suspend: true });
    expect(checkCompliance(active, '2026-11-24').lapsed.map((item) => item.kind)).toEqual([
      'public-liability',
    ]);
    expect(checkCompliance(active, '2026-10-15').expiringSoon.map((item) => item.kind)).toEqual([
      'public-liability',
    ]);
    expect(checkCompliance(membership(), '2026-11-24').suspend).toBe(false);
  });
});

describe('renewals', () => {
  it('refuse a document the membership does not need, or a date that is not in the future', () => {
    expect(() =>
      submitRenewal(
        membership(),
        { id: 'r', kind: 'employers-liability', expiresOn: '2027-11-01', document },
        by,
        '2026-11-24',
        now,
      ),
    ).toThrow(MembershipRuleError);
    expect(() =>
      submitRenewal(
        membership(),
        { id: 'r', kind: 'public-liability', expiresOn: '2026-11-24', document },
        by,
        '2026-11-24',
        now,
      ),
    ).toThrow('The new expiry date must be in the future.');
  });

  it('replace a renewal still waiting for the same document', () => {
    const once = submitRenewal(
      membership(),
      { id: 'r1', kind: 'public-liability', expiresOn: '2027-11-01', document },
      by,
      '2026-11-24',
      now,
    );
    const twice = submitRenewal(
      once,
      { id: 'r2', kind: 'public-liability', expiresOn: '2027-12-01', document },
      by,
      '2026-11-24',
      now,
    );
    expect(twice.renewals?.map((renewal) => renewal.id)).toEqual(['r2']);
    expect(twice.version).toBe(5);
  });

  it('reinstate a suspended membership once no mandatory document is expired; a lapsed optional one does not matter', () => {
    const sent = submitRenewal(
      membership(),
      { id: 'r1', kind: 'public-liability', expiresOn: '2027-11-01', document },
      by,
      '2026-11-24',
      now,
    );
    const { membership: after, reinstated } = acceptRenewal(sent, 'r1', by, '2026-11-24', now);
    expect(reinstated).toBe(true);
    expect(after.status).toBe('active');
    expect(after.complianceItems.find((item) => item.kind === 'public-liability')?.expiresOn).toBe(
      '2027-11-01',
    );
    expect(() => acceptRenewal(after, 'r1', by, '2026-11-24', now)).toThrow(
      'This renewal has already been accepted.',
    );
  });
});
