import type { Context, Hono } from 'hono';
import { ulid } from 'ulid';
import { z } from 'zod';
import type { SignedInUser } from '../../../shared/domain/users';
import type { AppEnv } from '../../../shared/http/app-env';
import { requireUser } from '../../../shared/http/auth';
import { type FieldError, problems } from '../../../shared/http/problem';
import { publicOrigin } from '../../../shared/http/public-origin';
import type { CouncilRepository } from '../../../shared/table/councils';
import { ukToday } from '../../../shared/time/uk-dates';
import { answersFromForm, type FormField, type FormValues } from '../../../shared/web/form-fields';
import { pageChrome } from '../../../shared/web/page-chrome';
import { readForm, summaryErrors } from '../../../shared/web/read-form';
import { checkEvidence, evidenceProblemMessages } from '../domain/evidence';
import {
  complianceKindNames,
  complianceKinds,
  type Membership,
  MembershipRuleError,
} from '../domain/membership';
import { ProviderMembershipPage, RenewalUploadPage, StaffMembershipPage } from '../pages/membership-pages';
import { VersionConflictError } from '../repositories/applications';
import type { MembershipRepository } from '../repositories/memberships';
import type { ProviderRepository } from '../repositories/providers';
import type { MembershipService } from '../services/membership-service';
import type { EvidenceStore } from '../storage/evidence-store';
import { idSchema } from './api-schemas';

export interface MembershipWebDependencies {
  memberships: MembershipRepository;
  providers: ProviderRepository;
  councils: Pick<CouncilRepository, 'get'>;
  membershipService: MembershipService;
  evidence?: EvidenceStore | undefined;
  now: () => Date;
}

const renewalFields = (membership: Membership): FormField[] => [
  {
    path: 'kind',
    kind: 'radios',
    label: 'Which document have you renewed?',
    options: membership.complianceItems.map((item) => ({
      value: item.kind,
      label: complianceKindNames[item.kind],
    })),
  },
  {
    path: 'expiresOn',
    kind: 'date',
    label: 'When does the renewed document expire?',
    hint: 'For example, 31 3 2027',
  },
];

const renewalSchema = z.object({
  kind: z.enum(complianceKinds, { error: 'Select the document you have renewed' }),
  expiresOn: z.iso.date({ error: 'Enter the new expiry date as a real date' }),
});

const uploadedSchema = renewalSchema.extend({ upload: idSchema });

const renewalUploadKey = (membership: Membership, uploadId: string) =>
  `uploads/${membership.councilId}/memberships/${membership.id}/${uploadId}`;

/**
 * Keeping a membership in date: the provider sends a renewed document with its new expiry date
 * (uploaded straight to the evidence bucket and checked like any evidence); a commissioner
 * accepts it, which moves the expiry on and reinstates a suspended membership.
 */
