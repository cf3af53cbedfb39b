import { beforeAll, describe, expect, it } from 'vitest';
import { sectionIds } from '../../../functions/applications/domain/sections';
import { dayOpportunitiesFramework } from '../../../scripts/local/demo-frameworks';
import { createOutboxRepository } from '../../../shared/table/outbox';
import { completeAnswers } from '../../support/application-answers';
import { applicationsAppWithDemoData } from '../../support/local-app';

let call: Awaited<ReturnType<typeof applicationsAppWithDemoData>>['call'];
const framework = 'dorset-day-opportunities';
const organisation = completeAnswers(new Date()).organisation;

beforeAll(async () => {
  ({ call } = await applicationsAppWithDemoData());
});

/** A provider with a fresh organisation and a draft application; returns the application id. */
async function newDraft(userId: string): Promise<string> {
  await call(userId, 'POST', '/api/applications/providers', organisation);
  const started = await call(userId, 'POST', '/api/applications', { frameworkId: framework });
  expect(started.status).toBe(201);
  return started.body.id;
}

async function completeEverySection(userId: string, id: string) {
  const answers = completeAnswers(new Date());
  for (const section of sectionIds) {
    const saved = await call(userId, 'PUT', `/api/applications/${id}/sections/${section}`, {
      answers: answers[section],
      completed: true,
    });
    expect(saved.status, section).toBe(200);
  }
}

describe('frameworks API', () => {
  it("lists the user's council's frameworks with lots, criteria and questions", async () => {
    const { status, body } = await call('dorset-person-dp', 'GET', '/api/applications/frameworks');
    expect(status).toBe(200);
    expect(body.frameworks).toHaveLength(1);
    expect(body.frameworks[0]).toMatchObject({
      id: framework,
      councilId: 'dorset',
      admission: { kind: 'rolling' },
    });
    expect(body.frameworks[0].lots.map((lot: { id: string }) => lot.id)).toContain('respite');
  });

  it("does not show another council's framework", async () => {
    expect((await call('bcp-commissioner', 'GET', `/api/applications/frameworks/${framework}`)).status).toBe(
      404,
    );
  });
});

describe('provider sign-up API', () => {
  it('creates the organisation once, marking micro-providers', async () => {
    const created = await call('extra-signup', 'POST', '/api/applications/providers', {
      ...organisation,
      workers: 3,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      microProvider: true,
      details: { legalName: 'Purbeck Community Farm CIC' },
    });
    expect((await call('extra-signup', 'GET', '/api/applications/providers/me')).body.id).toBe(
      created.body.id,
    );
    const again = await call('extra-signup', 'POST', '/api/applications/providers', organisation);
    expect(again.status).toBe(409);
  });

  it('names each bad field and refuses fields that are not ours to set', async () => {
    const { status, contentType, body } = await call(
      'extra-bad-signup',
      'POST',
      '/api/applications/providers',
      {
        ...organisation,
        type: 'charity',
        address: { line1: 'x', town: 'y', postcode: 'nope' },
        verified: true,
      },
    );
    expect(status).toBe(400);
    expect(contentType).toBe('application/problem+json');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: 'verified', message: 'Remove this field: it is not part of this request' },
        { field: 'address.postcode', message: 'Enter a real postcode, like DT1 1XJ' },
      ]),
    );
    expect((await call('extra-bad-signup', 'GET', '/api/applications/providers/me')).status).toBe(404);
  });

  it('is for providers only', async () => {
    expect(
      (await call('dorset-commissioner', 'POST', '/api/applications/providers', organisation)).status,
    ).toBe(403);
    expect((await call(null, 'POST', '/api/applications/providers', organisation)).status).toBe(401);
  });
});

