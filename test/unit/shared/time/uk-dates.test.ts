import { describe, expect, it } from 'vitest';
import { formatUkDate, formatUkDateTime, ukToday } from '../../../../shared/time/uk-dates';

describe('UK dates', () => {
  it('reads a calendar date the same in any zone', () => {
    expect(formatUkDate('2026-03-29')).toBe('29 March 2026');
  });

  it('writes moments in UK time, GMT and BST, as the style guide does', () => {
    expect(formatUkDateTime('2026-11-24T15:05:00Z')).toBe('24 November 2026 at 3:05pm');
    expect(formatUkDateTime('2026-07-01T23:30:00Z')).toBe('2 July 2026 at 12:30am');
  });

  it("knows today's date in the UK just after midnight in summer", () => {
    expect(ukToday(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
  });
});
