import { z } from '@hono/zod-openapi';
import { applicationStatuses } from '../domain/application';
import { complianceKinds } from '../domain/membership';
import { organisationTypes } from '../domain/organisation';
import { sectionIds } from '../domain/sections';

/** Ids we issue are ULIDs: 26 characters of Crockford base 32. */
export const idSchema = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'This is not an id this service issued')
  .openapi({ example: '01JD8Z6V6X1ZQ4W0N3G5K7M9PQ' });

export const frameworkIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{3,80}$/, 'Framework ids are lower-case letters, digits and hyphens')
  .openapi({ example: 'dorset-day-opportunities' });

export const frameworkSchema = z
  .object({
    id: z.string(),
    councilId: z.string(),
    name: z.string(),
    description: z.string(),
    lots: z.array(z.object({ id: z.string(), name: z.string(), description: z.string() })),
    selectionCriteria: z.array(z.object({ id: z.string(), text: z.string() })),
    qualityQuestions: z.array(
      z.object({ id: z.string(), text: z.string(), weight: z.number(), wordLimit: z.number() }),
    ),
    passMarkPercent: z.number(),
    term: z.object({ starts: z.string(), ends: z.string() }),
    admission: z.object({ kind: z.enum(['rolling', 'windows']) }).passthrough(),
    autoAcceptRenewals: z.array(z.enum(complianceKinds)).openapi({
      description: 'Renewed documents of these kinds are accepted without a commissioner',
    }),
    version: z.number(),
  })
  .passthrough()
  .openapi('Framework');

export const frameworkAuditEntrySchema = z
  .object({
    version: z.number(),
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.enum(['created', 'edited']),
    detail: z.string(),
  })
  .openapi('FrameworkAuditEntry');

export const organisationSchema = z
  .object({
    id: z.string(),
    details: z
      .object({ legalName: z.string(), type: z.enum(organisationTypes), workers: z.number() })
      .passthrough(),
    microProvider: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('ProviderOrganisation');

export const sectionSummarySchema = z.object({
  id: z.enum(sectionIds),
  title: z.string(),
  status: z.enum(['not-started', 'in-progress', 'completed', 'not-needed']),
  editable: z.boolean(),
});

export const applicationSchema = z
  .object({
    id: z.string(),
    status: z.enum(applicationStatuses),
    version: z
      .number()
      .int()
      .openapi({ description: 'Send it back when you submit or decide: it detects conflicting changes.' }),
    framework: z.object({ id: z.string(), name: z.string(), version: z.number() }),
    providerName: z.string(),
    microProvider: z.boolean(),
    sections: z.array(sectionSummarySchema),
    answers: z.record(z.string(), z.record(z.string(), z.unknown())),
    missing: z.array(z.object({ field: z.string(), message: z.string() })),
    clarifications: z.array(
      z.object({
        question: z.string(),
        sections: z.array(z.string()),
        askedAt: z.string(),
        answeredAt: z.string().optional(),
      }),
    ),
    decision: z
      .object({ outcome: z.enum(['approved', 'rejected']), reasons: z.string(), at: z.string() })
      .optional(),
    evaluation: z
      .object({
        criteria: z.record(z.string(), z.object({ result: z.enum(['pass', 'fail']), note: z.string() })),
        scores: z.record(z.string(), z.object({ score: z.number(), note: z.string() })),
        evaluatedBy: z.string(),
        evaluatedAt: z.string(),
        score: z.object({
          total: z.number(),
          maximum: z.number(),
          percent: z.number(),
          passMarkPercent: z.number(),
          meetsPassMark: z.boolean(),
        }),
      })
      .optional()
      .openapi({ description: 'Council staff only' }),
    blockersToApproval: z.array(z.string()).optional().openapi({ description: 'Council staff only' }),
    submittedAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Application');

export const membershipSchema = z
  .object({
    id: z.string(),
    frameworkId: z.string(),
    frameworkName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    applicationId: z.string(),
    lotIds: z.array(z.string()),
    startsOn: z.string(),
    status: z.enum(['active', 'suspended', 'ended']),
    complianceItems: z.array(z.object({ kind: z.string(), expiresOn: z.string(), mandatory: z.boolean() })),
  })
  .openapi('Membership');

export const auditEntrySchema = z
  .object({
    at: z.string(),
    actor: z.object({ id: z.string(), name: z.string(), role: z.string() }),
    action: z.string(),
    fromStatus: z.string().optional(),
    toStatus: z.string().optional(),
    detail: z.string(),
  })
  .openapi('AuditEntry');
