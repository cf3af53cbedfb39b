import { z } from 'zod';

/** Council ids are short slugs chosen when a council joins the service ("dorset", "bcp"). */
export const councilIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'Council id must be lower-case letters, digits and hyphens');

export type CouncilId = z.infer<typeof councilIdSchema>;

export interface Council {
  id: CouncilId;
  name: string;
  /** The council's own phrase for its area, shown on pages ("Dorset", "Bournemouth, Christchurch and Poole"). */
  area: string;
  /** The commissioning team's shared mailbox: where new applications are announced. */
  commissionersEmail: string;
  /** The postcode districts the council covers (`DT1`, `BH20`): the rows of its coverage page. */
  postcodeDistricts: string[];
}
