/**
 * The needs a provider supports, in the council's words: one list for the application (what you
 * offer and to whom) and the catalogue (what an activity supports, what a person searches for).
 */
export const needsSupported = [
  'learning-disability',
  'autism',
  'dementia',
  'physical-disability',
  'sensory-impairment',
  'mental-health',
  'older-people',
] as const;
export type Need = (typeof needsSupported)[number];

export const needNames: Record<Need, string> = {
  'learning-disability': 'Learning disability',
  autism: 'Autism',
  dementia: 'Dementia',
  'physical-disability': 'Physical disability',
  'sensory-impairment': 'Sensory impairment',
  'mental-health': 'Mental health',
  'older-people': 'Older people',
};
