/**
 * The sections of an application, in task-list order, and their titles. Apart from the rules in
 * sections.ts so that code which only names sections (messages, the daily jobs) does not bundle zod.
 */
export const sectionIds = [
  'organisation',
  'lots',
  'areas',
  'offer',
  'prices',
  'safeguarding',
  'insurance',
  'dbs',
  'cqc',
  'references',
  'quality',
  'declarations',
] as const;
export type SectionId = (typeof sectionIds)[number];

export const sectionTitles: Record<SectionId, string> = {
  organisation: 'Organisation details',
  lots: 'Lots applied for',
  areas: 'Where you work',
  offer: 'What you offer and to whom',
  prices: 'Prices',
  safeguarding: 'Safeguarding',
  insurance: 'Insurance',
  dbs: 'DBS checks',
  cqc: 'CQC registration',
  references: 'References',
  quality: 'Quality questions',
  declarations: 'Declarations',
};
