import { createProviderRepository } from '../../functions/applications/repositories/providers';
import type { Person, PersonInput, RepresentativeLink } from '../../functions/checkout/domain/people';
import {
  createPersonRepository,
  PersonReferenceTakenError,
} from '../../functions/checkout/repositories/people';
import { createStripeRecords } from '../../functions/checkout/repositories/stripe-records';
import type { PaymentGateway } from '../../functions/checkout/services/payment-gateway';
import type { Actor } from '../../shared/domain/users';
import type { Table } from '../../shared/table/client';
import { ukToday } from '../../shared/time/uk-dates';
import { demoUsers } from './demo-data';

/**
 * The demo's people and their budgets, and the representative who books for one of them. Ids are
 * fixed so a second seeding finds them there. Budgets run in 4-week periods from a Monday early
 * in 2026, so there is always a current period.
 */
type DemoPerson = Omit<PersonInput, 'individualServiceFund'> & {
  id: string;
  councilId: string;
  /** ISF: held by the organisation this demo user runs (the first one found). */
  isf?: { amountPence: number; holderOwners: string[] };
};

const budgetStart = '2026-01-05';

export const demoPeople: DemoPerson[] = [
  {
    id: '0000000000demoperson00tom1',
    councilId: 'dorset',
    reference: 'DC-104233',
    name: 'Tom Ellery',
    contactPreference: 'email',
    email: 'tom.ellery@example.org',
    homeDistrict: 'DT1',
    directPayment: { amountPence: 48_000, periodWeeks: 4, startsOn: budgetStart },
    selfFunded: false,
    userId: 'dorset-person-dp',
  },
  {
    id: '0000000000demoperson0grace',
    councilId: 'dorset',
    reference: 'DC-118902',
    name: 'Grace Mbeki',
    contactPreference: 'phone',
    phone: '01305 221 904',
    homeDistrict: 'DT4',
    selfFunded: false,
    userId: 'dorset-person-isf',
    isf: { amountPence: 60_000, holderOwners: ['dorset-provider-hub', 'dorset-provider-member'] },
  },
  {
    id: '0000000000demoperson0derek',
    councilId: 'dorset',
    reference: 'DC-120417',
    name: 'Derek Lowe',
    contactPreference: 'email',
    email: 'derek.lowe@example.org',
    homeDistrict: 'DT11',
    selfFunded: true,
    userId: 'dorset-person-self',
  },
  {
    id: '0000000000demoperson00ruby',
    councilId: 'bcp',
    reference: 'BCP-55120',
    name: 'Ruby Chen',
    contactPreference: 'text',
    phone: '07700 900 412',
    homeDistrict: 'BH14',
    directPayment: { amountPence: 36_000, periodWeeks: 4, startsOn: budgetStart },
    selfFunded: true,
    userId: 'bcp-person-dp',
  },
];

const commissioner = demoUsers.find((user) => user.id === 'dorset-commissioner');
const approver: Actor = {
  id: 'dorset-commissioner',
  name: commissioner?.name ?? 'Commissioner',
  role: 'commissioner',
};

export async function seedDemoCheckout(table: Table, now = new Date()): Promise<boolean[]> {
  const people = createPersonRepository(table);
  const providers = createProviderRepository(table);
  const results: boolean[] = [];
  const at = now.toISOString();
  for (const { isf, ...demo } of demoPeople) {
    let individualServiceFund: Person['individualServiceFund'];
    if (isf) {
      for (const owner of isf.holderOwners) {
        const holder = await providers.findByOwner(demo.councilId, owner);
        if (!holder) continue;
        individualServiceFund = {
          amountPence: isf.amountPence,
          periodWeeks: 4,
          startsOn: budgetStart,
          holderProviderId: holder.id,
          holderName: holder.details.legalName,
        };
        break;
      }
      if (!individualServiceFund) continue;
    }
    try {
      await people.create({
        ...demo,
        ...(individualServiceFund ? { individualServiceFund } : {}),
        createdAt: at,
        updatedAt: at,
        version: 1,
      });
      results.push(true);
    } catch (error) {
      if (!(error instanceof PersonReferenceTakenError)) throw error;
      results.push(false);
    }
  }
  // Representatives as the demo users describe them (Helen Ellery cares for Tom).
  for (const user of demoUsers) {
    if (user.role !== 'representative' || !user.represents) continue;
    const person = demoPeople.find((candidate) => candidate.userId === user.represents?.userId);
    if (!person) continue;
    const link: RepresentativeLink = {
      personId: person.id,
      councilId: user.councilId,
      userId: user.id,
      userName: user.name,
      type: user.represents.type,
      approvedBy: approver,
      approvedAt: at,
    };
    results.push(await people.addRepresentative(link));
  }
  return results;
}

