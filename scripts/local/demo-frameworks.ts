import {
  createFramework,
  type Framework,
  type FrameworkChange,
} from '../../functions/applications/domain/framework';

/**
 * The day-opportunities framework each demo council runs: rolling admission (the councils' "open
 * framework"), the hub-and-spoke lots from the council papers, and proportionate rules for
 * micro-providers.
 */
export function dayOpportunitiesFramework(councilId: string, councilName: string): Framework {
  return {
    id: `${councilId}-day-opportunities`,
    councilId,
    name: `${councilName} day opportunities open framework`,
    description:
      'An approved list of organisations providing day opportunities for adults who draw on care and support: ' +
      'building-based hubs and community activities. Open to new providers at any time.',
    lots: [
      {
        id: 'hub',
        name: 'Building-based hub',
        description: 'A building-based focus of local activity, open at least five days a week.',
      },
      {
        id: 'spokes',
        name: 'Community activities (spokes)',
        description: 'Gardening, farms, walking, swimming, arts, clubs and more in the community.',
      },
      {
        id: 'specialist',
        name: 'Specialist support for complex needs',
        description: 'Support for people with complex needs, including personal care.',
      },
      {
        id: 'respite',
        name: "Carers' respite",
        description: 'Day-time breaks that give unpaid carers time for themselves.',
      },
      {
        id: 'employment',
        name: 'Employment and skills',
        description: 'Employment preparation, volunteering and travel training.',
      },
    ],
    selectionCriteria: [
      { id: 'eligibility', text: 'The organisation is eligible and its registration details check out.' },
      { id: 'safeguarding', text: 'Safeguarding arrangements meet the Safeguarding Adults Board standards.' },
      { id: 'insurance', text: 'Insurance cover meets the framework minimums.' },
      {
        id: 'dbs',
        text: 'Everyone working with adults has an enhanced DBS check with the adults barred list.',
      },
    ],
    qualityQuestions: [
      {
        id: 'outcomes',
        text: 'How do you help people reach the outcomes that matter to them?',
        weight: 3,
        wordLimit: 300,
      },
      {
        id: 'community',
        text: 'How do your activities connect people with their local community?',
        weight: 2,
        wordLimit: 300,
      },
      {
        id: 'involvement',
        text: 'How do people who use your service and their carers shape what you do?',
        weight: 1,
        wordLimit: 200,
      },
    ],
    passMarkPercent: 60,
    term: { starts: '2025-04-01', ends: '2033-03-31' },
    admission: { kind: 'rolling' },
    standardRules: {
      professionalIndemnityRequired: true,
      referencesRequired: 2,
      publicLiabilityMinimumPence: 500_000_000,
    },
    microProviderRules: {
      professionalIndemnityRequired: false,
      referencesRequired: 1,
      publicLiabilityMinimumPence: 200_000_000,
    },
    // A yearly policy review is low risk; insurance and training still go past a commissioner.
    autoAcceptRenewals: ['safeguarding-policy-review'],
    version: 1,
  };
}

/** The demo framework as the seed adds it: created by the demo data, with its first audit entry. */
export function demoFrameworkCreated(councilId: string, councilName: string, now: Date): FrameworkChange {
  const { id, version: _version, ...input } = dayOpportunitiesFramework(councilId, councilName);
  return createFramework(input, { id, councilId }, { id: 'system', name: 'Demo data', role: 'admin' }, now);
}
