import type { EmulatorCore } from './emulator-core';
import { type EventOrigin, noOrigin } from './events';
import { type FormObject, ParamReader, rejectUnknownParams } from './form-params';
import { newId, randomToken } from './ids';
import type { AccountLinkRecord, CapabilityStatus, EmulatedAccount, EmulatedAccountLink } from './objects';
import { invalidRequest, missingParam, resourceMissing } from './stripe-error';

const createAccountShape = {
  type: true,
  country: true,
  email: true,
  business_type: true,
  business_profile: { mcc: true, name: true, product_description: true, url: true },
  capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
  metadata: 'map',
} as const;

const createAccountLinkShape = { account: true, refresh_url: true, return_url: true, type: true } as const;

const businessTypes = ['company', 'government_entity', 'individual', 'non_profit'] as const;
/** Account links last five minutes on Stripe. */
const accountLinkLifetimeSeconds = 5 * 60;
const currencyByCountry: Record<string, string> = { GB: 'gbp', IE: 'eur', US: 'usd' };

export function createAccount(core: EmulatorCore, values: FormObject): EmulatedAccount {
  rejectUnknownParams(values, createAccountShape);
  const params = new ParamReader(values);
  readAccountType(params);
  const country = (params.string('country') ?? 'GB').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidRequest(`Invalid country: ${country}`, 'country');
  const businessType = params.oneOf('business_type', businessTypes) ?? null;
  const profile = params.object('business_profile');
  const businessProfile = {
    mcc: profile?.string('mcc') ?? null,
    name: profile?.string('name') ?? null,
    product_description: profile?.string('product_description') ?? null,
    url: profile?.string('url') ?? null,
  };
  const currentlyDue = initialRequirements(businessType, businessProfile);
  const account: EmulatedAccount = {
    id: newId('acct'),
    object: 'account',
    business_profile: businessProfile,
    business_type: businessType,
    capabilities: readCapabilities(params),
    charges_enabled: false,
    country,
    created: core.unixNow(),
    default_currency: currencyByCountry[country] ?? 'gbp',
    details_submitted: false,
    email: readEmail(params),
    metadata: params.metadata('metadata') ?? {},
    payouts_enabled: false,
    requirements: {
      current_deadline: null,
      currently_due: currentlyDue,
      disabled_reason: 'requirements.past_due',
      eventually_due: [...currentlyDue],
      past_due: [...currentlyDue],
      pending_verification: [],
    },
    type: 'express',
  };
  core.store.accounts.set(account.id, account);
  return account;
}

export function findAccount(core: EmulatorCore, id: string): EmulatedAccount {
  const account = core.store.accounts.get(id);
  if (!account) throw resourceMissing('account', id, 'account');
  return account;
}

export function createAccountLink(core: EmulatorCore, values: FormObject): EmulatedAccountLink {
  rejectUnknownParams(values, createAccountLinkShape);
  const params = new ParamReader(values);
  const account = findAccount(core, params.requiredString('account'));
  const type = params.oneOf('type', ['account_onboarding', 'account_update'] as const);
  if (type === undefined) throw missingParam('type');
  if (type === 'account_update') {
    throw invalidRequest(
      'You cannot create `account_update` type Account Links for Express accounts.',
      'type',
    );
  }
  const refreshUrl = readRequiredUrl(params, 'refresh_url');
  const returnUrl = readRequiredUrl(params, 'return_url');
  const created = core.unixNow();
  const token = randomToken(32);
  const link: EmulatedAccountLink = {
    object: 'account_link',
    created,
    expires_at: created + accountLinkLifetimeSeconds,
    url: `${core.publicUrl}/onboarding/${token}`,
  };
  core.store.accountLinks.set(token, { link, account: account.id, refreshUrl, returnUrl, used: false });
  return link;
}

/** A link works once and for five minutes; after that Stripe sends the user to `refresh_url`. */
export function usableAccountLink(
  core: EmulatorCore,
  token: string,
): AccountLinkRecord | 'expired' | undefined {
  const record = core.store.accountLinks.get(token);
  if (!record) return undefined;
  if (record.used || record.link.expires_at <= core.unixNow()) return 'expired';
  return record;
}

/** What finishing the hosted onboarding does: the account can take card payments and be paid out. */
export function completeOnboarding(
  core: EmulatorCore,
  accountId: string,
  origin: EventOrigin = noOrigin,
): EmulatedAccount {
  const account = findAccount(core, accountId);
  if (account.details_submitted && account.charges_enabled && account.payouts_enabled) return account;
  const previousAttributes = {
    business_type: account.business_type,
    capabilities: { ...account.capabilities },
    charges_enabled: account.charges_enabled,
    details_submitted: account.details_submitted,
    payouts_enabled: account.payouts_enabled,
    requirements: structuredClone(account.requirements),
  };
  account.business_type ??= 'individual';
  account.capabilities = activeCapabilities(account.capabilities);
  account.charges_enabled = true;
  account.payouts_enabled = true;
  account.details_submitted = true;
  account.requirements = {
    current_deadline: null,
    currently_due: [],
    disabled_reason: null,
    eventually_due: [],
    past_due: [],
    pending_verification: [],
  };
  core.emit('account.updated', account, { origin, previousAttributes });
  return account;
}

function readAccountType(params: ParamReader): void {
  const type = params.string('type');
  if (type === undefined || type === '') throw missingParam('type');
  if (type !== 'express') {
    const known = type === 'custom' || type === 'standard';
    throw invalidRequest(
      known
        ? `The Stripe emulator only implements Express accounts, not type=${type}.`
        : 'Invalid type: must be one of custom, express, or standard',
      'type',
    );
  }
}

function readCapabilities(params: ParamReader): EmulatedAccount['capabilities'] {
  const requested = params.object('capabilities');
  const cardPayments = requested?.object('card_payments')?.boolean('requested') ?? false;
  const transfers = requested?.object('transfers')?.boolean('requested') ?? false;
  if (cardPayments && !transfers) {
    throw invalidRequest(
      'In order to request the card_payments capability, you must also request the transfers capability.',
      'capabilities',
    );
  }
  const capabilities: EmulatedAccount['capabilities'] = {};
  if (cardPayments) capabilities.card_payments = 'inactive';
  if (transfers) capabilities.transfers = 'inactive';
  return capabilities;
}

function activeCapabilities(current: EmulatedAccount['capabilities']): EmulatedAccount['capabilities'] {
  const active: CapabilityStatus = 'active';
  // An account that asked for nothing still needs transfers to receive destination charges.
  if (Object.keys(current).length === 0) return { card_payments: active, transfers: active };
  return Object.fromEntries(Object.keys(current).map((name) => [name, active]));
}

function initialRequirements(
  businessType: string | null,
  profile: { mcc: string | null; url: string | null },
): string[] {
  return [
    ...(profile.mcc ? [] : ['business_profile.mcc']),
    ...(profile.url ? [] : ['business_profile.url']),
    ...(businessType ? [] : ['business_type']),
    'external_account',
    'representative.first_name',
    'representative.last_name',
    'tos_acceptance.date',
    'tos_acceptance.ip',
  ];
}

function readEmail(params: ParamReader): string | null {
  const email = params.string('email');
  if (email === undefined || email === '') return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw invalidRequest(`Invalid email address: ${email}`, 'email');
  return email;
}

function readRequiredUrl(params: ParamReader, name: string): string {
  const url = params.requiredString(name);
  if (!/^https?:\/\//.test(url) || !URL.canParse(url))
    throw invalidRequest('Not a valid URL', name, 'url_invalid');
  return url;
}
