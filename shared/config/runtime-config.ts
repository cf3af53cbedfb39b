import { z } from 'zod';
import { type LogLevel, logLevels } from '../log/logger';

/**
 * Environment read and checked once, at cold start. A function with missing or malformed
 * configuration fails on its first request with a clear message, never half-way through one.
 */
const environmentFields = z.object({
  TABLE_NAME: z.string().min(3, 'TABLE_NAME must name the DynamoDB table'),
  AUTH_ISSUER: z.url('AUTH_ISSUER must be the token issuer URL'),
  AUTH_AUDIENCE: z.string().min(1, 'AUTH_AUDIENCE must be the app client id'),
  AUTH_JWKS_URL: z.url().optional(),
  /** Local stack only: the signing keys as a JWKS document, instead of fetching them. */
  AUTH_JWKS: z.string().optional(),
  /** Cognito managed sign-in, e.g. https://prefix.auth.eu-west-2.amazoncognito.com */
  COGNITO_DOMAIN_URL: z.url().optional(),
  /** The private bucket for evidence files (applications only). */
  EVIDENCE_BUCKET: z.string().min(3).optional(),
  /** Local stack and tests only: the local S3 server. */
  S3_ENDPOINT: z.url().optional(),
  AWS_REGION: z.string().default('eu-west-2'),
  /** Local stack and tests only: DynamoDB Local. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  /** AWS: a postcodes.io-compatible API (catalogue only). Absent locally: the offline district table. */
  POSTCODES_API_URL: z.url('POSTCODES_API_URL must be the postcode API base URL').optional(),
  /** AWS (checkout, jobs): the Secrets Manager secret holding `{ "secretKey", "webhookSecret" }` for Stripe. */
  STRIPE_SECRET_ARN: z.string().startsWith('arn:', 'STRIPE_SECRET_ARN must be a secret ARN').optional(),
  /** Local stack and tests only: Stripe keys given directly, and the Stripe emulator's address. */
  STRIPE_SECRET_KEY: z.string().startsWith('sk_', 'STRIPE_SECRET_KEY must be a Stripe secret key').optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith('whsec_', 'STRIPE_WEBHOOK_SECRET must start whsec_')
    .optional(),
  STRIPE_API_URL: z.url('STRIPE_API_URL must be the Stripe emulator address').optional(),
});

const stripeFields = environmentFields.pick({
  STRIPE_SECRET_ARN: true,
  STRIPE_SECRET_KEY: true,
  STRIPE_WEBHOOK_SECRET: true,
  STRIPE_API_URL: true,
  AWS_REGION: true,
});

/** Stripe's keys come as a pair, from one place: Secrets Manager in AWS, or given directly locally. */
function checkStripe(env: z.infer<typeof stripeFields>, context: z.RefinementCtx) {
  if (Boolean(env.STRIPE_SECRET_KEY) !== Boolean(env.STRIPE_WEBHOOK_SECRET))
    context.addIssue({
      code: 'custom',
      message: 'Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET together',
      path: ['STRIPE_WEBHOOK_SECRET'],
    });
  if (env.STRIPE_SECRET_ARN && env.STRIPE_SECRET_KEY)
    context.addIssue({
      code: 'custom',
      message: 'Set either STRIPE_SECRET_ARN (AWS) or STRIPE_SECRET_KEY (local stack), not both',
      path: ['STRIPE_SECRET_ARN'],
    });
}

const environmentSchema = environmentFields
  .refine((env) => Boolean(env.AUTH_JWKS_URL) !== Boolean(env.AUTH_JWKS), {
    message: 'Set exactly one of AUTH_JWKS_URL (AWS) or AUTH_JWKS (local stack)',
    path: ['AUTH_JWKS_URL'],
  })
  .superRefine(checkStripe);
const stripeEnvironmentSchema = stripeFields.superRefine(checkStripe);

export type TokenKeySource = { kind: 'remote'; jwksUrl: string } | { kind: 'inline'; jwks: JsonWebKeySet };

export interface JsonWebKeySet {
  keys: Record<string, unknown>[];
}

export interface RuntimeConfig {
  tableName: string;
  dynamodbEndpoint?: string;
  logLevel: LogLevel;
  auth: { issuer: string; audience: string; keys: TokenKeySource };
  /** Evidence files, where this function keeps them. */
  evidence?: { bucket: string; region: string; endpoint?: string };
  /** Present in AWS: where the sign-in link sends people. Absent locally, where the local stack signs people in. */
  cognito?: { domainUrl: string; clientId: string };
  /** Where postcodes are looked up; absent means the offline table (local stack and tests). */
  postcodesApiUrl?: string;
  /** Stripe, for the functions that take payments: keys from Secrets Manager in AWS, given directly locally. */
  stripe?: StripeConfig;
}

export type StripeConfig =
  | { kind: 'secrets-manager'; secretArn: string; region: string }
  | { kind: 'inline'; secretKey: string; webhookSecret: string; apiUrl?: string };

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) });

export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const keys: TokenKeySource = e.AUTH_JWKS_URL
    ? { kind: 'remote', jwksUrl: e.AUTH_JWKS_URL }
    : { kind: 'inline', jwks: jwksSchema.parse(JSON.parse(e.AUTH_JWKS ?? '')) };
  return {
    tableName: e.TABLE_NAME,
    ...(e.DYNAMODB_ENDPOINT ? { dynamodbEndpoint: e.DYNAMODB_ENDPOINT } : {}),
    logLevel: e.LOG_LEVEL,
    auth: { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, keys },
    ...(e.EVIDENCE_BUCKET
      ? {
          evidence: {
            bucket: e.EVIDENCE_BUCKET,
            region: e.AWS_REGION,
            ...(e.S3_ENDPOINT ? { endpoint: e.S3_ENDPOINT } : {}),
          },
        }
      : {}),
    ...(e.COGNITO_DOMAIN_URL
      ? { cognito: { domainUrl: e.COGNITO_DOMAIN_URL, clientId: e.AUTH_AUDIENCE } }
      : {}),
    ...(e.POSTCODES_API_URL ? { postcodesApiUrl: e.POSTCODES_API_URL } : {}),
    ...stripeConfigOf(e),
  };
}

function stripeConfigOf(e: z.infer<typeof stripeFields>): { stripe?: StripeConfig } {
  if (e.STRIPE_SECRET_ARN)
    return { stripe: { kind: 'secrets-manager', secretArn: e.STRIPE_SECRET_ARN, region: e.AWS_REGION } };
  if (e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET)
    return {
      stripe: {
        kind: 'inline',
        secretKey: e.STRIPE_SECRET_KEY,
        webhookSecret: e.STRIPE_WEBHOOK_SECRET,
        ...(e.STRIPE_API_URL ? { apiUrl: e.STRIPE_API_URL } : {}),
      },
    };
  return {};
}

/** Stripe's settings alone, for a function (the jobs) that needs no sign-in settings. */
export function readStripeConfig(
  env: Record<string, string | undefined> = process.env,
): StripeConfig | undefined {
  const parsed = stripeEnvironmentSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  return stripeConfigOf(parsed.data).stripe;
}
