import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Framework } from '../../functions/applications/domain/framework';
import type { ComplianceItem, Membership } from '../../functions/applications/domain/membership';
import type { OrganisationDetails } from '../../functions/applications/domain/organisation';
import { createFrameworkRepository } from '../../functions/applications/repositories/frameworks';
import { createMembershipRepository } from '../../functions/applications/repositories/memberships';
import {
  createProviderRepository,
  ProviderAlreadyExistsError,
  type ProviderOrganisation,
} from '../../functions/applications/repositories/providers';
import {
  type AccessibilityFeature,
  type ActivityInput,
  type ActivityType,
  activityInputSchema,
} from '../../functions/catalogue/domain/activity';
import { createActivityRepository } from '../../functions/catalogue/repositories/activities';
import { createListingRepository } from '../../functions/catalogue/repositories/listings';
import { createSessionRepository } from '../../functions/catalogue/repositories/sessions';
import { createCatalogueService } from '../../functions/catalogue/services/catalogue-service';
import type { Need } from '../../shared/domain/needs';
import type { FundingRoute, SignedInUser } from '../../shared/domain/users';
import { createOfflinePostcodeLookup, postcodeItem } from '../../shared/postcodes/offline-lookup';
import { isConditionalCheckFailed, type Table } from '../../shared/table/client';
import { createOutboxRepository } from '../../shared/table/outbox';
import { addDays, type Weekday } from '../../shared/time/london-time';
import { ukToday } from '../../shared/time/uk-dates';
import { demoUsers } from './demo-data';

/**
 * The demo catalogue: framework members in both councils and the day opportunities they offer,
 * from building-based hubs to the community activities (spokes) around them, published through
 * the catalogue service as a provider would. Ids and titles are stable, so seeding twice adds
 * nothing the second time.
 */

type DemoCouncil = 'dorset' | 'bcp';

/** Members whose organisation the demo applications do not already make. */
const demoMemberOrganisations: {
  id: string;
  councilId: DemoCouncil;
  ownerUserId: string;
  details: OrganisationDetails;
}[] = [
  {
    id: '01EH4HQT807C6Z5QN821AJWWTP',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-hub',
    details: {
      legalName: 'Colliton Day Services',
      type: 'charity',
      charityNumber: '1145203',
      address: { line1: 'Colliton Day Centre, Colliton Park', town: 'Dorchester', postcode: 'DT1 1XJ' },
      contactName: 'Claire Moss',
      contactEmail: 'claire@collitondayservices.example',
      contactPhone: '01305 251300',
      workers: 48,
    },
  },
  {
    id: '01EH4HQT810W0E2ZADKK1NDE63',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-arts',
    details: {
      legalName: 'Weymouth Harbour Arts CIC',
      type: 'cic',
      companyNumber: '12876543',
      address: { line1: '3 Hope Square', town: 'Weymouth', postcode: 'DT4 8TR' },
      contactName: 'Kofi Mensah',
      contactEmail: 'kofi@weymouthharbourarts.example',
      contactPhone: '01305 788400',
      workers: 7,
    },
  },
  {
    id: '01EH4HQT82Q7HKH2B3Q8TV2KF9',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-employment',
    details: {
      legalName: 'Bridport Pathways to Work',
      type: 'charity',
      charityNumber: '1173318',
      address: { line1: 'Rax Lane', town: 'Bridport', postcode: 'DT6 3JP' },
      contactName: 'Bethan Hughes',
      contactEmail: 'bethan@bridportpathways.example',
      contactPhone: '01308 420900',
      workers: 12,
    },
  },
  {
    id: '01EH4HQT83CNG6XGMEECZG5HEB',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-hub',
    details: {
      legalName: 'Bournemouth Community Hubs',
      type: 'charity',
      charityNumber: '1101477',
      address: { line1: 'Boscombe Day Centre, Palmerston Road', town: 'Bournemouth', postcode: 'BH5 1BQ' },
      contactName: 'Nadia Rahman',
      contactEmail: 'nadia@bournemouthhubs.example',
      contactPhone: '01202 451700',
      workers: 63,
    },
  },
  {
    id: '01EH4HQT84Q6K4RH7YHGKJWGPD',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-garden',
    details: {
      legalName: 'Christchurch Green Fingers',
      type: 'community-group',
      address: { line1: 'Purewell Allotments, Purewell', town: 'Christchurch', postcode: 'BH23 1EN' },
      contactName: 'Pete Lawson',
      contactEmail: 'pete@christchurchgreenfingers.example',
      contactPhone: '01202 486200',
      workers: 5,
    },
  },
  {
    id: '01EH4HQT852SK63DRXEWC2857K',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-travel',
    details: {
      legalName: 'Poole Travel Confidence CIC',
      type: 'cic',
      companyNumber: '13390217',
      address: { line1: '12 Parr Street', town: 'Poole', postcode: 'BH14 0JY' },
      contactName: 'Aisha Bello',
      contactEmail: 'aisha@pooletravelconfidence.example',
      contactPhone: '01202 738100',
      workers: 9,
    },
  },
];

/**
 * Active memberships of each council's demo framework. These members joined before the service
 * did, so there is no application behind them here: the application id is the old framework's.
 * The swim club's organisation comes from the demo applications; it had no membership yet.
 */
const demoMemberships: {
  id: string;
  applicationId: string;
  councilId: DemoCouncil;
  ownerUserId: string;
  lotIds: string[];
  /** Micro-providers (8 or fewer workers) need no professional indemnity. */
  micro?: true;
}[] = [
  {
    id: '01EH4HQT86Z1GYMNRCZZK48KZD',
    applicationId: '01EH4HQT8DH93BK36GM2D00Q20',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-member',
    lotIds: ['spokes', 'respite'],
  },
  {
    id: '01EH4HQT87HBZQXTMRJE4SMXMZ',
    applicationId: '01EH4HQT8EF58AHNA0HDT0TX43',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-hub',
    lotIds: ['hub', 'spokes', 'specialist', 'respite'],
  },
  {
    id: '01EH4HQT88640PNYHW9HCC3BSZ',
    applicationId: '01EH4HQT8F9EF3SWP9A65ZM0FX',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-arts',
    lotIds: ['spokes'],
    micro: true,
  },
  {
    id: '01EH4HQT8947BN3FNDEWTZBM9P',
    applicationId: '01EH4HQT8G3TEXXC8MFKT4F834',
    councilId: 'dorset',
    ownerUserId: 'dorset-provider-employment',
    lotIds: ['spokes', 'employment'],
  },
  {
    id: '01EH4HQT8ACQ0M3M1Y470JDWKD',
    applicationId: '01EH4HQT8HVG31V3Q1M8700RPK',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-hub',
    lotIds: ['hub', 'spokes', 'specialist', 'respite'],
  },
  {
    id: '01EH4HQT8BDT50F0WPQVB3TSKB',
    applicationId: '01EH4HQT8JTQ68C4G6RWGSXA3C',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-garden',
    lotIds: ['spokes'],
    micro: true,
  },
  {
    id: '01EH4HQT8C7P6KXSJ7B7B38Z1E',
    applicationId: '01EH4HQT8K0XFY9JF7JAS0M646',
    councilId: 'bcp',
    ownerUserId: 'bcp-provider-travel',
    lotIds: ['spokes', 'employment'],
  },
];