export function addMembershipPages(app: Hono<AppEnv>, deps: MembershipWebDependencies) {
  const { memberships, providers, councils, membershipService, evidence, now } = deps;

  /** Its own provider and the council's staff; for anyone else it does not exist. */
  const loadMembership = async (c: Context<AppEnv>, user: SignedInUser): Promise<Membership> => {
    const id = idSchema.safeParse(c.req.param('membershipId'));
    const membership = id.success ? await memberships.get(user.councilId, id.data) : undefined;
    if (!membership) throw problems.notFound();
    if (user.role === 'provider') {
      const organisation = await providers.findByOwner(user.councilId, user.id);
      if (membership.providerId !== organisation?.id) throw problems.notFound();
    }
    return membership;
  };

  /** A staff form acting on one renewal: the membership as the form saw it, and the renewal's id. */
  const renewalDecision = async (c: Context<AppEnv>) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const membership = await loadMembership(c, user);
    const form = await readForm(c);
    if (String(form.version) !== String(membership.version)) {
      throw problems.conflict(
        'This membership changed since you opened it. Go back and reload it to see the change.',
      );
    }
    const renewalId = idSchema.safeParse(c.req.param('renewalId'));
    if (!renewalId.success) throw problems.notFound();
    return { user, membership, form, renewalId: renewalId.data };
  };

  const renderProvider = async (
    c: Context<AppEnv>,
    membership: Membership,
    values: FormValues = {},
    errors?: FieldError[],
  ) => {
    const notice = {
      sent: 'Thank you: the council will check your document.',
      accepted: 'Thank you: your document has been accepted and its new expiry date recorded.',
    }[c.req.query('renewal') ?? ''];
    const uploadProblem = z
      .enum(['missing', 'empty', 'too-big', 'wrong-type'])
      .safeParse(c.req.query('evidence-error'));
    const allErrors = [
      ...(errors ?? []),
      ...(uploadProblem.success
        ? [{ field: 'kind', message: evidenceProblemMessages[uploadProblem.data] }]
        : []),
    ];
    const chrome = await pageChrome(c, councils, 'Your membership');
    return c.html(
      <ProviderMembershipPage
        chrome={{ ...chrome, errors: allErrors.length ? summaryErrors(allErrors) : undefined }}
        membership={membership}
        today={ukToday(now())}
        fields={renewalFields(membership)}
        values={values}
        errors={allErrors}
        notice={notice}
      />,
      errors?.length ? 400 : 200,
    );
  };

  app.get('/applications/memberships/:membershipId', async (c) => {
    const user = requireUser(c, 'provider');
    return renderProvider(c, await loadMembership(c, user));
  });

  app.post('/applications/memberships/:membershipId/renewals', async (c) => {
    const user = requireUser(c, 'provider');
    const membership = await loadMembership(c, user);
    const values = await readForm(c);
    const parsed = renewalSchema.safeParse(answersFromForm(renewalFields(membership), values));
    const errors: FieldError[] = parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
    if (parsed.success && parsed.data.expiresOn <= ukToday(now()))
      errors.push({ field: 'expiresOn', message: 'The new expiry date must be in the future' });
    if (!parsed.success || errors.length) return renderProvider(c, membership, values, errors);
    if (!evidence) throw problems.ruleBroken('Documents cannot be uploaded here at the moment.');
    const uploadId = ulid();
    const back = `${publicOrigin(c)}/applications/memberships/${membership.id}/renewals/uploaded?${new URLSearchParams({ ...parsed.data, upload: uploadId })}`;
    return c.html(
      <RenewalUploadPage
        chrome={await pageChrome(c, councils, 'Upload the renewed document')}
        membership={membership}
        kindName={complianceKindNames[parsed.data.kind]}
        expiresOn={parsed.data.expiresOn}
        upload={await evidence.uploadForm(renewalUploadKey(membership, uploadId), back)}
      />,
    );
  });

  // S3 sends the browser here after the upload; the document is checked before anything is recorded.
  app.get('/applications/memberships/:membershipId/renewals/uploaded', async (c) => {
    const user = requireUser(c, 'provider');
    const membership = await loadMembership(c, user);
    const query = uploadedSchema.safeParse(c.req.query());
    if (!query.success || !evidence) throw problems.notFound();
    const { kind, expiresOn, upload } = query.data;
    const page = `/applications/memberships/${membership.id}`;
    if (membership.renewals?.some((renewal) => renewal.id === upload))
      return c.redirect(`${page}?renewal=sent`, 303);
    const uploaded = await evidence.inspect(renewalUploadKey(membership, upload));
    const checked = checkEvidence(uploaded);
    if (!checked.ok) return c.redirect(`${page}?evidence-error=${checked.problem}`, 303);
    const key = `evidence/${membership.councilId}/memberships/${membership.id}/${upload}`;
    await evidence.keep(renewalUploadKey(membership, upload), key, checked.type);
    const { accepted } = await asMembershipProblem(
      () =>
        membershipService.submitRenewal(user, membership, {
          id: upload,
          kind,
          expiresOn,
          document: { key, contentType: checked.type, sizeBytes: uploaded?.sizeBytes ?? 0 },
        }),
      'rule',
    );
    return c.redirect(`${page}?renewal=${accepted ? 'accepted' : 'sent'}`, 303);
  });

  app.get('/applications/memberships/:membershipId/renewals/:renewalId/document', async (c) => {
    const user = requireUser(c, 'provider', 'commissioner', 'admin');
    const membership = await loadMembership(c, user);
    const renewalId = idSchema.safeParse(c.req.param('renewalId'));
    const renewal = renewalId.success
      ? membership.renewals?.find((candidate) => candidate.id === renewalId.data)
      : undefined;
    if (!renewal || !evidence) throw problems.notFound();
    const extension =
      { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[renewal.document.contentType] ??
      'bin';
    return c.redirect(
      await evidence.downloadLink(
        renewal.document.key,
        `${renewal.kind}-renewal-${renewal.submittedAt.slice(0, 10)}.${extension}`,
      ),
      303,
    );
  });

  app.get('/applications/members/:membershipId', async (c) => {
    const user = requireUser(c, 'commissioner', 'admin');
    const membership = await loadMembership(c, user);
    return c.html(
      <StaffMembershipPage
        chrome={await pageChrome(c, councils, membership.providerName)}
        membership={membership}
        today={ukToday(now())}
      />,
    );
  });

  app.post('/applications/members/:membershipId/renewals/:renewalId/refuse', async (c) => {
    const { user, membership, form, renewalId } = await renewalDecision(c);
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (!reason) {
      const message = 'Enter the reason for refusing the renewal';
      const chrome = await pageChrome(c, councils, membership.providerName);
      return c.html(
        <StaffMembershipPage
          chrome={{ ...chrome, errors: [{ field: `reason-${renewalId}`, message }] }}
          membership={membership}
          today={ukToday(now())}
          refusalError={{ renewalId, message }}
        />,
        400,
      );
    }
    await asMembershipProblem(() => membershipService.refuseRenewal(user, membership, renewalId, reason));
    return c.redirect(`/applications/members/${membership.id}`, 303);
  });

  app.post('/applications/members/:membershipId/renewals/:renewalId/accept', async (c) => {
    const { user, membership, renewalId } = await renewalDecision(c);
    await asMembershipProblem(() => membershipService.acceptRenewal(user, membership, renewalId));
    return c.redirect(`/applications/members/${membership.id}`, 303);
  });
}

/**
 * Membership refusals as problems: a rule the provider's input broke is a 422, a renewal already
 * decided is a 409, and so is a change someone else saved first.
 */
async function asMembershipProblem<T>(work: () => Promise<T>, kind: 'rule' | 'state' = 'state'): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MembershipRuleError) {
      throw kind === 'rule' ? problems.ruleBroken(error.message) : problems.conflict(error.message);
    }
    if (error instanceof VersionConflictError) {
      throw problems.conflict('Someone else changed this membership. Reload it and try again.');
    }
    throw error;
  }
}
