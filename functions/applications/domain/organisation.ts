import { z } from 'zod';

/** The kinds of organisation that run day opportunities. */
export const organisationTypes = [
  'charity',
  'cio',
  'cic',
  'company',
  'sole-trader',
  'community-group',
] as const;
export type OrganisationType = (typeof organisationTypes)[number];

export const organisationTypeNames: Record<OrganisationType, string> = {
  charity: 'Registered charity',
  cio: 'Charitable incorporated organisation (CIO)',
  cic: 'Community interest company (CIC)',
  company: 'Company',
  'sole-trader': 'Sole trader',
  'community-group': 'Community group',
};

/** 8 or fewer workers: the council's definition of a micro-provider. */
export const microProviderMaxWorkers = 8;

/** UK postcode, any spacing or case; stored upper case with one space. */
export const postcodeSchema = z
  .string({ error: 'Enter a postcode' })
  .trim()
  .toUpperCase()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/, 'Enter a real postcode, like DT1 1XJ'))
  .transform((value) => `${value.slice(0, -3)} ${value.slice(-3)}`);

/** Companies House: 8 digits, or 2 letters (SC, NI, OC, ...) and 6 digits. */
export const companyNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^(\d{8}|[A-Z]{2}\d{6})$/,
    'Enter a Companies House number of 8 characters, like 01234567 or SC123456',
  );

/** Charity Commission for England and Wales: 6 or 7 digits (Scottish charities: SC and 6 digits). */
export const charityNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^(\d{6,7}|SC\d{6})$/, 'Enter a charity number of 6 or 7 digits, like 1123456');

export const addressSchema = z.strictObject(
  {
    line1: z
      .string({ error: 'Enter the first line of the address' })
      .trim()
      .min(1, 'Enter the first line of the address')
      .max(100),
    line2: z.string().trim().max(100).optional(),
    town: z.string({ error: 'Enter the town or city' }).trim().min(1, 'Enter the town or city').max(60),
    postcode: postcodeSchema,
  },
  { error: 'Enter the address' },
);

export const organisationDetailsSchema = z
  .strictObject({
    legalName: z.string({ error: 'Enter the legal name' }).trim().min(2, 'Enter the legal name').max(160),
    type: z.enum(organisationTypes, { error: 'Select the type of organisation' }),
    companyNumber: companyNumberSchema.optional(),
    charityNumber: charityNumberSchema.optional(),
    address: addressSchema,
    contactName: z.string({ error: 'Enter a contact name' }).trim().min(1, 'Enter a contact name').max(100),
    contactEmail: z.email({ error: 'Enter an email address in the right format, like name@example.org' }),
    contactPhone: z
      .string({ error: 'Enter a phone number' })
      .trim()
      .regex(/^\+?[\d\s()-]{10,20}$/, 'Enter a phone number, like 01305 221000'),
    workers: z
      .number({ error: 'Enter the number of workers, including volunteers' })
      .int('Enter a whole number of workers')
      .min(1, 'Enter the number of workers, including yourself')
      .max(100_000),
  })
  .superRefine((details, context) => {
    const needsCompany = details.type === 'company' || details.type === 'cic';
    const needsCharity = details.type === 'charity' || details.type === 'cio';
    if (needsCompany && !details.companyNumber) {
      context.addIssue({
        code: 'custom',
        path: ['companyNumber'],
        message: 'Enter the Companies House number',
      });
    }
    if (needsCharity && !details.charityNumber) {
      context.addIssue({ code: 'custom', path: ['charityNumber'], message: 'Enter the charity number' });
    }
  });

export type OrganisationDetails = z.infer<typeof organisationDetailsSchema>;

export function isMicroProvider(details: Pick<OrganisationDetails, 'workers'>): boolean {
  return details.workers <= microProviderMaxWorkers;
}
