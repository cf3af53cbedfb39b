import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { StripeConfig } from '../../../shared/config/runtime-config';
import type { PaymentGateway } from './payment-gateway';
import { createStripeGateway } from './stripe-gateway';

const stripeSecretSchema = z.object({
  secretKey: z.string().startsWith('sk_', 'The Stripe secret must hold secretKey (sk_...)'),
  webhookSecret: z.string().startsWith('whsec_', 'The Stripe secret must hold webhookSecret (whsec_...)'),
  /** The Connect endpoint's signing secret (account.updated comes from connected accounts). */
  connectWebhookSecret: z
    .string()
    .startsWith('whsec_', 'connectWebhookSecret must be a webhook signing secret (whsec_...)')
    .optional(),
});

/** Stripe's own pages our forms send people on to: Checkout, and Connect onboarding. */
const stripePageOrigins = ['https://checkout.stripe.com', 'https://connect.stripe.com'];

/** The gateway and the origins of its pages (for the CSP's form-action), from the configuration. */
export function paymentsFor(config: StripeConfig | undefined) {
  if (!config)
    throw new Error('Invalid configuration: set STRIPE_SECRET_ARN (AWS) or STRIPE_SECRET_KEY (local stack)');
  return {
    payments: paymentGatewayFor(config),
    paymentOrigins:
      config.kind === 'inline' && config.apiUrl ? [new URL(config.apiUrl).origin] : stripePageOrigins,
  };
}

/**
 * The payment gateway a function's configuration describes. In AWS the keys live in Secrets
 * Manager and are read once, on first use, so a cold start that takes no payment reads nothing.
 */
export function paymentGatewayFor(config: StripeConfig): PaymentGateway {
  if (config.kind === 'inline') return createStripeGateway(config);
  let loaded: Promise<PaymentGateway> | undefined;
  const gateway = () => {
    loaded ??= new SecretsManagerClient({ region: config.region })
      .send(new GetSecretValueCommand({ SecretId: config.secretArn }))
      .then(({ SecretString }) =>
        createStripeGateway(stripeSecretSchema.parse(JSON.parse(SecretString ?? '{}'))),
      )
      .catch((error: unknown) => {
        loaded = undefined; // try again on the next request
        throw error;
      });
    return loaded;
  };
  return {
    createCheckout: async (request) => (await gateway()).createCheckout(request),
    getCheckout: async (id) => (await gateway()).getCheckout(id),
    bookingOfPayment: async (id) => (await gateway()).bookingOfPayment(id),
    expireCheckout: async (id) => (await gateway()).expireCheckout(id),
    refund: async (request) => (await gateway()).refund(request),
    listRefunds: async (id) => (await gateway()).listRefunds(id),
    createAccount: async (request) => (await gateway()).createAccount(request),
    accountLink: async (request) => (await gateway()).accountLink(request),
    getAccount: async (id) => (await gateway()).getAccount(id),
    verifyEvent: async (body, signature) => (await gateway()).verifyEvent(body, signature),
  };
}
