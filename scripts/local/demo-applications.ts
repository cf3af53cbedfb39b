import {
  type Actor,
  approveApplication,
  type Change,
  evaluateApplication,
  saveSection,
  startApplication,
  submitApplication,
} from '../../functions/applications/domain/application';
import type { OrganisationDetails } from '../../functions/applications/domain/organisation';
import type { SectionId } from '../../functions/applications/domain/sections';
import { createApplicationRepository } from '../../functions/applications/repositories/applications';
import { createFrameworkRepository } from '../../functions/applications/repositories/frameworks';
import { createMembershipRepository } from '../../functions/applications/repositories/memberships';
import {
  createProviderRepository,
  ProviderAlreadyExistsError,
} from '../../functions/applications/repositories/providers';
import type { Table } from '../../shared/table/client';
import { createOutboxRepository } from '../../shared/table/outbox';
import { demoCouncils } from './demo-data';
import { demoFrameworkCreated } from './demo-frameworks';

/** Demo provider organisations: stable ids, so seeding twice adds nothing. */
const demoProviders: { id: string; councilId: string; ownerUserId: string; details: OrganisationDetails }[] =
  [
    {
      id: '01M6B5CJM0SYGPX2PE4B9F2GN3',
      councilId: 'dorset',
      ownerUserId: 'dorset-provider-member',
      details: {
        legalName: 'Purbeck Community Farm CIC',
        type: 'cic',
        companyNumber: '11223344',
        address: { line1: 'Hill Farm, Corfe Road', town: 'Wareham', postcode: 'BH20 5AA' },
        contactName: 'Jess Parker',
        contactEmail: 'jess@purbeckfarm.example',
        contactPhone: '01929 550000',
        workers: 14,
      },
    },
    {
      id: '01M6B5CJM1X7VWABS45HW1V4AS',
      councilId: 'dorset',
      ownerUserId: 'dorset-provider-applicant',
      details: {
        legalName: 'Wessex Walking Group',
        type: 'community-group',
        address: { line1: '4 High West Street', town: 'Dorchester', postcode: 'DT1 1UJ' },
        contactName: 'Sam Hollis',
        contactEmail: 'sam@wessexwalks.example',
        contactPhone: '01305 260000',
        workers: 6,
      },
    },
    {
      id: '01M6B5CJM2MCF8YJRDHTPS0ZY6',
      councilId: 'bcp',
      ownerUserId: 'bcp-provider-member',
      details: {
        legalName: 'Poole Harbour Swim Club',
        type: 'charity',
        charityNumber: '1098765',
        address: { line1: 'Harbourside Leisure Centre', town: 'Poole', postcode: 'BH15 1SZ' },
        contactName: 'Ola Adeyemi',
        contactEmail: 'ola@pooleswim.example',
        contactPhone: '01202 670000',
        workers: 22,
      },
    },
  ];

const pendingApplicationId = '01M6B5CJM3TYE6C92RKKJZBHDR';
const approvedApplicationId = '01M6B5CJM4C5GYD0MAGD9NJX4F';
const approvedMembershipId = '01M6B5CJM5YTH4T2DDZW93V1T6';

const isoDay = (from: Date, plusDays: number) =>
  new Date(from.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);

/** The walking group's answers: a micro-provider, so one referee and no professional indemnity. */
function walkingGroupAnswers(
  details: OrganisationDetails,
  today: Date,
): Record<Exclude<SectionId, 'cqc'>, unknown> {
  const renewal = isoDay(today, 240);
  return {
    organisation: details,
    lots: { lotIds: ['spokes'] },
    areas: { postcodeDistricts: ['DT1', 'DT2', 'DT11'] },
    offer: {
      summary:
        'Led walks of one to five miles around Dorchester, at an easy pace, with a café stop. Weekday mornings and Saturday afternoons.',
      needsSupported: ['learning-disability', 'mental-health', 'older-people'],
      regulatedActivity: false,
    },
    prices: { prices: [{ description: 'Led walk, about two hours', amountPence: 800, per: 'session' }] },
    safeguarding: {
      policyInPlace: true,
      policyReviewedOn: isoDay(today, -90),
      leadName: 'Sam Hollis',
      leadTrainingOn: isoDay(today, -200),
    },
    insurance: {
      employsStaff: false,
      publicLiability: { insurer: 'Ramblers Mutual', coverPence: 500_000_000, expiresOn: renewal },
    },
    dbs: { enhancedWithBarredList: true, policyInPlace: true, workersChecked: 6 },
    references: {
      referees: [
        {
          name: 'Priti Nair',
          organisation: 'Dorchester Town Council',
          email: 'priti.nair@dorchester.example',
          relationship: 'Grants officer for our walks programme',
        },
      ],
    },
    quality: {
      answers: {
        outcomes:
          'Each walker sets a goal with us, such as walking to the shops alone, and we review it every month.',
        community: 'Walks end at local cafés and the library, and walkers volunteer at the Saturday parkrun.',
        involvement: 'Walkers choose the routes at a monthly meeting, and carers can join any walk for free.',
      },
    },
    declarations: { accurate: true, conflictsDeclared: true, termsAccepted: true },
  };
}

