import type { Council } from '../../shared/domain/councils';
import type { UserProfile } from '../../shared/domain/users';

/** Demo councils and users for the local stack and the browser tests. Ids are stable so seeding is idempotent. */
export const demoCouncils: Council[] = [
  {
    id: 'dorset',
    name: 'Dorset Council',
    area: 'Dorset',
    commissionersEmail: 'day.opportunities@dorset.example',
    postcodeDistricts: [
      ...['DT1', 'DT2', 'DT3', 'DT4', 'DT5', 'DT6', 'DT7', 'DT8', 'DT9', 'DT10', 'DT11'],
      ...['BH16', 'BH19', 'BH20', 'BH21', 'BH22', 'BH31'],
    ],
  },
  {
    id: 'bcp',
    name: 'Bournemouth, Christchurch and Poole Council',
    area: 'Bournemouth, Christchurch and Poole',
    commissionersEmail: 'commissioning@bcp.example',
    postcodeDistricts: [
      ...['BH1', 'BH2', 'BH3', 'BH4', 'BH5', 'BH6', 'BH7', 'BH8', 'BH9', 'BH10', 'BH11', 'BH12'],
      ...['BH13', 'BH14', 'BH15', 'BH17', 'BH18', 'BH23'],
    ],
  },
];

export const demoUsers: UserProfile[] = [
  // Dorset
  {
    id: 'dorset-commissioner',
    councilId: 'dorset',
    role: 'commissioner',
    name: 'Amara Okafor',
    email: 'amara.okafor@dorset.example',
  },
  {
    id: 'dorset-admin',
    councilId: 'dorset',
    role: 'admin',
    name: 'Ian Whitcombe',
    email: 'ian.whitcombe@dorset.example',
  },
  // Later issues give these three an approved membership, a pending application, and nothing yet.
  {
    id: 'dorset-provider-member',
    councilId: 'dorset',
    role: 'provider',
    name: 'Jess Parker (Purbeck Community Farm)',
    email: 'jess@purbeckfarm.example',
  },
  {
    id: 'dorset-provider-applicant',
    councilId: 'dorset',
    role: 'provider',
    name: 'Sam Hollis (Wessex Walking Group)',
    email: 'sam@wessexwalks.example',
  },
  {
    id: 'dorset-provider-new',
    councilId: 'dorset',
    role: 'provider',
    name: 'Priya Shah (Bridport Makers CIC)',
    email: 'priya@bridportmakers.example',
  },
  // Framework members whose activities fill the demo catalogue (scripts/local/demo-catalogue.ts).
  {
    id: 'dorset-provider-hub',
    councilId: 'dorset',
    role: 'provider',
    name: 'Claire Moss (Colliton Day Services)',
    email: 'claire@collitondayservices.example',
  },
  {
    id: 'dorset-provider-arts',
    councilId: 'dorset',
    role: 'provider',
    name: 'Kofi Mensah (Weymouth Harbour Arts CIC)',
    email: 'kofi@weymouthharbourarts.example',
  },
  {
    id: 'dorset-provider-employment',
    councilId: 'dorset',
    role: 'provider',
    name: 'Bethan Hughes (Bridport Pathways to Work)',
    email: 'bethan@bridportpathways.example',
  },
  {
    id: 'dorset-person-dp',
    councilId: 'dorset',
    role: 'person',
    name: 'Tom Ellery',
    email: 'tom.ellery@example.org',
    fundingRoute: 'direct-payment',
  },
  {
    id: 'dorset-person-isf',
    councilId: 'dorset',
    role: 'person',
    name: 'Grace Mbeki',
    email: 'grace.mbeki@example.org',
    fundingRoute: 'individual-service-fund',
  },
  {
    id: 'dorset-person-self',
    councilId: 'dorset',
    role: 'person',
    name: 'Derek Lowe',
    email: 'derek.lowe@example.org',
    fundingRoute: 'self-funded',
  },
  {
    id: 'dorset-representative',
    councilId: 'dorset',
    role: 'representative',
    name: 'Helen Ellery (carer for Tom Ellery)',
    email: 'helen.ellery@example.org',
    represents: { userId: 'dorset-person-dp', type: 'carer' },
  },
  // BCP
  {
    id: 'bcp-commissioner',
    councilId: 'bcp',
    role: 'commissioner',
    name: 'Marcus Reid',
    email: 'marcus.reid@bcp.example',
  },
  {
    id: 'bcp-admin',
    councilId: 'bcp',
    role: 'admin',
    name: 'Fiona Carter',
    email: 'fiona.carter@bcp.example',
  },
  {
    id: 'bcp-provider-member',
    councilId: 'bcp',
    role: 'provider',
    name: 'Ola Adeyemi (Poole Harbour Swim Club)',
    email: 'ola@pooleswim.example',
  },
  {
    id: 'bcp-provider-hub',
    councilId: 'bcp',
    role: 'provider',
    name: 'Nadia Rahman (Bournemouth Community Hubs)',
    email: 'nadia@bournemouthhubs.example',
  },
  {
    id: 'bcp-provider-garden',
    councilId: 'bcp',
    role: 'provider',
    name: 'Pete Lawson (Christchurch Green Fingers)',
    email: 'pete@christchurchgreenfingers.example',
  },
  {
    id: 'bcp-provider-travel',
    councilId: 'bcp',
    role: 'provider',
    name: 'Aisha Bello (Poole Travel Confidence CIC)',
    email: 'aisha@pooletravelconfidence.example',
  },
  {
    id: 'bcp-person-dp',
    councilId: 'bcp',
    role: 'person',
    name: 'Ruby Chen',
    email: 'ruby.chen@example.org',
    fundingRoute: 'direct-payment',
  },
];
