import { z } from 'zod';
import type { CouncilId } from './councils';

export const roles = ['provider', 'commissioner', 'person', 'representative', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleNames: Record<Role, string> = {
  provider: 'Provider',
  commissioner: 'Commissioner',
  person: 'Person using services',
  representative: 'Representative',
  admin: 'Council administrator',
};

/** In AWS user ids are Cognito `sub` values (UUIDs); demo users have readable ids. */
export const userIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/, 'User id must be letters, digits and hyphens');

/** How a person pays for sessions. */
export const fundingRoutes = ['direct-payment', 'individual-service-fund', 'self-funded'] as const;
export type FundingRoute = (typeof fundingRoutes)[number];

export const fundingRouteNames: Record<FundingRoute, string> = {
  'direct-payment': 'Direct payment',
  'individual-service-fund': 'Individual service fund',
  'self-funded': 'Own money (self-funded)',
};

/** The kinds of representative the Care Act and direct payment rules recognise. */
export const representativeTypes = ['carer', 'nominated-person', 'authorised-person'] as const;
export type RepresentativeType = (typeof representativeTypes)[number];

/** The signed-in user as every handler sees them: who, in what role, for which council. */
export interface SignedInUser {
  id: string;
  name: string;
  role: Role;
  councilId: CouncilId;
}

/** Who did something, as audit trails record it: no council, since the record already has one. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export const actorOf = ({ id, name, role }: SignedInUser): Actor => ({ id, name, role });

export interface UserProfile extends SignedInUser {
  email: string;
  /** People only. */
  fundingRoute?: FundingRoute;
  /** Representatives only: the person they act for, and on what basis. */
  represents?: { userId: string; type: RepresentativeType };
}