describe('applying', () => {
  it('takes a provider from draft to submitted, then makes the application read-only', async () => {
    const id = await newDraft('extra-journey');
    const draft = await call('extra-journey', 'GET', `/api/applications/${id}`);
    expect(draft.body).toMatchObject({
      status: 'draft',
      version: 1,
      framework: { id: framework, version: 1 },
    });
    expect(draft.body.sections.find((s: { id: string }) => s.id === 'organisation').status).toBe(
      'in-progress',
    );

    const early = await call('extra-journey', 'POST', `/api/applications/${id}/submit`, { version: 1 });
    expect(early.status).toBe(422);
    expect(early.body.errors).toContainEqual({ field: 'lots', message: 'Complete "Lots applied for"' });

    await completeEverySection('extra-journey', id);
    const ready = await call('extra-journey', 'GET', `/api/applications/${id}`);
    expect(ready.body.missing).toEqual([]);
    const submitted = await call('extra-journey', 'POST', `/api/applications/${id}/submit`, {
      version: ready.body.version,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('submitted');

    const change = await call('extra-journey', 'PUT', `/api/applications/${id}/sections/prices`, {
      answers: completeAnswers().prices,
      completed: true,
    });
    expect(change.status).toBe(409);

    const audit = await call('extra-journey', 'GET', `/api/applications/${id}/audit`);
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual([
      'started',
      ...sectionIds.map(() => 'section-saved'),
      'submitted',
    ]);
  });

  it('names the bad answer and saves nothing', async () => {
    const id = await newDraft('extra-bad-answers');
    const bad = await call('extra-bad-answers', 'PUT', `/api/applications/${id}/sections/lots`, {
      answers: { lotIds: ['canteen'] },
      completed: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'answers.lotIds.0', message: 'Select lots from this framework only' },
    ]);
    const after = await call('extra-bad-answers', 'GET', `/api/applications/${id}`);
    expect(after.body.version).toBe(1);
    expect(after.body.sections.find((s: { id: string }) => s.id === 'lots').status).toBe('not-started');
  });

  it('refuses mass assignment, unknown sections and ids it never issued', async () => {
    const id = await newDraft('extra-mass');
    const withStatus = await call('extra-mass', 'POST', '/api/applications', {
      frameworkId: framework,
      status: 'approved',
    });
    expect(withStatus.status).toBe(400);
    expect(withStatus.body.errors).toEqual([
      { field: 'status', message: 'Remove this field: it is not part of this request' },
    ]);
    expect(
      (
        await call('extra-mass', 'PUT', `/api/applications/${id}/sections/catering`, {
          answers: {},
          completed: false,
        })
      ).status,
    ).toBe(400);
    const badId = await call('extra-mass', 'GET', '/api/applications/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('applicationId');
  });

  it('refuses an application without an organisation, or to a framework that does not exist', async () => {
    expect((await call('extra-no-org', 'POST', '/api/applications', { frameworkId: framework })).status).toBe(
      422,
    );
    const missing = await call('dorset-provider-member', 'POST', '/api/applications', {
      frameworkId: 'no-such-framework',
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([
      { field: 'frameworkId', message: 'Choose a framework from GET /api/applications/frameworks' },
    ]);
  });
});

describe('who may see an application', () => {
  let id: string;
  beforeAll(async () => {
    id = await newDraft('extra-owner');
  });

  it('its provider and the council’s commissioners and admins', async () => {
    for (const user of ['extra-owner', 'dorset-commissioner', 'dorset-admin']) {
      expect((await call(user, 'GET', `/api/applications/${id}`)).status, user).toBe(200);
    }
  });

  it('not another provider, nor another council: for them it does not exist', async () => {
    for (const user of ['dorset-provider-member', 'bcp-commissioner', 'bcp-provider-member']) {
      const response = await call(user, 'GET', `/api/applications/${id}`);
      expect(response.status, user).toBe(404);
      expect(response.body.detail).toBe('There is no application with this id.');
    }
  });

  it('not people or representatives (403), and nobody without a token (401)', async () => {
    expect((await call('dorset-person-dp', 'GET', `/api/applications/${id}`)).status).toBe(403);
    expect((await call('dorset-representative', 'GET', `/api/applications/${id}/audit`)).status).toBe(403);
    expect((await call(null, 'GET', `/api/applications/${id}`)).status).toBe(401);
  });

  it('lets only its own provider change it', async () => {
    const other = await call('dorset-provider-member', 'PUT', `/api/applications/${id}/sections/lots`, {
      answers: { lotIds: ['hub'] },
      completed: true,
    });
    expect(other.status).toBe(404);
    const commissioner = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/sections/lots`, {
      answers: { lotIds: ['hub'] },
      completed: true,
    });
    expect(commissioner.status).toBe(403);
  });
});

describe('the commissioners’ queue and clarification', () => {
  it('lists submitted applications, oldest first, filtered by lot', async () => {
    const queue = await call('dorset-commissioner', 'GET', '/api/applications?status=submitted');
    expect(queue.status).toBe(200);
    expect(queue.body.applications.map((a: { providerName: string }) => a.providerName)).toContain(
      'Wessex Walking Group',
    );
    const hubOnly = await call('dorset-commissioner', 'GET', '/api/applications?status=submitted&lot=hub');
    expect(hubOnly.body.applications.map((a: { providerName: string }) => a.providerName)).not.toContain(
      'Wessex Walking Group',
    );
    expect((await call('dorset-commissioner', 'GET', '/api/applications?status=pending')).status).toBe(400);
    expect(
      (await call('bcp-commissioner', 'GET', '/api/applications?status=submitted')).body.applications,
    ).toEqual([]);
  });

  it('sends an application back with a question: one of two commissioners wins, the other gets a 409', async () => {
    const id = await newDraft('extra-clarify');
    await completeEverySection('extra-clarify', id);
    const { body } = await call('extra-clarify', 'GET', `/api/applications/${id}`);
    const submitted = await call('extra-clarify', 'POST', `/api/applications/${id}/submit`, {
      version: body.version,
    });
    const ask = (user: string) =>
      call(user, 'POST', `/api/applications/${id}/clarification`, {
        version: submitted.body.version,
        question: `Which of your staff lead the respite days? (${user})`,
        sections: ['offer'],
      });
    const results = await Promise.all([ask('dorset-commissioner'), ask('dorset-admin')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.detail).toMatch(/changed/);

    const returned = await call('extra-clarify', 'GET', `/api/applications/${id}`);
    expect(returned.body.status).toBe('clarification-requested');
    expect(
      returned.body.sections
        .filter((s: { editable: boolean }) => s.editable)
        .map((s: { id: string }) => s.id),
    ).toEqual(['offer']);
    expect(returned.body.clarifications).toHaveLength(1);

    const stale = await call('dorset-commissioner', 'POST', `/api/applications/${id}/clarification`, {
      version: 1,
      question: 'Again?',
      sections: ['offer'],
    });
    expect(stale.status).toBe(409);
    const notSubmitted = await call('dorset-commissioner', 'POST', `/api/applications/${id}/clarification`, {
      version: returned.body.version,
      question: 'Again?',
      sections: ['offer'],
    });
    expect(notSubmitted.status).toBe(409);

    const resubmitted = await call('extra-clarify', 'POST', `/api/applications/${id}/submit`, {
      version: returned.body.version,
    });
    expect(resubmitted.body.status).toBe('submitted');
  });

  it('is for council staff: providers cannot ask for clarification', async () => {
    const id = await newDraft('extra-not-staff');
    const response = await call('extra-not-staff', 'POST', `/api/applications/${id}/clarification`, {
      version: 1,
      question: 'Why?',
      sections: ['offer'],
    });
    expect(response.status).toBe(403);
  });
});

describe('evaluating and deciding', () => {
  const passAll = {
    criteria: {
      eligibility: { result: 'pass' },
      safeguarding: { result: 'pass' },
      insurance: { result: 'pass' },
      dbs: { result: 'pass', note: 'Checked the register' },
    },
    scores: {
      outcomes: { score: 4 },
      community: { score: 3 },
      involvement: { score: 3, note: 'Good examples' },
    },
  };

  async function submitted(userId: string): Promise<{ id: string; version: number }> {
    const id = await newDraft(userId);
    await completeEverySection(userId, id);
    const { body } = await call(userId, 'GET', `/api/applications/${id}`);
    const result = await call(userId, 'POST', `/api/applications/${id}/submit`, { version: body.version });
    return { id, version: result.body.version };
  }

  it('computes the weighted score from the marks; the total is never sent', async () => {
    const { id, version } = await submitted('extra-score');
    const evaluated = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
      version,
      ...passAll,
    });
    expect(evaluated.status).toBe(200);
    // weights 3, 2, 1: (4*3 + 3*2 + 3*1) / (5*6) = 21/30 = 70%
    expect(evaluated.body.evaluation.score).toEqual({
      total: 21,
      maximum: 30,
      percent: 70,
      passMarkPercent: 60,
      meetsPassMark: true,
    });
    expect(evaluated.body.blockersToApproval).toEqual([]);
    const withTotal = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
      version: evaluated.body.version,
      ...passAll,
      total: 30,
    });
    expect(withTotal.status).toBe(400);
    expect((await call('extra-score', 'GET', `/api/applications/${id}`)).body.evaluation).toBeUndefined();
  });

  it('names every criterion and question left unmarked, and scores out of range', async () => {
    const { id, version } = await submitted('extra-unmarked');
    const response = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
      version,
      criteria: { eligibility: { result: 'pass' } },
      scores: { outcomes: { score: 7 } },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['criteria.safeguarding', 'scores.outcomes.score', 'scores.community']),
    );
  });

  it('refuses approval, saying why, until every criterion passes and the pass mark is met', async () => {
    const { id, version } = await submitted('extra-blocked');
    const early = await call('dorset-commissioner', 'POST', `/api/applications/${id}/approve`, { version });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].message).toMatch(/Evaluate the application first/);

    const weak = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
      version,
      criteria: { ...passAll.criteria, insurance: { result: 'fail', note: 'Certificate expired' } },
      scores: { outcomes: { score: 2 }, community: { score: 2 }, involvement: { score: 2 } },
    });
    const refused = await call('dorset-commissioner', 'POST', `/api/applications/${id}/approve`, {
      version: weak.body.version,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((error: { message: string }) => error.message)).toEqual([
      'Criterion not passed: Insurance cover meets the framework minimums.',
      'The weighted score is 40%, below the pass mark of 60%.',
    ]);
    expect((await call('dorset-commissioner', 'GET', `/api/applications/${id}`)).body.status).toBe(
      'submitted',
    );
  });

  it('approves into a membership with compliance items from the answers, shown to the provider and the council', async () => {
    const { id, version } = await submitted('extra-approved');
    const evaluated = await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
      version,
      ...passAll,
    });
    const approved = await call('dorset-commissioner', 'POST', `/api/applications/${id}/approve`, {
      version: evaluated.body.version,
      reasons: 'Strong local offer',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decision: { outcome: 'approved', reasons: 'Strong local offer' },
    });

    const mine = await call('extra-approved', 'GET', '/api/applications/memberships');
    expect(mine.body.memberships).toHaveLength(1);
    const [membership] = mine.body.memberships;
    expect(membership).toMatchObject({
      applicationId: id,
      status: 'active',
      lotIds: ['spokes', 'respite'],
      frameworkId: framework,
    });
    expect(membership.complianceItems.map((item: { kind: string }) => item.kind).sort()).toEqual([
      'employers-liability',
      'professional-indemnity',
      'public-liability',
      'safeguarding-policy-review',
      'safeguarding-training',
    ]);
    const council = await call('dorset-commissioner', 'GET', '/api/applications/memberships');
    expect(council.body.memberships.map((m: { applicationId: string }) => m.applicationId)).toContain(id);
    expect((await call('bcp-commissioner', 'GET', '/api/applications/memberships')).body.memberships).toEqual(
      [],
    );

    const again = await call('dorset-commissioner', 'POST', `/api/applications/${id}/approve`, {
      version: approved.body.version,
    });
    expect(again.status).toBe(409);
    const audit = await call('dorset-commissioner', 'GET', `/api/applications/${id}/audit`);
    expect(audit.body.entries.slice(-2).map((entry: { action: string }) => entry.action)).toEqual([
      'evaluated',
      'approved',
    ]);
  });

  it('rejects only with reasons', async () => {
    const { id, version } = await submitted('extra-rejected');
    const noReasons = await call('dorset-commissioner', 'POST', `/api/applications/${id}/reject`, {
      version,
    });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.errors).toEqual([{ field: 'reasons', message: 'Enter the reasons for rejecting' }]);
    const rejected = await call('dorset-commissioner', 'POST', `/api/applications/${id}/reject`, {
      version,
      reasons: 'No safeguarding lead',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      decision: { outcome: 'rejected', reasons: 'No safeguarding lead' },
    });
    expect((await call('extra-rejected', 'GET', `/api/applications/${id}`)).body.decision.reasons).toBe(
      'No safeguarding lead',
    );
    // A rejection frees the provider to apply again.
    const again = await call('extra-rejected', 'POST', '/api/applications', { frameworkId: framework });
    expect(again.status).toBe(201);
  });

  it('allows one application and one membership per provider per framework, even when two starts race', async () => {
    const id = await newDraft('extra-twice');
    const second = await call('extra-twice', 'POST', '/api/applications', { frameworkId: framework });
    expect(second.status).toBe(409);
    expect(second.body.detail).toMatch(
      /^You already have an application to join .+\. Carry on with that one\.$/,
    );

    await call('extra-race', 'POST', '/api/applications/providers', organisation);
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        call('extra-race', 'POST', '/api/applications', { frameworkId: framework }),
      ),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect((await call('extra-race', 'GET', '/api/applications')).body.applications).toHaveLength(1);

    const member = await call('dorset-provider-member', 'POST', '/api/applications', {
      frameworkId: framework,
    });
    expect(member.status).toBe(409);
    expect(member.body.detail).toMatch(/^You are already a member of .+\.$/);
    expect(member.body.errors).toEqual([
      { field: 'frameworkId', message: 'You are already a member of this framework' },
    ]);
    expect((await call('extra-twice', 'GET', '/api/applications')).body.applications).toEqual([
      expect.objectContaining({ id }),
    ]);
  });

  it('cannot evaluate or decide a draft, and providers cannot decide', async () => {
    const id = await newDraft('extra-draft-decide');
    expect(
      (
        await call('dorset-commissioner', 'PUT', `/api/applications/${id}/evaluation`, {
          version: 1,
          ...passAll,
        })
      ).status,
    ).toBe(409);
    expect(
      (
        await call('dorset-commissioner', 'POST', `/api/applications/${id}/reject`, {
          version: 1,
          reasons: 'x',
        })
      ).status,
    ).toBe(409);
    expect(
      (await call('extra-draft-decide', 'POST', `/api/applications/${id}/approve`, { version: 1 })).status,
    ).toBe(403);
  });
});

describe('notifications', () => {
  it('announce each submission, question and decision in the outbox, to the right people', async () => {
    const { call: send, table } = await applicationsAppWithDemoData();
    const outbox = createOutboxRepository(table);
    await send('extra-notified', 'POST', '/api/applications/providers', organisation);
    const { body: started } = await send('extra-notified', 'POST', '/api/applications', {
      frameworkId: framework,
    });
    const answers = completeAnswers(new Date());
    for (const section of sectionIds) {
      await send('extra-notified', 'PUT', `/api/applications/${started.id}/sections/${section}`, {
        answers: answers[section],
        completed: true,
      });
    }
    const ready = await send('extra-notified', 'GET', `/api/applications/${started.id}`);
    const submitted = await send('extra-notified', 'POST', `/api/applications/${started.id}/submit`, {
      version: ready.body.version,
    });
    await send('dorset-commissioner', 'POST', `/api/applications/${started.id}/clarification`, {
      version: submitted.body.version,
      question: 'Who leads your respite days?',
      sections: ['offer'],
    });

    const messages = (await outbox.listByCouncil('dorset')).filter(
      (message) => message.related.id === started.id,
    );
    expect(messages.map((message) => [message.to.email, message.subject])).toEqual([
      ['jess@purbeckfarm.example', 'The council has a question about your application'],
      ['day.opportunities@dorset.example', 'New application: Purbeck Community Farm CIC'],
    ]);
    expect(messages[0]?.body).toContain('“Who leads your respite days?”');
    expect(messages[0]?.body).toContain('What you offer and to whom');
  });

  it('are not written when the change is refused', async () => {
    const { call: send, table } = await applicationsAppWithDemoData();
    await send('extra-refused', 'POST', '/api/applications/providers', organisation);
    const { body } = await send('extra-refused', 'POST', '/api/applications', { frameworkId: framework });
    expect(
      (await send('extra-refused', 'POST', `/api/applications/${body.id}/submit`, { version: 1 })).status,
    ).toBe(422);
    const messages = await createOutboxRepository(table).listByCouncil('dorset');
    expect(messages.filter((message) => message.related.id === body.id)).toEqual([]);
  });
});

describe('council admins edit frameworks', () => {
  const input = () => {
    const {
      id: _id,
      councilId: _council,
      version: _version,
      ...fields
    } = dayOpportunitiesFramework('dorset', 'Dorset Council');
    return fields;
  };

  it('creates a framework for their own council only', async () => {
    const created = await call('dorset-admin', 'POST', '/api/applications/frameworks', {
      ...input(),
      name: 'Dorset evening and weekend activities',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      councilId: 'dorset',
      version: 1,
      name: 'Dorset evening and weekend activities',
    });
    expect((await call('bcp-admin', 'GET', `/api/applications/frameworks/${created.body.id}`)).status).toBe(
      404,
    );
    expect((await call('dorset-commissioner', 'POST', '/api/applications/frameworks', input())).status).toBe(
      403,
    );
  });

  it('names what is wrong: windows over 8 years, duplicate lot ids, a council it may not set', async () => {
    const response = await call('dorset-admin', 'POST', '/api/applications/frameworks', {
      ...input(),
      councilId: 'bcp',
      lots: [input().lots[0], input().lots[0]],
      term: { starts: '2026-04-01', ends: '2035-03-31' },
      admission: { kind: 'windows', windows: [{ opens: '2026-04-01', closes: '2026-03-01' }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'councilId', message: 'Remove this field: it is not part of this request' },
        { field: 'lots', message: 'Each lot needs its own id' },
      ]),
    );
  });

  it('edits with optimistic locking; an application already started keeps the version it answered', async () => {
    const created = await call('dorset-admin', 'POST', '/api/applications/frameworks', {
      ...input(),
      name: 'Dorset pilot framework',
    });
    const id = created.body.id;
    await call('extra-pilot', 'POST', '/api/applications/providers', organisation);
    const started = await call('extra-pilot', 'POST', '/api/applications', { frameworkId: id });

    const edited = await call('dorset-admin', 'PUT', `/api/applications/frameworks/${id}`, {
      ...input(),
      name: 'Dorset pilot framework',
      version: 1,
      passMarkPercent: 75,
      qualityQuestions: input().qualityQuestions.slice(0, 1),
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 2, passMarkPercent: 75 });

    const stale = await call('dorset-admin', 'PUT', `/api/applications/frameworks/${id}`, {
      ...input(),
      name: 'Dorset pilot framework',
      version: 1,
    });
    expect(stale.status).toBe(409);

    const application = await call('dorset-commissioner', 'GET', `/api/applications/${started.body.id}`);
    expect(application.body.framework).toEqual({ id, name: 'Dorset pilot framework', version: 1 });
    const answers = completeAnswers(new Date());
    const quality = await call(
      'extra-pilot',
      'PUT',
      `/api/applications/${started.body.id}/sections/quality`,
      { answers: answers.quality, completed: true },
    );
    expect(quality.status).toBe(200);
  });
});

describe("the review page's record of the provider", () => {
  it('lists their memberships and other applications', async () => {
    const { call: send, browse } = await applicationsAppWithDemoData();
    const {
      id: _id,
      councilId: _council,
      version: _version,
      ...input
    } = dayOpportunitiesFramework('dorset', 'Dorset Council');
    const evenings = await send('dorset-admin', 'POST', '/api/applications/frameworks', {
      ...input,
      name: 'Dorset evenings and weekends',
    });
    const { body } = await send('dorset-provider-member', 'POST', '/api/applications', {
      frameworkId: evenings.body.id,
    });
    const page = await (await browse('dorset-commissioner', `/applications/review/${body.id}`)).text();
    expect(page).toContain('Member of Dorset Council day opportunities open framework since');
    expect(page).toContain('Application to Dorset Council day opportunities open framework</a>, started');
    const applications = await send('dorset-commissioner', 'GET', '/api/applications?status=submitted');
    const walkers = applications.body.applications.find(
      (a: { providerName: string }) => a.providerName === 'Wessex Walking Group',
    );
    const first = await (await browse('dorset-commissioner', `/applications/review/${walkers.id}`)).text();
    expect(first).toContain('This is the provider’s first application here.');
  });
});

describe('framework pages for council admins', () => {
  it('edit a framework through its form, naming bad fields, and keep commissioners to reading', async () => {
    const { browse, submit, call: send } = await applicationsAppWithDemoData();
    const form = await (await browse('dorset-admin', `/applications/frameworks/${framework}/edit`)).text();
    expect(form).toContain('value="Carers&#39; respite"');
    const values = Object.fromEntries(
      [
        ...form.matchAll(
          /<input class="govuk-input[^"]*" id="[^"]+" name="([^"]+)" type="text"[^>]*value="([^"]*)"/g,
        ),
      ].map(([, name, value]) => [
        name ?? '',
        (value ?? '').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
      ]),
    );
    const fields = {
      ...values,
      description: 'An approved list of organisations providing day opportunities.',
      'admission.kind': 'rolling',
      'standardRules.professionalIndemnityRequired': 'yes',
      'microProviderRules.professionalIndemnityRequired': 'no',
      passMarkPercent: '65',
      autoAcceptRenewals: 'public-liability',
      version: '1',
    };

    const missingName = await submit('dorset-admin', `/applications/frameworks/${framework}/edit`, {
      ...fields,
      name: '',
    });
    expect(missingName.status).toBe(400);
    expect(await missingName.text()).toContain('Enter the framework name');

    const saved = await submit('dorset-admin', `/applications/frameworks/${framework}/edit`, fields);
    expect(saved.status).toBe(303);
    const after = (await send('dorset-admin', 'GET', `/api/applications/frameworks/${framework}`)).body;
    expect(after).toMatchObject({ version: 2, passMarkPercent: 65 });
    expect(after.lots).toHaveLength(5);
    expect(after.microProviderRules.publicLiabilityMinimumPence).toBe(200_000_000);
    expect(after.autoAcceptRenewals).toEqual(['public-liability']);
    const history = await send(
      'dorset-commissioner',
      'GET',
      `/api/applications/frameworks/${framework}/audit`,
    );
    expect(history.body.entries).toEqual([
      expect.objectContaining({
        version: 1,
        action: 'created',
        actor: expect.objectContaining({ name: 'Demo data' }),
      }),
      expect.objectContaining({
        version: 2,
        action: 'edited',
        actor: expect.objectContaining({ role: 'admin' }),
        detail: 'Changed the description, pass mark and renewals accepted without review',
      }),
    ]);
    const edited = await (await browse('dorset-admin', `/applications/frameworks/${framework}/edit`)).text();
    expect(edited).toContain('Changed the description, pass mark and renewals accepted without review');
    expect(
      (await send('dorset-provider-member', 'GET', `/api/applications/frameworks/${framework}/audit`)).status,
    ).toBe(403);

    expect((await browse('dorset-commissioner', '/applications/frameworks')).status).toBe(200);
    expect((await browse('dorset-commissioner', `/applications/frameworks/${framework}/edit`)).status).toBe(
      403,
    );
  });
});
