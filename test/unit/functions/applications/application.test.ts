import { describe, expect, it } from 'vitest';
import {
  type Actor,
  type Application,
  type ApplicationAction,
  ApplicationRuleError,
  applicationStatuses,
  editableSections,
  missingForSubmission,
  nextStatus,
  requestClarification,
  requiredSections,
  saveSection,
  sectionStatus,
  startApplication,
  submitApplication,
} from '../../../../functions/applications/domain/application';
import { isOpenForApplications } from '../../../../functions/applications/domain/framework';
import {
  type OrganisationDetails,
  organisationDetailsSchema,
} from '../../../../functions/applications/domain/organisation';
import { type SectionId, sectionIds } from '../../../../functions/applications/domain/sections';
import { dayOpportunitiesFramework } from '../../../../scripts/local/demo-frameworks';
import { completeAnswers } from '../../../support/application-answers';

const now = new Date('2026-11-24T10:00:00Z');
const provider: Actor = { id: 'dorset-provider-member', name: 'Jess Parker', role: 'provider' };
const commissioner: Actor = { id: 'dorset-commissioner', name: 'Amara Okafor', role: 'commissioner' };
const framework = dayOpportunitiesFramework('dorset', 'Dorset Council');
const details = organisationDetailsSchema.parse(completeAnswers().organisation) as OrganisationDetails;

function draft(overrides: Partial<OrganisationDetails> = {}): Application {
  return startApplication({
    id: 'app-1',
    framework,
    provider: { id: 'org-1', details: { ...details, ...overrides } },
    actor: provider,
    now,
  }).application;
}

function completed(application = draft()): Application {
  const answers = completeAnswers();
  return sectionIds.reduce(
    (current, section) => saveSection(current, section, answers[section], true, provider, now).application,
    application,
  );
}

describe('application state machine', () => {
  const legal: [string, ApplicationAction, string][] = [
    ['draft', 'submit', 'submitted'],
    ['submitted', 'request-clarification', 'clarification-requested'],
    ['submitted', 'approve', 'approved'],
    ['submitted', 'reject', 'rejected'],
    ['clarification-requested', 'submit', 'submitted'],
  ];
  const actions: ApplicationAction[] = ['submit', 'request-clarification', 'approve', 'reject'];

  it.each(legal)('allows %s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from as Application['status'], action)).toBe(to);
  });

  it('refuses every other transition', () => {
    for (const status of applicationStatuses) {
      for (const action of actions) {
        if (legal.some(([from, legalAction]) => from === status && legalAction === action)) continue;
        expect(nextStatus(status, action), `${status} --${action}-->`).toBeUndefined();
      }
    }
  });
});

describe('starting an application', () => {
  it('freezes the framework it answers, and fills the organisation section in for checking', () => {
    const editable = dayOpportunitiesFramework('dorset', 'Dorset Council');
    const { application, audit } = startApplication({
      id: 'app-1',
      framework: editable,
      provider: { id: 'org-1', details },
      actor: provider,
      now,
    });
    editable.qualityQuestions.splice(0, 1);
    editable.passMarkPercent = 90;
    expect(application.framework.qualityQuestions.map((question) => question.id)).toEqual([
      'outcomes',
      'community',
      'involvement',
    ]);
    expect(application.framework.passMarkPercent).toBe(60);
    expect(application).toMatchObject({
      status: 'draft',
      version: 1,
      microProvider: false,
      providerName: 'Purbeck Community Farm CIC',
    });
    expect(sectionStatus(application, 'organisation')).toBe('in-progress');
    expect(sectionStatus(application, 'lots')).toBe('not-started');
    expect(audit).toMatchObject({ action: 'started', actor: provider, at: now.toISOString() });
  });

  it('treats 8 or fewer workers as a micro-provider', () => {
    expect(draft({ workers: 8 }).microProvider).toBe(true);
    expect(draft({ workers: 9 }).microProvider).toBe(false);
  });

  it('respects rolling admission and application windows', () => {
    expect(isOpenForApplications(framework, '2026-11-24')).toBe(true);
    expect(isOpenForApplications(framework, '2034-01-01')).toBe(false);
    const windowed = {
      ...framework,
      admission: { kind: 'windows' as const, windows: [{ opens: '2026-01-01', closes: '2026-02-28' }] },
    };
    expect(isOpenForApplications(windowed, '2026-02-01')).toBe(true);
    expect(isOpenForApplications(windowed, '2026-11-24')).toBe(false);
  });
});

