import { ulid } from 'ulid';
import type { SignedInUser } from '../../../shared/domain/users';
import { actorOf } from '../../../shared/domain/users';
import type { UserRepository } from '../../../shared/table/users';
import type { ProviderRepository } from '../../applications/repositories/providers';
import type { Person, PersonInput, RepresentativeLink, RepresentativeRemoval } from '../domain/people';
import { type PersonRepository, PersonSignInTakenError } from '../repositories/people';

/** A rule about people broken; nothing changed. */
export class PersonRuleError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'PersonRuleError';
  }
}

/** The user is not a representative of the person (any more): nothing to take away. */
export class RepresentativeNotFoundError extends Error {
  override name = 'RepresentativeNotFoundError';
}

/** Commissioners keep the council's people: who they are, their budgets, and their representatives. */
export function createPeopleService(deps: {
  people: PersonRepository;
  providers: Pick<ProviderRepository, 'get'>;
  users: Pick<UserRepository, 'get'>;
  now: () => Date;
}) {
  const { people, now } = deps;

  /** The ISF holder must be a provider organisation of the same council; its name is kept for statements. */
  const withHolder = async (
    councilId: string,
    input: PersonInput,
  ): Promise<Omit<Person, 'id' | 'councilId' | 'createdAt' | 'updatedAt' | 'version'>> => {
    const { individualServiceFund, ...rest } = input;
    if (!individualServiceFund) return rest;
    const holder = await deps.providers.get(councilId, individualServiceFund.holderProviderId);
    if (!holder)
      throw new PersonRuleError(
        'Choose an organisation on the council’s list to hold the fund',
        'individualServiceFund.holderProviderId',
      );
    return {
      ...rest,
      individualServiceFund: { ...individualServiceFund, holderName: holder.details.legalName },
    };
  };

  /**
   * The person's own sign-in must be a person's account in the same council, and nobody else's
   * record. The claim written with the person decides between two saves at once; reading first
   * gives the usual answer sooner, and covers people recorded before there were claims.
   */
  const checkUser = async (councilId: string, userId: string | undefined, personId?: string) => {
    if (!userId) return;
    const user = await deps.users.get(councilId, userId);
    if (user?.role !== 'person')
      throw new PersonRuleError('Choose the sign-in of a person using services', 'userId');
    const holder =
      (await people.signInHolder(councilId, userId)) ?? (await people.findByUser(councilId, userId))?.id;
    if (holder && holder !== personId)
      throw new PersonSignInTakenError('Another person already has this sign-in');
  };

  return {
    async create(user: SignedInUser, input: PersonInput): Promise<Person> {
      await checkUser(user.councilId, input.userId);
      const at = now().toISOString();
      const person: Person = {
        ...(await withHolder(user.councilId, input)),
        id: ulid().toLowerCase(),
        councilId: user.councilId,
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await people.create(person);
      return person;
    },

    async update(person: Person, input: PersonInput): Promise<Person> {
      await checkUser(person.councilId, input.userId, person.id);
      const next: Person = {
        ...(await withHolder(person.councilId, input)),
        id: person.id,
        councilId: person.councilId,
        createdAt: person.createdAt,
        updatedAt: now().toISOString(),
        version: person.version + 1,
      };
      await people.update(person, next);
      return next;
    },

    /** Records that a representative may act for the person, and who approved it. */
    async addRepresentative(
      approver: SignedInUser,
      person: Person,
      input: Pick<RepresentativeLink, 'userId' | 'type'>,
    ): Promise<RepresentativeLink> {
      const representative = await deps.users.get(person.councilId, input.userId);
      if (representative?.role !== 'representative')
        throw new PersonRuleError('Choose the sign-in of a representative', 'userId');
      const link: RepresentativeLink = {
        personId: person.id,
        councilId: person.councilId,
        userId: representative.id,
        userName: representative.name,
        type: input.type,
        approvedBy: actorOf(approver),
        approvedAt: now().toISOString(),
      };
      if (!(await people.addRepresentative(link)))
        throw new PersonRuleError(`${representative.name} already represents ${person.name}`, 'userId');
      return link;
    },

    /**
     * Takes away a representative's right to act for the person, recording who did it and when.
     * Their bookings stay; they can no longer see or make any for the person.
     */
    async removeRepresentative(
      remover: SignedInUser,
      person: Person,
      userId: string,
    ): Promise<RepresentativeRemoval> {
      const link = await people.representativeLink(person.councilId, person.id, userId);
      if (!link) throw new RepresentativeNotFoundError(`This sign-in does not represent ${person.name}`);
      const removal: RepresentativeRemoval = {
        ...link,
        removedBy: actorOf(remover),
        removedAt: now().toISOString(),
      };
      if (!(await people.removeRepresentative(removal)))
        throw new RepresentativeNotFoundError(`This sign-in does not represent ${person.name}`);
      return removal;
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
