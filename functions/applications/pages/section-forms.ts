import type { FormField } from '../../../shared/web/form-fields';
import type { FrameworkSnapshot } from '../domain/framework';
import { organisationTypeNames, organisationTypes } from '../domain/organisation';
import { needNames, needsSupported, type SectionId } from '../domain/sections';

/** Rows offered for repeated answers; empty rows are ignored. */
const priceRows = 3;
const refereeRows = 3;

/** The questions of the organisation details, asked at sign-up and in the first section. */
export const organisationFields: FormField[] = [
  { path: 'legalName', kind: 'text', label: 'Legal name of the organisation', autocomplete: 'organization' },
  {
    path: 'type',
    kind: 'radios',
    label: 'Type of organisation',
    options: organisationTypes.map((type) => ({ value: type, label: organisationTypeNames[type] })),
  },
  {
    path: 'companyNumber',
    kind: 'text',
    label: 'Companies House number',
    hint: 'Companies and community interest companies only. 8 characters, like 01234567 or SC123456',
    width: 'govuk-input--width-10',
  },
  {
    path: 'charityNumber',
    kind: 'text',
    label: 'Charity number',
    hint: 'Registered charities and CIOs only. 6 or 7 digits, like 1123456',
    width: 'govuk-input--width-10',
  },
  {
    path: 'address.line1',
    kind: 'text',
    label: 'Address line 1',
    group: 'Address',
    autocomplete: 'address-line1',
  },
  {
    path: 'address.line2',
    kind: 'text',
    label: 'Address line 2 (optional)',
    group: 'Address',
    autocomplete: 'address-line2',
  },
  {
    path: 'address.town',
    kind: 'text',
    label: 'Town or city',
    group: 'Address',
    autocomplete: 'address-level2',
    width: 'govuk-input--width-20',
  },
  {
    path: 'address.postcode',
    kind: 'text',
    label: 'Postcode',
    group: 'Address',
    autocomplete: 'postal-code',
    width: 'govuk-input--width-10',
  },
  { path: 'contactName', kind: 'text', label: 'Contact name', autocomplete: 'name' },
  { path: 'contactEmail', kind: 'email', label: 'Contact email address', autocomplete: 'email' },
  {
    path: 'contactPhone',
    kind: 'tel',
    label: 'Contact phone number',
    autocomplete: 'tel',
    width: 'govuk-input--width-20',
  },
  {
    path: 'workers',
    kind: 'number',
    label: 'Number of workers, including volunteers',
    hint: 'Organisations with 8 or fewer workers are micro-providers and have fewer requirements',
    width: 'govuk-input--width-5',
  },
];

function insuranceFields(prefix: string, title: string, hint?: string): FormField[] {
  return [
    { path: `${prefix}.insurer`, kind: 'text', label: 'Insurer', group: title, ...(hint ? { hint } : {}) },
    {
      path: `${prefix}.coverPence`,
      kind: 'money',
      label: 'Cover, in pounds',
      hint: 'For example, 5000000',
      group: title,
      width: 'govuk-input--width-10',
    },
    {
      path: `${prefix}.expiresOn`,
      kind: 'date',
      label: 'Expiry date',
      hint: 'For example, 31 3 2027',
      group: title,
    },
  ];
}