/** The farm's answers: 14 workers, so the standard requirements, and no regulated activity. */
function farmAnswers(details: OrganisationDetails, today: Date): Record<Exclude<SectionId, 'cqc'>, unknown> {
  const renewal = isoDay(today, 75);
  return {
    organisation: details,
    lots: { lotIds: ['spokes', 'employment'] },
    areas: { postcodeDistricts: ['BH19', 'BH20', 'DT1'] },
    offer: {
      summary:
        'Farm days: caring for animals, growing vegetables and cooking lunch from them, plus work experience in the farm shop.',
      needsSupported: ['learning-disability', 'autism', 'physical-disability'],
      regulatedActivity: false,
    },
    prices: {
      prices: [
        { description: 'Farm day, 10am to 3pm', amountPence: 4500, per: 'day' },
        { description: 'Farm shop work experience', amountPence: 900, per: 'hour' },
      ],
    },
    safeguarding: {
      policyInPlace: true,
      policyReviewedOn: isoDay(today, -120),
      leadName: 'Jess Parker',
      leadTrainingOn: isoDay(today, -700),
    },
    insurance: {
      employsStaff: true,
      publicLiability: { insurer: 'NFU Mutual', coverPence: 1_000_000_000, expiresOn: renewal },
      employersLiability: { insurer: 'NFU Mutual', coverPence: 1_000_000_000, expiresOn: renewal },
      professionalIndemnity: {
        insurer: 'NFU Mutual',
        coverPence: 200_000_000,
        expiresOn: isoDay(today, 300),
      },
    },
    dbs: { enhancedWithBarredList: true, policyInPlace: true, workersChecked: 14 },
    references: {
      referees: [
        {
          name: 'Helen Marsh',
          organisation: 'Purbeck Carers Network',
          email: 'helen@purbeckcarers.example',
          relationship: 'Refers carers to our respite days',
        },
        {
          name: 'Dev Patel',
          organisation: 'Kingston Maurward College',
          email: 'dev.patel@kmc.example',
          relationship: 'Placement partner for our trainees',
        },
      ],
    },
    quality: {
      answers: {
        outcomes:
          'Each person has a farm plan with their own goals, such as handling money in the shop, reviewed every six weeks.',
        community: 'Visitors buy what our members grow, and members deliver veg boxes in the village.',
        involvement: 'A members’ council meets monthly and decides the seasonal projects.',
      },
    },
    declarations: { accurate: true, conflictsDeclared: true, termsAccepted: true },
  };
}

/**
 * Frameworks for each demo council, provider organisations for the demo providers, an approved
 * membership for the farm and a submitted application from the walking group, built through the
 * same domain rules as real ones.
 */
export async function seedDemoApplications(table: Table, now = new Date()): Promise<boolean[]> {
  const frameworks = createFrameworkRepository(table);
  const providers = createProviderRepository(table);
  const applications = createApplicationRepository(table);
  const memberships = createMembershipRepository(table, createOutboxRepository(table));
  const added: boolean[] = [];

  for (const council of demoCouncils)
    added.push(await frameworks.add(demoFrameworkCreated(council.id, council.name, now), now));
  for (const provider of demoProviders) {
    try {
      await providers.add({ ...provider, createdAt: now.toISOString() }, now);
      added.push(true);
    } catch (error) {
      if (!(error instanceof ProviderAlreadyExistsError)) throw error;
      added.push(false);
    }
  }

  const framework = await frameworks.get('dorset', 'dorset-day-opportunities');
  const [farm, walkers] = demoProviders;
  if (!farm || !walkers || !framework) throw new Error('demo providers or Dorset framework missing');

  /** Starts, completes and submits an application through the domain, saving each step. */
  const submitDemo = async (
    id: string,
    provider: (typeof demoProviders)[number],
    actor: Actor,
    answers: Record<string, unknown>,
  ) => {
    let change: Change = startApplication({ id, framework, provider, actor, now });
    await applications.create(change);
    for (const [section, sectionAnswers] of Object.entries(answers)) {
      change = saveSection(change.application, section as SectionId, sectionAnswers, true, actor, now);
      await applications.save(change);
    }
    change = submitApplication(change.application, actor, now);
    await applications.save(change);
    return change;
  };

  if (await applications.get('dorset', approvedApplicationId)) {
    added.push(false);
  } else {
    const owner: Actor = {
      id: farm.ownerUserId,
      name: 'Jess Parker (Purbeck Community Farm)',
      role: 'provider',
    };
    const commissioner: Actor = { id: 'dorset-commissioner', name: 'Amara Okafor', role: 'commissioner' };
    const submitted = await submitDemo(approvedApplicationId, farm, owner, farmAnswers(farm.details, now));
    const pass = { result: 'pass' as const, note: '' };
    const evaluated = evaluateApplication(
      submitted.application,
      {
        criteria: { eligibility: pass, safeguarding: pass, insurance: pass, dbs: pass },
        scores: {
          outcomes: { score: 4, note: '' },
          community: { score: 5, note: '' },
          involvement: { score: 3, note: '' },
        },
      },
      commissioner,
      now,
    );
    await applications.save(evaluated);
    const approved = approveApplication(
      evaluated.application,
      'Strong outcomes and community links.',
      approvedMembershipId,
      commissioner,
      now,
    );
    await applications.save(approved, [memberships.insertWrite(approved.membership)]);
    added.push(true);
  }

  if (await applications.get('dorset', pendingApplicationId)) {
    added.push(false);
  } else {
    const owner: Actor = {
      id: walkers.ownerUserId,
      name: 'Sam Hollis (Wessex Walking Group)',
      role: 'provider',
    };
    await submitDemo(pendingApplicationId, walkers, owner, walkingGroupAnswers(walkers.details, now));
    added.push(true);
  }
  return added;
}