interface DemoVenue {
  name: string;
  addressLine1: string;
  town: string;
  postcode: string;
  latitude: number;
  longitude: number;
}

/**
 * Where the activities happen. Each postcode is stored as an imported one (the offline lookup
 * finds it exactly), placed within about 3 km of its district's centre, so venues in one town
 * still sit apart on the map.
 */
const demoVenues = {
  // Dorset: Dorchester and around (DT1, DT2)
  colliton: {
    name: 'Colliton Day Centre',
    addressLine1: 'Colliton Park',
    town: 'Dorchester',
    postcode: 'DT1 1XJ',
    latitude: 50.7152,
    longitude: -2.4408,
  },
  boroughGardens: {
    name: 'Borough Gardens pavilion',
    addressLine1: 'Cornwall Road',
    town: 'Dorchester',
    postcode: 'DT1 1RX',
    latitude: 50.7118,
    longitude: -2.4413,
  },
  poundbury: {
    name: 'Brownsword Hall',
    addressLine1: 'Pummery Square, Poundbury',
    town: 'Dorchester',
    postcode: 'DT1 3GR',
    latitude: 50.712,
    longitude: -2.461,
  },
  dorchesterSports: {
    name: 'Dorchester Sports Centre',
    addressLine1: "Queen's Avenue",
    town: 'Dorchester',
    postcode: 'DT1 2EW',
    latitude: 50.706,
    longitude: -2.447,
  },
  charminster: {
    name: 'Charminster Village Hall',
    addressLine1: 'North Street',
    town: 'Charminster',
    postcode: 'DT2 9QZ',
    latitude: 50.7335,
    longitude: -2.4585,
  },
  grimstone: {
    name: 'Grimstone Farm workshop barn',
    addressLine1: 'Grimstone',
    town: 'Stratton',
    postcode: 'DT2 9NJ',
    latitude: 50.752,
    longitude: -2.482,
  },
  // Weymouth (DT3, DT4)
  southill: {
    name: 'Southill Community Centre',
    addressLine1: 'Radipole Lane',
    town: 'Weymouth',
    postcode: 'DT3 5HL',
    latitude: 50.639,
    longitude: -2.4715,
  },
  upwey: {
    name: 'Upwey Memorial Hall',
    addressLine1: 'Church Street',
    town: 'Upwey',
    postcode: 'DT3 5QE',
    latitude: 50.66,
    longitude: -2.4725,
  },
  westham: {
    name: 'Westham Carers Centre',
    addressLine1: 'Abbotsbury Road',
    town: 'Weymouth',
    postcode: 'DT4 0BJ',
    latitude: 50.612,
    longitude: -2.475,
  },
  pavilion: {
    name: 'Weymouth Pavilion, Ocean Room',
    addressLine1: 'The Esplanade',
    town: 'Weymouth',
    postcode: 'DT4 8ED',
    latitude: 50.6075,
    longitude: -2.452,
  },
  hopeSquare: {
    name: 'Hope Square studio',
    addressLine1: '3 Hope Square',
    town: 'Weymouth',
    postcode: 'DT4 8TR',
    latitude: 50.607,
    longitude: -2.456,
  },
  weymouthCollege: {
    name: 'Weymouth College, main hall',
    addressLine1: 'Cranford Avenue',
    town: 'Weymouth',
    postcode: 'DT4 7LQ',
    latitude: 50.616,
    longitude: -2.457,
  },
  jubileeClock: {
    name: 'Jubilee Clock, on the seafront',
    addressLine1: 'The Esplanade',
    town: 'Weymouth',
    postcode: 'DT4 7AN',
    latitude: 50.6155,
    longitude: -2.454,
  },
  // West Dorset (DT6) and North Dorset (DT11)
  raxLane: {
    name: 'Bridport Pathways to Work',
    addressLine1: 'Rax Lane',
    town: 'Bridport',
    postcode: 'DT6 3JP',
    latitude: 50.735,
    longitude: -2.763,
  },
  communityShop: {
    name: 'St Michael’s Community Shop',
    addressLine1: 'St Michael’s Lane',
    town: 'Bridport',
    postcode: 'DT6 3RB',
    latitude: 50.7335,
    longitude: -2.765,
  },
  bridportTownHall: {
    name: 'Bridport Town Hall (meet at the front steps)',
    addressLine1: 'East Street',
    town: 'Bridport',
    postcode: 'DT6 3LF',
    latitude: 50.7338,
    longitude: -2.7572,
  },
  cornExchange: {
    name: 'The Corn Exchange',
    addressLine1: 'Market Place',
    town: 'Blandford Forum',
    postcode: 'DT11 7EB',
    latitude: 50.8565,
    longitude: -2.164,
  },
  // Purbeck (BH19, BH20)
  farm: {
    name: 'Purbeck Community Farm',
    addressLine1: 'Hill Farm, Corfe Road',
    town: 'Wareham',
    postcode: 'BH20 5AA',
    latitude: 50.6745,
    longitude: -2.13,
  },
  swanage: {
    name: 'The Mowlem (meet at the front)',
    addressLine1: 'Shore Road',
    town: 'Swanage',
    postcode: 'BH19 1DD',
    latitude: 50.6095,
    longitude: -1.9585,
  },
  // Bournemouth (BH2, BH1, BH5 to BH10)
  boscombe: {
    name: 'Boscombe Day Centre',
    addressLine1: 'Palmerston Road',
    town: 'Bournemouth',
    postcode: 'BH5 1BQ',
    latitude: 50.7262,
    longitude: -1.838,
  },
  pelhams: {
    name: 'Kinson Carers Centre, Pelhams Park',
    addressLine1: 'Millhams Road',
    town: 'Bournemouth',
    postcode: 'BH10 7LH',
    latitude: 50.76,
    longitude: -1.901,
  },
  kingsPark: {
    name: 'Kings Park, 3G pitch',
    addressLine1: 'Kings Park Drive',
    town: 'Bournemouth',
    postcode: 'BH7 7AF',
    latitude: 50.735,
    longitude: -1.83,
  },
  queensPark: {
    name: 'Queens Park pavilion café',
    addressLine1: 'Queens Park West Drive',
    town: 'Bournemouth',
    postcode: 'BH8 9BY',
    latitude: 50.7415,
    longitude: -1.854,
  },
  library: {
    name: 'Bournemouth Library, community room',
    addressLine1: '22 The Triangle',
    town: 'Bournemouth',
    postcode: 'BH2 5RQ',
    latitude: 50.7205,
    longitude: -1.884,
  },
  lansdowne: {
    name: 'Lansdowne Community Kitchen',
    addressLine1: 'Holdenhurst Road',
    town: 'Bournemouth',
    postcode: 'BH1 3JB',
    latitude: 50.7245,
    longitude: -1.864,
  },
  southbourne: {
    name: 'Southbourne Grove church hall',
    addressLine1: 'Southbourne Grove',
    town: 'Bournemouth',
    postcode: 'BH6 3RD',
    latitude: 50.7255,
    longitude: -1.805,
  },
  winton: {
    name: 'Winton Recreation Ground hall',
    addressLine1: 'Wimborne Road',
    town: 'Bournemouth',
    postcode: 'BH9 2HW',
    latitude: 50.747,
    longitude: -1.8745,
  },
  // Christchurch (BH23)
  purewell: {
    name: 'Purewell Allotments',
    addressLine1: 'Purewell',
    town: 'Christchurch',
    postcode: 'BH23 1EN',
    latitude: 50.7375,
    longitude: -1.762,
  },
  christchurchQuay: {
    name: 'Christchurch Quay (by the bandstand)',
    addressLine1: 'Quay Road',
    town: 'Christchurch',
    postcode: 'BH23 1BU',
    latitude: 50.7325,
    longitude: -1.7755,
  },
  burton: {
    name: 'Burton Village Hall garden',
    addressLine1: 'Salisbury Road',
    town: 'Burton',
    postcode: 'BH23 7JG',
    latitude: 50.752,
    longitude: -1.7545,
  },
  // Poole (BH12, BH14, BH15, BH18)
  harbourside: {
    name: 'Harbourside Leisure Centre pool',
    addressLine1: 'Kingland Road',
    town: 'Poole',
    postcode: 'BH15 1SZ',
    latitude: 50.7195,
    longitude: -1.9835,
  },
  pooleBusStation: {
    name: 'Poole bus station (meet at the information desk)',
    addressLine1: 'Kingland Road',
    town: 'Poole',
    postcode: 'BH15 1TD',
    latitude: 50.718,
    longitude: -1.9795,
  },
  ashleyCross: {
    name: 'Ashley Cross Community Hall',
    addressLine1: '12 Parr Street',
    town: 'Poole',
    postcode: 'BH14 0JY',
    latitude: 50.7215,
    longitude: -1.945,
  },
  branksome: {
    name: 'Branksome Community Centre',
    addressLine1: 'Bourne Valley Road',
    town: 'Poole',
    postcode: 'BH12 1DZ',
    latitude: 50.735,
    longitude: -1.925,
  },
  broadstone: {
    name: 'Broadstone Community Food Bank',
    addressLine1: 'The Broadway',
    town: 'Broadstone',
    postcode: 'BH18 8AX',
    latitude: 50.759,
    longitude: -1.993,
  },
} satisfies Record<string, DemoVenue>;
type VenueKey = keyof typeof demoVenues;