/** The form for each section, built for the framework the application answers. */
export function sectionFields(section: SectionId, framework: FrameworkSnapshot): FormField[] {
  switch (section) {
    case 'organisation':
      return organisationFields;
    case 'lots':
      return [
        {
          path: 'lotIds',
          kind: 'checkboxes',
          label: 'Which lots are you applying for?',
          hint: 'Select all that apply',
          options: framework.lots.map((lot) => ({ value: lot.id, label: lot.name, hint: lot.description })),
        },
      ];
    case 'areas':
      return [
        {
          path: 'postcodeDistricts',
          kind: 'list',
          label: 'Which postcode districts do you work in?',
          hint: 'The first part of the postcode, separated by commas, like DT1, DT2, BH15',
        },
      ];
    case 'offer':
      return [
        {
          path: 'summary',
          kind: 'textarea',
          label: 'What do you offer?',
          hint: 'In plain language, 250 words or fewer',
        },
        {
          path: 'needsSupported',
          kind: 'checkboxes',
          label: 'Who do you support?',
          hint: 'Select all that apply',
          options: needsSupported.map((need) => ({ value: need, label: needNames[need] })),
        },
        {
          path: 'regulatedActivity',
          kind: 'yes-no',
          label:
            'Do you provide personal care or another activity regulated by the Care Quality Commission (CQC)?',
        },
      ];
    case 'prices':
      return Array.from(
        { length: priceRows },
        (_, row) =>
          [
            {
              path: `prices.${row}.description`,
              kind: 'text',
              label: 'What the price is for',
              group: `Price ${row + 1}`,
            },
            {
              path: `prices.${row}.amountPence`,
              kind: 'money',
              label: 'Price, in pounds',
              group: `Price ${row + 1}`,
              width: 'govuk-input--width-5',
            },
            {
              path: `prices.${row}.per`,
              kind: 'radios',
              label: 'Per',
              group: `Price ${row + 1}`,
              options: [
                { value: 'session', label: 'Session' },
                { value: 'hour', label: 'Hour' },
                { value: 'day', label: 'Day' },
              ],
            },
          ] satisfies FormField[],
      ).flat();
    case 'safeguarding':
      return [
        { path: 'policyInPlace', kind: 'yes-no', label: 'Do you have a safeguarding adults policy?' },
        {
          path: 'policyReviewedOn',
          kind: 'date',
          label: 'When was the policy last reviewed?',
          hint: 'For example, 27 3 2026',
        },
        { path: 'leadName', kind: 'text', label: 'Name of your safeguarding lead' },
        {
          path: 'leadTrainingOn',
          kind: 'date',
          label: "Date of the lead's last safeguarding training",
          hint: 'For example, 27 3 2026',
        },
      ];
    case 'insurance':
      return [
        {
          path: 'employsStaff',
          kind: 'yes-no',
          label: 'Do you employ staff?',
          hint: "Employer's liability insurance is required by law if you do",
        },
        ...insuranceFields('publicLiability', 'Public liability insurance'),
        ...insuranceFields(
          'employersLiability',
          "Employer's liability insurance",
          'Leave blank if you do not employ staff',
        ),
        ...insuranceFields(
          'professionalIndemnity',
          'Professional indemnity insurance',
          framework.microProviderRules.professionalIndemnityRequired
            ? undefined
            : 'Micro-providers may leave this blank',
        ),
      ];
    case 'dbs':
      return [
        {
          path: 'enhancedWithBarredList',
          kind: 'yes-no',
          label:
            'Does everyone who works with adults have an enhanced DBS check with the adults barred list?',
        },
        { path: 'policyInPlace', kind: 'yes-no', label: 'Do you have a policy for DBS checks and rechecks?' },
        {
          path: 'workersChecked',
          kind: 'number',
          label: 'How many workers have a current check?',
          width: 'govuk-input--width-5',
        },
      ];
    case 'cqc':
      return [
        {
          path: 'registrationId',
          kind: 'text',
          label: 'CQC provider ID',
          hint: 'Like 1-101234567',
          width: 'govuk-input--width-10',
        },
      ];
    case 'references':
      return Array.from(
        { length: refereeRows },
        (_, row) =>
          [
            { path: `referees.${row}.name`, kind: 'text', label: 'Name', group: `Referee ${row + 1}` },
            {
              path: `referees.${row}.organisation`,
              kind: 'text',
              label: 'Organisation',
              group: `Referee ${row + 1}`,
            },
            {
              path: `referees.${row}.email`,
              kind: 'email',
              label: 'Email address',
              group: `Referee ${row + 1}`,
            },
            {
              path: `referees.${row}.relationship`,
              kind: 'text',
              label: 'How they know your work',
              group: `Referee ${row + 1}`,
            },
          ] satisfies FormField[],
      ).flat();
    case 'quality':
      return framework.qualityQuestions.map((question, index) => ({
        path: `answers.${question.id}`,
        kind: 'textarea',
        label: `${index + 1}. ${question.text}`,
        hint: `${question.wordLimit} words or fewer`,
      }));
    case 'declarations':
      return [
        {
          path: 'accurate',
          kind: 'confirm',
          label: 'The information in this application is accurate and complete',
        },
        {
          path: 'conflictsDeclared',
          kind: 'confirm',
          label: 'I have told the council about any conflicts of interest',
        },
        { path: 'termsAccepted', kind: 'confirm', label: "I accept the framework's terms and conditions" },
      ];
  }
}
