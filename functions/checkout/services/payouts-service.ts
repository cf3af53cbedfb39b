import type { SignedInUser } from '../../../shared/domain/users';
import type { ProviderRepository } from '../../applications/repositories/providers';
import type { PayoutAccount, StripeRecords } from '../repositories/stripe-records';
import type { PaymentGateway } from './payment-gateway';

/** The signed-in user runs no provider organisation. */
export class NoProviderError extends Error {
  override name = 'NoProviderError';
}

/**
 * Providers are paid through Stripe Connect: each has an Express connected account, set up on
 * Stripe's own onboarding pages. Cards can be taken for a provider's sessions only while Stripe
 * says the account can take charges (kept up to date by `account.updated`).
 */
export function createPayoutsService(deps: {
  providers: Pick<ProviderRepository, 'findByOwner'>;
  stripeRecords: StripeRecords;
  payments: PaymentGateway;
  now: () => Date;
}) {
  const organisationOf = async (user: SignedInUser) => {
    const organisation =
      user.role === 'provider' ? await deps.providers.findByOwner(user.councilId, user.id) : undefined;
    if (!organisation) throw new NoProviderError('Only a provider organisation can set up payouts');
    return organisation;
  };

  return {
    async status(user: SignedInUser): Promise<PayoutAccount | undefined> {
      const organisation = await organisationOf(user);
      return deps.stripeRecords.payouts(user.councilId, organisation.id);
    },

    /** Where to send the provider to set up (or finish setting up) their account. */
    async onboardingLink(
      user: SignedInUser,
      urls: { returnUrl: string; refreshUrl: string },
    ): Promise<string> {
      const organisation = await organisationOf(user);
      let account = await deps.stripeRecords.payouts(user.councilId, organisation.id);
      if (!account) {
        const created = await deps.payments.createAccount({
          email: organisation.details.contactEmail,
          councilId: user.councilId,
          providerId: organisation.id,
          // One account per provider, however often the button is pressed.
          idempotencyKey: `connect-${user.councilId}-${organisation.id}`,
        });
        const fresh: PayoutAccount = {
          councilId: user.councilId,
          providerId: organisation.id,
          stripeAccountId: created.id,
          chargesEnabled: false,
          payoutsEnabled: false,
          detailsSubmitted: false,
          updatedAt: deps.now().toISOString(),
        };
        await deps.stripeRecords.createPayouts(fresh);
        account = (await deps.stripeRecords.payouts(user.councilId, organisation.id)) ?? fresh;
      }
      return deps.payments.accountLink({ accountId: account.stripeAccountId, ...urls });
    },
  };
}

export type PayoutsService = ReturnType<typeof createPayoutsService>;