describe('saving sections', () => {
  it('accepts a complete valid answer to every section', () => {
    const application = completed();
    for (const section of sectionIds) expect(sectionStatus(application, section), section).toBe('completed');
    expect(application.sections.organisation?.answers.address).toMatchObject({ postcode: 'BH20 4AA' });
    expect(application.sections.areas?.answers.postcodeDistricts).toEqual(['BH20', 'DT1']);
  });

  it('saves a partly answered section to come back to, still checking what was given', () => {
    const saved = saveSection(
      draft(),
      'safeguarding',
      { leadName: 'Jess Parker' },
      false,
      provider,
      now,
    ).application;
    expect(sectionStatus(saved, 'safeguarding')).toBe('in-progress');
    expect(saved.version).toBe(2);
    expect(() =>
      saveSection(draft(), 'safeguarding', { leadTrainingOn: '2027-01-01' }, false, provider, now),
    ).toThrow(
      expect.objectContaining({
        errors: [
          {
            field: 'leadTrainingOn',
            message: "The date of the lead's last safeguarding training must be today or in the past",
          },
        ],
      }),
    );
  });

  const invalid: [SectionId, Record<string, unknown>, string, string][] = [
    [
      'organisation',
      { ...completeAnswers().organisation, companyNumber: undefined },
      'companyNumber',
      'Enter the Companies House number',
    ],
    [
      'organisation',
      { ...completeAnswers().organisation, type: 'charity', charityNumber: '12' },
      'charityNumber',
      'Enter a charity number of 6 or 7 digits, like 1123456',
    ],
    [
      'organisation',
      {
        ...completeAnswers().organisation,
        address: { line1: 'Hill Farm', town: 'Wareham', postcode: 'BH20' },
      },
      'address.postcode',
      'Enter a real postcode, like DT1 1XJ',
    ],
    [
      'organisation',
      { ...completeAnswers().organisation, contactEmail: 'jess at farm' },
      'contactEmail',
      'Enter an email address in the right format, like name@example.org',
    ],
    ['lots', { lotIds: [] }, 'lotIds', 'Select at least one lot'],
    ['lots', { lotIds: ['catering'] }, 'lotIds.0', 'Select lots from this framework only'],
    [
      'areas',
      { postcodeDistricts: ['Dorchester'] },
      'postcodeDistricts.0',
      'Enter postcode districts like DT1 or BH15, separated by commas',
    ],
    [
      'offer',
      { ...completeAnswers().offer, needsSupported: [] },
      'needsSupported',
      'Select at least one kind of need you support',
    ],
    [
      'offer',
      { ...completeAnswers().offer, summary: 'word '.repeat(251) },
      'summary',
      'What you offer must be 250 words or fewer',
    ],
    [
      'prices',
      { prices: [{ description: 'Day', amountPence: 0, per: 'day' }] },
      'prices.0.amountPence',
      'Enter a price of at least 1p',
    ],
    [
      'safeguarding',
      { ...completeAnswers().safeguarding, policyInPlace: false },
      'policyInPlace',
      'You must have a safeguarding policy to join the framework',
    ],
    [
      'insurance',
      { ...completeAnswers().insurance, employersLiability: undefined },
      'employersLiability',
      "Enter your employer's liability insurance: it is required by law if you employ staff",
    ],
    [
      'insurance',
      {
        ...completeAnswers().insurance,
        publicLiability: { insurer: 'Acme', coverPence: 100_000_000, expiresOn: '2027-01-01' },
      },
      'publicLiability.coverPence',
      'Public liability cover must be at least £5,000,000',
    ],
    [
      'insurance',
      {
        ...completeAnswers().insurance,
        publicLiability: { insurer: 'Acme', coverPence: 500_000_000, expiresOn: '2026-11-24' },
      },
      'publicLiability.expiresOn',
      'The public liability expiry date must be in the future',
    ],
    [
      'dbs',
      { ...completeAnswers().dbs, enhancedWithBarredList: false },
      'enhancedWithBarredList',
      'Everyone working with adults must have an enhanced DBS check with the adults barred list',
    ],
    ['cqc', { registrationId: 'CQC123' }, 'registrationId', 'Enter a CQC provider ID like 1-101234567'],
    [
      'references',
      { referees: (completeAnswers().references.referees as unknown[]).slice(0, 1) },
      'referees',
      'Enter at least 2 referees',
    ],
    [
      'quality',
      { answers: { ...(completeAnswers().quality.answers as object), involvement: 'word '.repeat(201) } },
      'answers.involvement',
      'Your answer to question 3 must be 200 words or fewer',
    ],
    [
      'declarations',
      { ...completeAnswers().declarations, termsAccepted: false },
      'termsAccepted',
      "Confirm that you accept the framework's terms",
    ],
    [
      'declarations',
      { ...completeAnswers().declarations, status: 'approved' },
      'status',
      'Remove this field: it is not part of this section',
    ],
  ];

  it.each(invalid)('refuses a bad %s answer, naming %s', (section, answers, field, message) => {
    const before = draft();
    try {
      saveSection(before, section, answers, true, provider, now);
      expect.unreachable('the answer should have been refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ApplicationRuleError);
      expect((error as ApplicationRuleError).kind).toBe('invalid-answers');
      expect((error as ApplicationRuleError).errors).toContainEqual({ field, message });
    }
    expect(before.sections[section]?.status ?? 'not-started').not.toBe('completed');
  });

  it('asks micro-providers for less: one referee, lower public liability, no professional indemnity', () => {
    const micro = draft({ workers: 4 });
    const answers = completeAnswers();
    const insurance = {
      employsStaff: false,
      publicLiability: { insurer: 'Acme', coverPence: 200_000_000, expiresOn: '2027-06-30' },
    };
    expect(
      sectionStatus(saveSection(micro, 'insurance', insurance, true, provider, now).application, 'insurance'),
    ).toBe('completed');
    const oneReferee = { referees: (answers.references.referees as unknown[]).slice(0, 1) };
    expect(
      sectionStatus(
        saveSection(micro, 'references', oneReferee, true, provider, now).application,
        'references',
      ),
    ).toBe('completed');
    expect(() => saveSection(draft(), 'insurance', insurance, true, provider, now)).toThrow(
      ApplicationRuleError,
    );
  });

  it('asks for CQC registration only from providers who deliver regulated activity', () => {
    const answers = completeAnswers();
    const unregulated = saveSection(
      draft(),
      'offer',
      { ...answers.offer, regulatedActivity: false },
      true,
      provider,
      now,
    ).application;
    expect(requiredSections(unregulated)).not.toContain('cqc');
    expect(sectionStatus(unregulated, 'cqc')).toBe('not-needed');
    expect(requiredSections(completed())).toContain('cqc');
  });
});

describe('submitting', () => {
  it('is refused until every section is complete, listing what is missing', () => {
    const partly = saveSection(draft(), 'lots', { lotIds: ['hub'] }, true, provider, now).application;
    expect(() => submitApplication(partly, provider, now)).toThrow(
      expect.objectContaining({
        kind: 'incomplete',
        errors: expect.arrayContaining([
          { field: 'organisation', message: 'Complete "Organisation details"' },
        ]),
      }),
    );
    expect(missingForSubmission(partly, now).map((missing) => missing.field)).not.toContain('lots');
  });

  it('rechecks completed answers on the day: insurance that has since expired stops submission', () => {
    const later = new Date('2027-07-01T09:00:00Z');
    const missing = missingForSubmission(completed(), later);
    expect(missing).toContainEqual({
      field: 'insurance.publicLiability.expiresOn',
      message: 'Insurance: The public liability expiry date must be in the future',
    });
  });

  it('makes a complete draft submitted and read-only to the provider', () => {
    const { application, audit } = submitApplication(completed(), provider, now);
    expect(application.status).toBe('submitted');
    expect(application.submittedAt).toBe(now.toISOString());
    expect(editableSections(application)).toEqual([]);
    expect(audit).toMatchObject({
      action: 'submitted',
      fromStatus: 'draft',
      toStatus: 'submitted',
      actor: provider,
    });
    expect(() => saveSection(application, 'prices', completeAnswers().prices, true, provider, now)).toThrow(
      expect.objectContaining({ kind: 'not-editable' }),
    );
    expect(() => submitApplication(application, provider, now)).toThrow(
      expect.objectContaining({ kind: 'illegal-transition' }),
    );
  });
});

describe('clarification', () => {
  it('returns the application with a question; only the named sections open; resubmitting closes the round', () => {
    const submitted = submitApplication(completed(), provider, now).application;
    const asked = requestClarification(
      submitted,
      { question: 'Is the hoist serviced?', sections: ['offer', 'insurance'] },
      commissioner,
      now,
    );
    expect(asked.application.status).toBe('clarification-requested');
    expect(asked.audit).toMatchObject({
      action: 'clarification-requested',
      actor: commissioner,
      fromStatus: 'submitted',
    });
    expect(editableSections(asked.application)).toEqual(['offer', 'insurance']);
    expect(() =>
      saveSection(asked.application, 'prices', completeAnswers().prices, true, provider, now),
    ).toThrow(expect.objectContaining({ kind: 'not-editable' }));
    const edited = saveSection(
      asked.application,
      'offer',
      { ...completeAnswers().offer, summary: 'Farm days with a serviced hoist.' },
      true,
      provider,
      now,
    );
    const resubmitted = submitApplication(edited.application, provider, now);
    expect(resubmitted.application.status).toBe('submitted');
    expect(resubmitted.application.clarifications).toEqual([
      expect.objectContaining({ question: 'Is the hoist serviced?', answeredAt: now.toISOString() }),
    ]);
    expect(resubmitted.audit.detail).toBe('Resubmitted after clarification');
  });

  it('cannot be asked of a draft', () => {
    expect(() =>
      requestClarification(draft(), { question: 'Why?', sections: ['offer'] }, commissioner, now),
    ).toThrow(expect.objectContaining({ kind: 'illegal-transition' }));
  });
});

describe('messages for whole answers left out', () => {
  it('say what to enter, never a type error', () => {
    const blank = (section: SectionId) => {
      try {
        saveSection(draft(), section, {}, true, provider, now);
        return [];
      } catch (error) {
        return (error as ApplicationRuleError).errors;
      }
    };
    for (const section of sectionIds) {
      for (const error of blank(section))
        expect(error.message, `${section}.${error.field}`).not.toMatch(/Invalid input|expected/);
    }
    expect(blank('insurance')).toContainEqual({
      field: 'publicLiability',
      message: 'Enter your public liability insurance',
    });
  });
});