/** Dates with no session: the bank holidays around Christmas and New Year. */
type Closure = 'christmas-day' | 'boxing-day' | 'new-years-day';
const closureDates: Record<Closure, string> = {
  'christmas-day': '12-25',
  'boxing-day': '12-26',
  'new-years-day': '01-01',
};

export interface DemoActivity {
  owner: string;
  /** Hubs have a key, and their spokes name it. */
  hubKey?: string;
  spokeOf?: string;
  title: string;
  description: string;
  lotId: string;
  activityType: ActivityType;
  venue: VenueKey;
  slots: [Weekday, string, string][];
  places: number;
  price: [number, 'session' | 'hour'];
  funding: FundingRoute[];
  needs: Need[];
  accessibility: AccessibilityFeature[];
  ageFrom?: number;
  ageTo?: number;
  whatToBring?: string;
  /** A course that runs for this many weeks from today. */
  weeks?: number;
  closed?: Closure[];
}

const allFunding: FundingRoute[] = ['direct-payment', 'individual-service-fund', 'self-funded'];
const paidFor: FundingRoute[] = ['direct-payment', 'individual-service-fund'];
const holidays: Closure[] = ['christmas-day', 'boxing-day', 'new-years-day'];
const fullAccess: AccessibilityFeature[] = [
  'step-free-access',
  'accessible-toilet',
  'changing-places-toilet',
  'hoist',
  'personal-care',
  'one-to-one-support',
];

/**
 * The activities, hubs first. Written as a person or carer would want them explained: what
 * happens, who it suits, what it costs and what help there is.
 */