/**
 * Gives one provider organisation a connected account on the local Stripe emulator, fully
 * onboarded, and records it, so its sessions take card payments. Returns the account id.
 */
export async function connectPayouts(
  table: Table,
  payments: PaymentGateway,
  completeOnboarding: (accountId: string) => Promise<void>,
  organisation: { councilId: string; providerId: string; email: string },
  now = new Date(),
): Promise<string> {
  const { councilId, providerId, email } = organisation;
  const account = await payments.createAccount({
    email,
    councilId,
    providerId,
    idempotencyKey: `demo-connect-${providerId}`,
  });
  await completeOnboarding(account.id);
  await createStripeRecords(table).savePayouts({
    councilId,
    providerId,
    stripeAccountId: account.id,
    chargesEnabled: true,
    payoutsEnabled: true,
    detailsSubmitted: true,
    updatedAt: now.toISOString(),
  });
  return account.id;
}

/**
 * Gives every demo provider organisation a connected account on the local Stripe emulator, fully
 * onboarded, so their sessions take card payments. The emulator keeps nothing between runs, so
 * this runs at every start and replaces the accounts recorded last time.
 */
export async function connectDemoPayouts(
  table: Table,
  payments: PaymentGateway,
  completeOnboarding: (accountId: string) => Promise<void>,
  now = new Date(),
): Promise<number> {
  const providers = createProviderRepository(table);
  let connected = 0;
  for (const user of demoUsers) {
    if (user.role !== 'provider') continue;
    const organisation = await providers.findByOwner(user.councilId, user.id);
    if (!organisation) continue;
    await connectPayouts(
      table,
      payments,
      completeOnboarding,
      { councilId: user.councilId, providerId: organisation.id, email: organisation.details.contactEmail },
      now,
    );
    connected += 1;
  }
  return connected;
}

/**
 * An activity's details as a provider enters them (plain data, before validation): the demo
 * farm's riverside walk on three mornings a week from today, taking every way of paying.
 * Tests and benches change what they need with `overrides`.
 */
export const exampleWalkInput = (overrides: Record<string, unknown> = {}, today = ukToday(new Date())) => ({
  title: 'Riverside walk',
  description: 'A gentle walk along the river with a cafe stop half way.',
  lotId: 'spokes',
  activityType: 'walking',
  setting: 'spoke',
  venue: { name: 'Wareham Quay', addressLine1: 'The Quay', town: 'Wareham', postcode: 'BH20 4AA' },
  schedule: {
    slots: [
      { day: 'monday', starts: '10:00', ends: '12:00' },
      { day: 'wednesday', starts: '10:00', ends: '12:00' },
      { day: 'friday', starts: '10:00', ends: '12:00' },
    ],
    startsOn: today,
    exceptions: [],
  },
  placesPerSession: 10,
  price: { amountPence: 1_500, per: 'session' },
  funding: ['direct-payment', 'individual-service-fund', 'self-funded'],
  needs: ['learning-disability'],
  accessibility: ['step-free-access'],
  ageRange: { from: 18 },
  contact: { name: 'Jess Parker', email: 'jess@purbeckfarm.example' },
  ...overrides,
});
