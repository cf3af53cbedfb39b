import type { Council } from '../../shared/domain/councils';
import type { UserProfile } from '../../shared/domain/users';

/** Demo councils and users for the local stack and the browser tests. Ids are stable so seeding is idempotent. */
export const demoCouncils: Council[] = [
  {
    id: 'dorset',
    name: 'Dorset Council',
    area: 'Dorset',
    commissionersEmail: 'day.opportunities@dorset.example',
  },
  {
    id: 'bcp',
    name: 'Bournemouth, Christchurch and Poole Council',
    area: 'Bournemouth, Christchurch and Poole',
    commissionersEmail: 'commissioning@bcp.example',
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
    id: 'bcp-person-dp',
    councilId: 'bcp',
    role: 'person',
    name: 'Ruby Chen',
    email: 'ruby.chen@example.org',
    fundingRoute: 'direct-payment',
  },
];