export const demoActivities: DemoActivity[] = [
  // Dorset hubs
  {
    owner: 'dorset-provider-hub',
    hubKey: 'colliton',
    title: 'Colliton Day Centre',
    description:
      'A day centre in the middle of Dorchester, open every weekday. Choose from art, music, cooking, games, ' +
      'gentle exercise and trips out, or just come for company and a hot lunch. Staff help with personal care ' +
      'and medication. We have a Changing Places toilet, ceiling hoists, a quiet sensory room and our own ' +
      'accessible minibus, which can collect you from home in and around Dorchester.',
    lotId: 'hub',
    activityType: 'specialist-day-service',
    venue: 'colliton',
    slots: [
      ['monday', '09:30', '15:30'],
      ['tuesday', '09:30', '15:30'],
      ['wednesday', '09:30', '15:30'],
      ['thursday', '09:30', '15:30'],
      ['friday', '09:30', '15:30'],
    ],
    places: 24,
    price: [4200, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'physical-disability', 'sensory-impairment', 'dementia'],
    accessibility: [...fullAccess, 'quiet-sensory-friendly', 'transport'],
    whatToBring: 'Any medication you need during the day, and a change of clothes if you might need one.',
    closed: holidays,
  },
  {
    owner: 'dorset-provider-hub',
    hubKey: 'westham',
    title: 'Carers’ break days in Westham',
    description:
      'A full day out for the person you care for, so you can have time for yourself. People living with ' +
      'dementia or frailty spend the day with our friendly team: a morning activity, a cooked lunch, then music ' +
      'or a film. Trained staff give personal care, and there is a hoist and a Changing Places toilet. We can ' +
      'collect from home anywhere in Weymouth.',
    lotId: 'respite',
    activityType: 'carers-respite',
    venue: 'westham',
    slots: [
      ['tuesday', '10:00', '16:00'],
      ['thursday', '10:00', '16:00'],
      ['saturday', '10:00', '16:00'],
    ],
    places: 12,
    price: [3800, 'session'],
    funding: allFunding,
    needs: ['dementia', 'older-people', 'physical-disability'],
    accessibility: [...fullAccess, 'transport'],
    ageFrom: 50,
    closed: holidays,
  },
  // BCP hubs
  {
    owner: 'bcp-provider-hub',
    hubKey: 'boscombe',
    title: 'Boscombe Day Centre',
    description:
      'Our day centre in Boscombe is open six days a week for adults with learning disabilities, autism or ' +
      'physical disabilities. Each person plans their week with us: cooking, art, music, fitness, ' +
      'gardening and trips to the beach. We have a Changing Places toilet, hoists in every bathroom, a sensory ' +
      'room and staff trained in personal care and epilepsy.',
    lotId: 'hub',
    activityType: 'specialist-day-service',
    venue: 'boscombe',
    slots: [
      ['monday', '09:00', '15:00'],
      ['tuesday', '09:00', '15:00'],
      ['wednesday', '09:00', '15:00'],
      ['thursday', '09:00', '15:00'],
      ['friday', '09:00', '15:00'],
      ['saturday', '10:00', '14:00'],
    ],
    places: 30,
    price: [4500, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'physical-disability', 'sensory-impairment'],
    accessibility: [...fullAccess, 'quiet-sensory-friendly', 'transport'],
    whatToBring: 'A packed lunch if you prefer your own food; otherwise lunch is included.',
    closed: holidays,
  },
  {
    owner: 'bcp-provider-hub',
    hubKey: 'kinson',
    title: 'Kinson carers’ break centre',
    description:
      'A warm, homely centre in Pelhams Park where the person you look after can spend the day while you rest, ' +
      'shop or see friends. We offer reminiscence, chair exercise, music and a two-course lunch. Our team is ' +
      'trained in dementia care and personal care, and we have a hoist and a Changing Places toilet. Sunday ' +
      'sessions are shorter.',
    lotId: 'respite',
    activityType: 'carers-respite',
    venue: 'pelhams',
    slots: [
      ['monday', '10:00', '16:00'],
      ['wednesday', '10:00', '16:00'],
      ['friday', '10:00', '16:00'],
      ['sunday', '11:00', '15:00'],
    ],
    places: 15,
    price: [4000, 'session'],
    funding: allFunding,
    needs: ['dementia', 'older-people', 'physical-disability', 'sensory-impairment'],
    accessibility: [...fullAccess, 'quiet-sensory-friendly'],
    ageFrom: 50,
    closed: holidays,
  },

  // Dorset: Purbeck Community Farm
  {
    owner: 'dorset-provider-member',
    title: 'Farm days with the animals',
    description:
      'Spend the day on our farm near Wareham: feed the goats and chickens, collect eggs, grow vegetables and ' +
      'help cook lunch from what we pick. Small groups with plenty of staff, and one-to-one support if you ' +
      'need it. Our minibus picks up from Wareham station.',
    lotId: 'spokes',
    activityType: 'community-farm',
    venue: 'farm',
    slots: [
      ['monday', '10:00', '15:00'],
      ['wednesday', '10:00', '15:00'],
      ['friday', '10:00', '15:00'],
    ],
    places: 10,
    price: [4500, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'autism', 'physical-disability'],
    accessibility: ['step-free-access', 'accessible-toilet', 'one-to-one-support', 'transport'],
    whatToBring: 'Wellies and clothes that can get muddy. We lend waterproofs.',
    closed: ['christmas-day', 'new-years-day'],
  },
  {
    owner: 'dorset-provider-member',
    title: 'Farm shop work experience',
    description:
      'Learn to work in a real shop: stacking shelves, weighing vegetables, using the till and talking to ' +
      'customers. A 12-week course with a certificate at the end, and help to find a job or volunteering ' +
      'place afterwards.',
    lotId: 'employment',
    activityType: 'employment-preparation',
    venue: 'farm',
    slots: [
      ['tuesday', '09:30', '13:00'],
      ['thursday', '09:30', '13:00'],
    ],
    places: 4,
    price: [900, 'hour'],
    funding: paidFor,
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet', 'one-to-one-support'],
    ageFrom: 18,
    ageTo: 35,
    weeks: 12,
  },
  {
    owner: 'dorset-provider-member',
    title: 'Saturday farm volunteers',
    description:
      'Join our friendly Saturday team mucking out, mending fences and looking after the vegetable beds. ' +
      'No experience needed, and it is free. A good way to get outdoors, meet people and feel useful.',
    lotId: 'spokes',
    activityType: 'volunteering',
    venue: 'farm',
    slots: [['saturday', '09:30', '12:30']],
    places: 8,
    price: [0, 'session'],
    funding: ['self-funded'],
    needs: ['mental-health', 'older-people', 'learning-disability'],
    accessibility: ['step-free-access'],
  },
  {
    owner: 'dorset-provider-member',
    title: 'Swanage seaside walk',
    description:
      'An easy two-mile walk along Swanage seafront and back, on flat paths, with a stop for tea. We walk ' +
      'at the pace of the slowest walker. Carers walk for free.',
    lotId: 'spokes',
    activityType: 'walking',
    venue: 'swanage',
    slots: [['sunday', '11:00', '13:00']],
    places: 15,
    price: [500, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['older-people', 'mental-health', 'learning-disability'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    whatToBring: 'Comfortable shoes and a coat.',
  },

  // Dorset: Colliton Day Services spokes
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Borough Gardens growing group',
    description:
      'Grow flowers and vegetables in raised beds in Borough Gardens, a short walk from the day centre. ' +
      'Gentle work at your own pace, with tea in the pavilion afterwards.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    venue: 'boroughGardens',
    slots: [['wednesday', '10:00', '12:30']],
    places: 10,
    price: [1200, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'older-people'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    whatToBring: 'Outdoor clothes. We have gloves and tools.',
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Cook and eat lunch together',
    description:
      'Plan a meal, shop for it and cook it together in a fully accessible kitchen, then sit down and eat it. ' +
      'Staff can help with personal care and there is a hoist.',
    lotId: 'specialist',
    activityType: 'cooking',
    venue: 'poundbury',
    slots: [['thursday', '10:30', '13:30']],
    places: 8,
    price: [2500, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'physical-disability'],
    accessibility: ['step-free-access', 'accessible-toilet', 'hoist', 'personal-care'],
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Seated exercise and stretch',
    description:
      'A gentle exercise class you can do sitting down, to keep you moving and steady on your feet. ' +
      'Led by a qualified instructor. There is a Changing Places toilet and a hoist at the sports centre.',
    lotId: 'spokes',
    activityType: 'sport',
    venue: 'dorchesterSports',
    slots: [
      ['monday', '11:00', '12:00'],
      ['friday', '11:00', '12:00'],
    ],
    places: 16,
    price: [450, 'session'],
    funding: allFunding,
    needs: ['older-people', 'physical-disability', 'dementia'],
    accessibility: ['step-free-access', 'accessible-toilet', 'changing-places-toilet', 'hoist'],
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Friday night social club',
    description:
      'A night out with friends: music, a disco, games and a snack bar. Run by our team with volunteers, ' +
      'with a quiet room if it gets too busy.',
    lotId: 'spokes',
    activityType: 'social-club',
    venue: 'poundbury',
    slots: [['friday', '18:30', '21:00']],
    places: 30,
    price: [600, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet', 'quiet-sensory-friendly'],
    ageFrom: 18,
    closed: ['christmas-day', 'new-years-day'],
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Charminster lunch club',
    description:
      'A two-course lunch, a quiz and a chat in the village hall. We can pick you up from home if you live ' +
      'in Charminster, Stratton or Bradford Peverell.',
    lotId: 'spokes',
    activityType: 'social-club',
    venue: 'charminster',
    slots: [['tuesday', '12:00', '14:30']],
    places: 25,
    price: [650, 'session'],
    funding: allFunding,
    needs: ['older-people', 'dementia', 'sensory-impairment'],
    accessibility: ['step-free-access', 'accessible-toilet', 'transport'],
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'colliton',
    title: 'Woodwork in the barn',
    description:
      'Make bird boxes, planters and small pieces of furniture in a well-equipped barn workshop. Our ' +
      'instructor shows you how to use each tool safely. Everything you make is yours to keep.',
    lotId: 'spokes',
    activityType: 'arts-and-crafts',
    venue: 'grimstone',
    slots: [['wednesday', '13:30', '15:30']],
    places: 6,
    price: [1800, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'autism'],
    accessibility: ['step-free-access', 'one-to-one-support'],
    whatToBring: 'Closed shoes. We provide aprons and safety glasses.',
  },
  {
    owner: 'dorset-provider-hub',
    spokeOf: 'westham',
    title: 'Singing for the memory',
    description:
      'Sing songs you know and love with other people living with dementia and their carers. No need to read ' +
      'music or sing well: it is about joining in. Tea and biscuits afterwards. Carers come free.',
    lotId: 'respite',
    activityType: 'music',
    venue: 'pavilion',
    slots: [['monday', '14:00', '15:30']],
    places: 20,
    price: [300, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['dementia', 'older-people'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },

  // Dorset: Weymouth Harbour Arts CIC
  {
    owner: 'dorset-provider-arts',
    spokeOf: 'westham',
    title: 'Painting by the harbour',
    description:
      'Paint and draw in our calm studio overlooking Weymouth harbour. Try watercolours, pastels and collage, ' +
      'with an artist on hand to help. Beginners are very welcome.',
    lotId: 'spokes',
    activityType: 'arts-and-crafts',
    venue: 'hopeSquare',
    slots: [['wednesday', '10:00', '12:30']],
    places: 10,
    price: [1500, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'older-people'],
    accessibility: ['step-free-access', 'quiet-sensory-friendly'],
    whatToBring: 'Nothing: all materials are provided.',
  },
  {
    owner: 'dorset-provider-arts',
    title: 'Weymouth community choir',
    description:
      'A friendly evening choir singing pop, folk and musical theatre songs. No auditions and no need to read ' +
      'music. Singing together is good for your mood and a great way to make friends.',
    lotId: 'spokes',
    activityType: 'music',
    venue: 'weymouthCollege',
    slots: [['tuesday', '18:30', '20:30']],
    places: 40,
    price: [400, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['mental-health', 'older-people', 'sensory-impairment'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },
  {
    owner: 'dorset-provider-arts',
    title: 'Saturday pottery course',
    description:
      'A ten-week course in making pots, bowls and tiles by hand and on the wheel. Small groups, so there is ' +
      'time for everyone. We fire and glaze your work for you.',
    lotId: 'spokes',
    activityType: 'arts-and-crafts',
    venue: 'southill',
    slots: [['saturday', '10:00', '13:00']],
    places: 8,
    price: [2200, 'session'],
    funding: allFunding,
    needs: ['autism', 'learning-disability', 'mental-health'],
    accessibility: ['step-free-access', 'quiet-sensory-friendly'],
    whatToBring: 'Old clothes or an apron.',
    weeks: 10,
  },
  {
    owner: 'dorset-provider-arts',
    spokeOf: 'westham',
    title: 'Seafront stroll and coffee',
    description:
      'Meet at the Jubilee Clock for a slow walk along the Esplanade, then coffee and a chat. Free, and ' +
      'carers are welcome. Wheelchair users can join: the route is flat all the way.',
    lotId: 'spokes',
    activityType: 'walking',
    venue: 'jubileeClock',
    slots: [['thursday', '10:30', '12:00']],
    places: 15,
    price: [0, 'session'],
    funding: allFunding,
    needs: ['older-people', 'mental-health', 'dementia'],
    accessibility: ['step-free-access'],
  },
  {
    owner: 'dorset-provider-arts',
    title: 'Sunday drumming circle',
    description:
      'Play drums and percussion in a circle, following simple rhythms together. Loud, fun and no ' +
      'experience needed. We have drums to borrow.',
    lotId: 'spokes',
    activityType: 'music',
    venue: 'upwey',
    slots: [['sunday', '14:00', '16:00']],
    places: 12,
    price: [500, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['learning-disability', 'autism', 'sensory-impairment'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },

  // Dorset: Bridport Pathways to Work
  {
    owner: 'dorset-provider-employment',
    title: 'Getting ready for work',
    description:
      'A 12-week course to help you find a job: finding out what you are good at, writing a CV, practising ' +
      'interviews and trying a work taster with a local employer. A mentor supports you one-to-one.',
    lotId: 'employment',
    activityType: 'employment-preparation',
    venue: 'raxLane',
    slots: [
      ['tuesday', '10:00', '13:00'],
      ['thursday', '10:00', '13:00'],
    ],
    places: 8,
    price: [2000, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'mental-health'],
    accessibility: ['step-free-access', 'accessible-toilet', 'one-to-one-support'],
    ageFrom: 18,
    ageTo: 64,
    weeks: 12,
  },
  {
    owner: 'dorset-provider-employment',
    title: 'Volunteer in the community shop',
    description:
      'Help run our community shop: sorting donations, pricing, dressing the window and serving customers. ' +
      'Free, with a volunteer coordinator to support you and a reference when you are ready to move on.',
    lotId: 'spokes',
    activityType: 'volunteering',
    venue: 'communityShop',
    slots: [
      ['wednesday', '09:30', '12:30'],
      ['saturday', '09:30', '12:30'],
    ],
    places: 4,
    price: [0, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'older-people'],
    accessibility: ['step-free-access'],
  },
  {
    owner: 'dorset-provider-employment',
    title: 'Learn to travel by bus',
    description:
      'A trainer travels with you, one-to-one, until you feel confident making a journey on your own: to ' +
      'college, work or the shops. We start with the routes you need and go at your pace.',
    lotId: 'employment',
    activityType: 'travel-training',
    venue: 'bridportTownHall',
    slots: [['monday', '10:00', '12:00']],
    places: 2,
    price: [1800, 'hour'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'sensory-impairment'],
    accessibility: ['one-to-one-support'],
    ageFrom: 16,
  },
  {
    owner: 'dorset-provider-employment',
    title: 'Blandford evening job club',
    description:
      'Drop in after work or college for help with job applications, online forms and interview nerves. ' +
      'Computers and printing are free to use.',
    lotId: 'employment',
    activityType: 'employment-preparation',
    venue: 'cornExchange',
    slots: [['wednesday', '18:00', '20:00']],
    places: 12,
    price: [300, 'session'],
    funding: allFunding,
    needs: ['mental-health', 'physical-disability'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },

  // BCP: Poole Harbour Swim Club
  {
    owner: 'bcp-provider-member',
    title: 'Adult learn to swim',
    description:
      'Swimming lessons for adults who are nervous in water or have never learned. Small groups in the ' +
      'teaching pool, which is warm and shallow. There is a poolside hoist and a Changing Places toilet.',
    lotId: 'spokes',
    activityType: 'swimming',
    venue: 'harbourside',
    slots: [['saturday', '08:30', '09:30']],
    places: 8,
    price: [850, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'physical-disability', 'autism'],
    accessibility: [
      'step-free-access',
      'accessible-toilet',
      'changing-places-toilet',
      'hoist',
      'one-to-one-support',
    ],
    whatToBring: 'Swimwear and a towel. Goggles can be borrowed.',
  },
  {
    owner: 'bcp-provider-member',
    title: 'Quiet Sunday swim',
    description:
      'A calm swim with the music off, the lights low and only a few people in the pool. Ideal if busy, ' +
      'noisy pools are too much. Carers can swim with you for free.',
    lotId: 'spokes',
    activityType: 'swimming',
    venue: 'harbourside',
    slots: [['sunday', '08:00', '09:00']],
    places: 12,
    price: [450, 'session'],
    funding: allFunding,
    needs: ['autism', 'sensory-impairment', 'learning-disability'],
    accessibility: [
      'step-free-access',
      'accessible-toilet',
      'changing-places-toilet',
      'hoist',
      'quiet-sensory-friendly',
    ],
    closed: ['new-years-day'],
  },
  {
    owner: 'bcp-provider-member',
    title: 'Evening aqua fit',
    description:
      'A fun workout in the water, easy on the joints. The instructor shows an easier and a harder way of ' +
      'each move, so everyone can join in.',
    lotId: 'spokes',
    activityType: 'sport',
    venue: 'harbourside',
    slots: [['wednesday', '19:00', '20:00']],
    places: 20,
    price: [550, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['physical-disability', 'older-people', 'mental-health'],
    accessibility: ['step-free-access', 'accessible-toilet', 'hoist'],
  },

  // BCP: Bournemouth Community Hubs spokes
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'boscombe',
    title: 'Walking football at Kings Park',
    description:
      'Football at walking pace: no running, no tackling, lots of laughs. Mixed teams, all abilities, and ' +
      'a cup of tea in the pavilion afterwards.',
    lotId: 'spokes',
    activityType: 'sport',
    venue: 'kingsPark',
    slots: [['tuesday', '18:00', '19:30']],
    places: 20,
    price: [400, 'session'],
    funding: allFunding,
    needs: ['mental-health', 'learning-disability', 'older-people'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    whatToBring: 'Trainers and comfortable clothes.',
  },
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'boscombe',
    title: 'Thursday night music jam',
    description:
      'Bring an instrument or borrow one of ours, and play along with a friendly band. Singers welcome. ' +
      'We finish each night by recording a song together.',
    lotId: 'spokes',
    activityType: 'music',
    venue: 'southbourne',
    slots: [['thursday', '18:30', '20:30']],
    places: 15,
    price: [500, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'autism', 'mental-health'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'boscombe',
    title: 'Cooking on a budget',
    description:
      'An eight-week course in cooking simple, healthy meals for less. Each week you cook a dish and take ' +
      'home the recipe and a portion to eat later.',
    lotId: 'spokes',
    activityType: 'cooking',
    venue: 'lansdowne',
    slots: [['wednesday', '10:00', '13:00']],
    places: 8,
    price: [2000, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'mental-health', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet', 'one-to-one-support'],
    weeks: 8,
  },
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'kinson',
    title: 'Queens Park walking group',
    description:
      'A gentle hour-long walk around Queens Park on wide, level paths, finishing at the café. Free, and a ' +
      'good way to meet people. Carers and dogs welcome.',
    lotId: 'spokes',
    activityType: 'walking',
    venue: 'queensPark',
    slots: [['saturday', '10:00', '11:30']],
    places: 20,
    price: [0, 'session'],
    funding: allFunding,
    needs: ['older-people', 'mental-health', 'dementia'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'kinson',
    title: 'Sunday lunch club',
    description:
      'A proper Sunday roast with pudding, served at the table, followed by a sing-along or bingo. We can ' +
      'collect you from home in Winton, Moordown and Kinson.',
    lotId: 'respite',
    activityType: 'social-club',
    venue: 'winton',
    slots: [['sunday', '12:00', '15:00']],
    places: 30,
    price: [800, 'session'],
    funding: allFunding,
    needs: ['older-people', 'dementia', 'sensory-impairment'],
    accessibility: ['step-free-access', 'accessible-toilet', 'transport'],
  },
  {
    owner: 'bcp-provider-hub',
    spokeOf: 'kinson',
    title: 'Crafts and chat at the library',
    description:
      'Knitting, card-making and other crafts in a quiet room at Bournemouth Library. Bring your own project ' +
      'or try something new; materials are provided.',
    lotId: 'spokes',
    activityType: 'arts-and-crafts',
    venue: 'library',
    slots: [['monday', '13:30', '15:30']],
    places: 12,
    price: [350, 'session'],
    funding: ['self-funded', 'direct-payment'],
    needs: ['older-people', 'mental-health', 'sensory-impairment'],
    accessibility: ['step-free-access', 'accessible-toilet', 'quiet-sensory-friendly'],
  },

  // BCP: Christchurch Green Fingers
  {
    owner: 'bcp-provider-garden',
    spokeOf: 'boscombe',
    title: 'Allotment gardening at Purewell',
    description:
      'Grow fruit and vegetables on our shared allotment, with raised beds you can reach from a chair. ' +
      'Take home what you grow. Our volunteers show you what to do.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    venue: 'purewell',
    slots: [
      ['tuesday', '10:00', '12:30'],
      ['friday', '10:00', '12:30'],
    ],
    places: 8,
    price: [600, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'older-people'],
    accessibility: ['step-free-access'],
    whatToBring: 'Outdoor clothes and a drink.',
  },
  {
    owner: 'bcp-provider-garden',
    title: 'Riverside conservation volunteers',
    description:
      'Help look after the riverbanks around Christchurch Quay: clearing litter, cutting back brambles and ' +
      'planting wildflowers. Free, with tools and gloves provided.',
    lotId: 'spokes',
    activityType: 'volunteering',
    venue: 'christchurchQuay',
    slots: [['saturday', '10:00', '13:00']],
    places: 12,
    price: [0, 'session'],
    funding: allFunding,
    needs: ['mental-health', 'learning-disability'],
    accessibility: ['accessible-toilet'],
  },
  {
    owner: 'bcp-provider-garden',
    spokeOf: 'boscombe',
    title: 'Garden and tea in Burton',
    description:
      'Potter in the village hall garden, pot up plants and enjoy tea and cake. Relaxed and sociable, ' +
      'especially for people living with dementia and their carers.',
    lotId: 'spokes',
    activityType: 'community-gardening',
    venue: 'burton',
    slots: [['thursday', '14:00', '16:00']],
    places: 10,
    price: [300, 'session'],
    funding: ['self-funded'],
    needs: ['older-people', 'dementia'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },

  // BCP: Poole Travel Confidence CIC
  {
    owner: 'bcp-provider-travel',
    title: 'Travel training: buses and trains',
    description:
      'One-to-one travel training from Poole bus station. We practise your journeys with you, from planning ' +
      'and buying tickets to what to do if something goes wrong, until you can travel on your own.',
    lotId: 'employment',
    activityType: 'travel-training',
    venue: 'pooleBusStation',
    slots: [
      ['monday', '09:30', '11:30'],
      ['wednesday', '09:30', '11:30'],
    ],
    places: 2,
    price: [2200, 'hour'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'sensory-impairment', 'mental-health'],
    accessibility: ['one-to-one-support'],
    ageFrom: 16,
  },
  {
    owner: 'bcp-provider-travel',
    title: 'Work skills café',
    description:
      'Run a real café one day a week: taking orders, making drinks, handling money and keeping the kitchen ' +
      'clean. You gain a food hygiene certificate and a reference.',
    lotId: 'employment',
    activityType: 'employment-preparation',
    venue: 'ashleyCross',
    slots: [['friday', '10:00', '14:00']],
    places: 10,
    price: [2500, 'session'],
    funding: paidFor,
    needs: ['learning-disability', 'autism'],
    accessibility: ['step-free-access', 'accessible-toilet'],
    ageFrom: 18,
  },
  {
    owner: 'bcp-provider-travel',
    title: 'Food bank volunteering in Broadstone',
    description:
      'Sort and pack food parcels for local families alongside a friendly team. A good first step into ' +
      'volunteering, with support from our job coach.',
    lotId: 'employment',
    activityType: 'volunteering',
    venue: 'broadstone',
    slots: [['thursday', '13:00', '16:00']],
    places: 6,
    price: [0, 'session'],
    funding: allFunding,
    needs: ['learning-disability', 'mental-health', 'physical-disability'],
    accessibility: ['step-free-access', 'accessible-toilet'],
  },
  {
    owner: 'bcp-provider-travel',
    title: 'Evening travel buddies',
    description:
      'A travel buddy goes with you to evening clubs, classes and events, and home again, while you learn ' +
      'the journey. Meet at Branksome Community Centre.',
    lotId: 'spokes',
    activityType: 'travel-training',
    venue: 'branksome',
    slots: [['thursday', '18:00', '21:00']],
    places: 4,
    price: [1500, 'hour'],
    funding: paidFor,
    needs: ['learning-disability', 'autism', 'mental-health'],
    accessibility: ['one-to-one-support'],
    closed: ['christmas-day'],
  },
];

/** Calendar date `days` after now's UK date. */
const ukDay = (now: Date, days: number) => addDays(ukToday(now), days);

/** Each closure's next date on or after `from`. */
const nextClosures = (closed: Closure[], from: string) =>
  closed.map((closure) => {
    const thisYear = `${from.slice(0, 4)}-${closureDates[closure]}`;
    return thisYear >= from ? thisYear : `${Number(from.slice(0, 4)) + 1}-${closureDates[closure]}`;
  });

/** Inserts an item unless its key is there already; says whether it was added. */
async function insertIfMissing(table: Table, item: Record<string, unknown>): Promise<boolean> {
  try {
    await table.client.send(
      new PutCommand({ TableName: table.name, Item: item, ConditionExpression: 'attribute_not_exists(PK)' }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** The provider as the catalogue sees them when they sign in. */
function providerUser(id: string): SignedInUser {
  const profile = demoUsers.find((user) => user.id === id && user.role === 'provider');
  if (!profile) throw new Error(`no demo provider user ${id}`);
  return { id: profile.id, name: profile.name, role: 'provider', councilId: profile.councilId };
}

const isCancelled = (error: unknown) =>
  error instanceof Error && error.name === 'TransactionCanceledException';

/** A demo membership as the members page shows it: active, every document in date for a year or so. */
function demoMembership(
  demo: (typeof demoMemberships)[number],
  index: number,
  framework: Framework,
  organisation: ProviderOrganisation,
  now: Date,
): Membership {
  const at = now.toISOString();
  // Renewal dates from about 10 months to 2 years away, spread so the members page has an order.
  const renews = ukDay(now, 330 + index * 23);
  const joined = ukDay(now, -200);
  const items: ComplianceItem[] = [
    { kind: 'public-liability', expiresOn: renews, mandatory: true },
    { kind: 'employers-liability', expiresOn: renews, mandatory: true },
    { kind: 'professional-indemnity', expiresOn: ukDay(now, 400 + index * 11), mandatory: !demo.micro },
    { kind: 'safeguarding-training', expiresOn: ukDay(now, 700 + index * 31), mandatory: true },
    { kind: 'safeguarding-policy-review', expiresOn: ukDay(now, 310 + index * 9), mandatory: false },
  ];
  return {
    id: demo.id,
    councilId: demo.councilId,
    frameworkId: framework.id,
    frameworkName: framework.name,
    providerId: organisation.id,
    providerName: organisation.details.legalName,
    applicationId: demo.applicationId,
    contact: { name: organisation.details.contactName, email: organisation.details.contactEmail },
    lotIds: demo.lotIds,
    startsOn: joined > framework.term.starts ? joined : framework.term.starts,
    status: 'active',
    complianceItems: items.sort((a, b) => a.expiresOn.localeCompare(b.expiresOn)),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** What the provider would type into the activity form. */
function activityInput(
  demo: DemoActivity,
  organisation: ProviderOrganisation,
  hubId: string | undefined,
  today: string,
): ActivityInput {
  const endsOn = demo.weeks ? addDays(today, demo.weeks * 7 - 1) : undefined;
  const venue = demoVenues[demo.venue];
  const { details } = organisation;
  return activityInputSchema.parse({
    title: demo.title,
    description: demo.description,
    lotId: demo.lotId,
    activityType: demo.activityType,
    setting: demo.hubKey ? 'hub' : 'spoke',
    ...(hubId ? { hubId } : {}),
    venue: { name: venue.name, addressLine1: venue.addressLine1, town: venue.town, postcode: venue.postcode },
    schedule: {
      slots: demo.slots.map(([day, starts, ends]) => ({ day, starts, ends })),
      startsOn: today,
      ...(endsOn ? { endsOn } : {}),
      exceptions: nextClosures(demo.closed ?? [], today).filter((date) => !endsOn || date <= endsOn),
    },
    placesPerSession: demo.places,
    price: { amountPence: demo.price[0], per: demo.price[1] },
    funding: demo.funding,
    needs: demo.needs,
    accessibility: demo.accessibility,
    ageRange: { from: demo.ageFrom ?? 18, ...(demo.ageTo ? { to: demo.ageTo } : {}) },
    ...(demo.whatToBring ? { whatToBring: demo.whatToBring } : {}),
    contact: { name: details.contactName, email: details.contactEmail, phone: details.contactPhone },
  });
}

/**
 * Member organisations, their memberships, the venues' postcodes and the published activities.
 * Needs the demo councils, users and frameworks (seedDemoApplications) to be there first.
 */
export async function seedDemoCatalogue(table: Table, now = new Date()): Promise<boolean[]> {
  const providers = createProviderRepository(table);
  const frameworks = createFrameworkRepository(table);
  const memberships = createMembershipRepository(table, createOutboxRepository(table));
  const activities = createActivityRepository(table);
  // The clock starts at `now` and moves on with real time, so feed positions keep increasing.
  const started = Date.now();
  const catalogue = createCatalogueService({
    activities,
    sessions: createSessionRepository(table),
    listings: createListingRepository(table),
    memberships,
    providers,
    postcodes: createOfflinePostcodeLookup(table),
    now: () => new Date(now.getTime() + (Date.now() - started)),
  });

  const organisationsAdded = await Promise.all(
    demoMemberOrganisations.map(async (organisation) => {
      try {
        await providers.add({ ...organisation, createdAt: now.toISOString() }, now);
        return true;
      } catch (error) {
        if (error instanceof ProviderAlreadyExistsError) return false;
        throw error;
      }
    }),
  );

  const owners = [
    ...new Set([
      ...demoMemberships.map((demo) => demo.ownerUserId),
      ...demoActivities.map((demo) => demo.owner),
    ]),
  ];
  const organisations = new Map(
    await Promise.all(
      owners.map(async (owner) => {
        const user = providerUser(owner);
        const organisation = await providers.findByOwner(user.councilId, user.id);
        if (!organisation) throw new Error(`demo provider ${owner} has no organisation`);
        return [owner, organisation] as const;
      }),
    ),
  );
  const organisationOf = (owner: string) => {
    const organisation = organisations.get(owner);
    if (!organisation) throw new Error(`demo provider ${owner} has no organisation`);
    return organisation;
  };

  const membershipsAdded = await Promise.all(
    demoMemberships.map(async (demo, index) => {
      const framework = await frameworks.get(demo.councilId, `${demo.councilId}-day-opportunities`);
      if (!framework) throw new Error(`the ${demo.councilId} demo framework is missing`);
      const membership = demoMembership(demo, index, framework, organisationOf(demo.ownerUserId), now);
      try {
        await table.client.send(
          new TransactWriteCommand({ TransactItems: [memberships.insertWrite(membership)] }),
        );
        return true;
      } catch (error) {
        if (isCancelled(error)) return false;
        throw error;
      }
    }),
  );

  // One stored postcode per venue, placed exactly; a postcode imported for real is left alone.
  const venues = new Map(Object.values(demoVenues).map((venue) => [venue.postcode, venue]));
  const postcodesAdded = await Promise.all(
    [...venues.values()].map((venue) =>
      insertIfMissing(
        table,
        postcodeItem({
          postcode: venue.postcode,
          outward: venue.postcode.split(' ')[0] ?? venue.postcode,
          latitude: venue.latitude,
          longitude: venue.longitude,
        }),
      ),
    ),
  );

  const today = ukToday(now);
  const already = new Map(
    await Promise.all(
      owners.map(async (owner) => {
        const { councilId, id } = organisationOf(owner);
        return [owner, await activities.listForProvider(councilId, id)] as const;
      }),
    ),
  );

  // One at a time, hubs first: a spoke can only name a hub that is already published, and
  // listings share per-cell counters that publishing side by side would contend for.
  const hubIds = new Map<string, string>();
  const activitiesAdded: boolean[] = [];
  for (const demo of [
    ...demoActivities.filter((a) => a.hubKey),
    ...demoActivities.filter((a) => !a.hubKey),
  ]) {
    let activity = already.get(demo.owner)?.find((candidate) => candidate.title === demo.title);
    activitiesAdded.push(!activity);
    if (!activity) {
      const hubId = demo.spokeOf ? hubIds.get(demo.spokeOf) : undefined;
      if (demo.spokeOf && !hubId) throw new Error(`no demo hub ${demo.spokeOf}`);
      const input = activityInput(demo, organisationOf(demo.owner), hubId, today);
      activity = await catalogue.create(providerUser(demo.owner), input);
    }
    // A draft left by an interrupted run is published now; anything else is left as it is.
    if (activity.status === 'draft') activity = await catalogue.publish(activity);
    if (demo.hubKey) hubIds.set(demo.hubKey, activity.id);
  }

  return [...organisationsAdded, ...membershipsAdded, ...postcodesAdded, ...activitiesAdded];
}
