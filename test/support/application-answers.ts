import type { SectionId } from '../../functions/applications/domain/sections';

const isoDay = (date: Date, plusDays: number) =>
  new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Complete, valid answers to every section, as a provider who delivers regulated activity would
 * give them on `today`: policies reviewed in the past, insurance expiring in the future.
 */
export function completeAnswers(
  today = new Date('2026-11-24T10:00:00Z'),
): Record<SectionId, Record<string, unknown>> {
  const past = isoDay(today, -60);
  const future = isoDay(today, 200);
  return {
    organisation: {
      legalName: 'Purbeck Community Farm CIC',
      type: 'cic',
      companyNumber: '12345678',
      address: { line1: 'Hill Farm', town: 'Wareham', postcode: 'bh20 4aa' },
      contactName: 'Jess Parker',
      contactEmail: 'jess@purbeckfarm.example',
      contactPhone: '01929 550000',
      workers: 12,
    },
    lots: { lotIds: ['spokes', 'respite'] },
    areas: { postcodeDistricts: ['BH20', 'dt1'] },
    offer: {
      summary: 'Farm days: animal care, growing food and cooking what we grow, in small groups.',
      needsSupported: ['learning-disability', 'autism'],
      regulatedActivity: true,
    },
    prices: { prices: [{ description: 'Farm day, 10am to 3pm', amountPence: 4500, per: 'day' }] },
    safeguarding: {
      policyInPlace: true,
      policyReviewedOn: past,
      leadName: 'Jess Parker',
      leadTrainingOn: isoDay(today, -400),
    },
    insurance: {
      employsStaff: true,
      publicLiability: { insurer: 'Acme Mutual', coverPence: 500_000_000, expiresOn: future },
      employersLiability: { insurer: 'Acme Mutual', coverPence: 1_000_000_000, expiresOn: future },
      professionalIndemnity: { insurer: 'Acme Mutual', coverPence: 100_000_000, expiresOn: future },
    },
    dbs: { enhancedWithBarredList: true, policyInPlace: true, workersChecked: 12 },
    cqc: { registrationId: '1-101234567' },
    references: {
      referees: [
        {
          name: 'Ann Lee',
          organisation: 'Wareham Town Council',
          email: 'ann@wareham.example',
          relationship: 'Funded our garden project',
        },
        {
          name: 'Bob Kay',
          organisation: 'Purbeck Carers',
          email: 'bob@carers.example',
          relationship: 'Partner for respite days',
        },
      ],
    },
    quality: {
      answers: {
        outcomes: 'We plan each person’s days with them and review progress every month.',
        community: 'People sell what they grow at the Wareham market.',
        involvement: 'A members’ group meets monthly and chooses the activities.',
      },
    },
    declarations: { accurate: true, conflictsDeclared: true, termsAccepted: true },
  };
}
