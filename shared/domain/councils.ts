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
  /** How bookings work in this council; the defaults apply where it has not chosen. */
  bookingRules?: BookingRules;
}

/** A council's rules for bookings paid from budgets. */
export interface BookingRules {
  /** A booking that would take a direct payment or ISF budget below zero: refused, or allowed with a warning. */
  overspend: 'refuse' | 'warn';
  /** A person may cancel (with a full refund) until this many hours before the first session. */
  cancellationNoticeHours: number;
}

export const defaultBookingRules: BookingRules = { overspend: 'refuse', cancellationNoticeHours: 24 };
