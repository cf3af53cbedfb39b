import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  londonParts,
  londonTimeToUtc,
  minutesOf,
  weekdayOf,
  weekdays,
} from '../../../../shared/time/london-time';

const utc = (date: string, time: string) => londonTimeToUtc(date, time).toISOString();

describe('londonTimeToUtc around the spring clock change (Sunday 29 March 2026)', () => {
  it('reads 10:00 on the Saturday before as GMT, so 10:00Z', () => {
    expect(utc('2026-03-28', '10:00')).toBe('2026-03-28T10:00:00.000Z');
  });

  it('reads 10:00 on the Sunday of the change and the Monday after as BST, so 09:00Z', () => {
    expect(utc('2026-03-29', '10:00')).toBe('2026-03-29T09:00:00.000Z');
    expect(utc('2026-03-30', '10:00')).toBe('2026-03-30T09:00:00.000Z');
  });

  it('keeps the minutes just before the change in GMT', () => {
    expect(utc('2026-03-29', '00:00')).toBe('2026-03-29T00:00:00.000Z');
    expect(utc('2026-03-29', '00:59')).toBe('2026-03-29T00:59:00.000Z');
  });

  it('reads the non-existent 01:30 as 01:30Z, which is 02:30 BST', () => {
    const instant = londonTimeToUtc('2026-03-29', '01:30');
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(londonParts(instant)).toEqual({ date: '2026-03-29', time: '02:30' });
  });

  it('reads the non-existent 01:00 and 01:59 as the same minutes after the change', () => {
    expect(utc('2026-03-29', '01:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(utc('2026-03-29', '01:59')).toBe('2026-03-29T01:59:00.000Z');
  });

  it('reads 02:00, the first minute of BST, as 01:00Z', () => {
    expect(utc('2026-03-29', '02:00')).toBe('2026-03-29T01:00:00.000Z');
  });
});

describe('londonTimeToUtc around the autumn clock change (Sunday 25 October 2026)', () => {
  it('reads 10:00 on the Saturday before as BST, so 09:00Z', () => {
    expect(utc('2026-10-24', '10:00')).toBe('2026-10-24T09:00:00.000Z');
  });

  it('reads 10:00 on the Sunday of the change and the Monday after as GMT, so 10:00Z', () => {
    expect(utc('2026-10-25', '10:00')).toBe('2026-10-25T10:00:00.000Z');
    expect(utc('2026-10-26', '10:00')).toBe('2026-10-26T10:00:00.000Z');
  });

  it('reads the doubled 01:30 as its first occurrence, 00:30Z (still BST)', () => {
    expect(utc('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
    expect(utc('2026-10-25', '01:00')).toBe('2026-10-25T00:00:00.000Z');
    expect(utc('2026-10-25', '01:59')).toBe('2026-10-25T00:59:00.000Z');
  });

  it('reads the times either side of the doubled hour once each', () => {
    expect(utc('2026-10-25', '00:59')).toBe('2026-10-24T23:59:00.000Z');
    expect(utc('2026-10-25', '02:00')).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('londonTimeToUtc away from the changes', () => {
  it('moves a summer midnight back into the previous UTC day', () => {
    expect(utc('2026-07-01', '00:00')).toBe('2026-06-30T23:00:00.000Z');
    expect(utc('2026-07-01', '23:59')).toBe('2026-07-01T22:59:00.000Z');
  });

  it('leaves winter times as UTC, across a year end', () => {
    expect(utc('2026-12-31', '23:30')).toBe('2026-12-31T23:30:00.000Z');
    expect(utc('2027-01-01', '00:00')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reads back as the wall time asked for, every quarter hour of the days around both changes', () => {
    const gap = new Set(['01:00', '01:15', '01:30', '01:45']);
    for (const date of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const back = londonParts(londonTimeToUtc(date, time));
        if (date === '2026-03-29' && gap.has(time)) {
          expect(back).toEqual({ date, time: `02:${time.slice(3)}` });
        } else {
          expect(back).toEqual({ date, time });
        }
      }
    }
  });

  describe('whatever zone the server runs in', () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it('gives the same instants when the process zone is New York or Tokyo', () => {
      for (const zone of ['America/New_York', 'Asia/Tokyo']) {
        process.env.TZ = zone;
        expect(utc('2026-03-29', '10:00')).toBe('2026-03-29T09:00:00.000Z');
        expect(utc('2026-03-29', '01:30')).toBe('2026-03-29T01:30:00.000Z');
        expect(utc('2026-10-25', '01:30')).toBe('2026-10-25T00:30:00.000Z');
        expect(utc('2026-10-26', '10:00')).toBe('2026-10-26T10:00:00.000Z');
      }
    });
  });
});

describe('londonParts', () => {
  it('gives the London date and time in summer, moving past UTC midnight', () => {
    expect(londonParts(new Date('2026-07-01T23:30:00Z'))).toEqual({ date: '2026-07-02', time: '00:30' });
  });

  it('gives UTC wall time in winter', () => {
    expect(londonParts(new Date('2026-12-31T23:30:00Z'))).toEqual({ date: '2026-12-31', time: '23:30' });
  });

  it('writes midnight as 00:00, never 24:00', () => {
    expect(londonParts(new Date('2026-01-01T00:00:00Z'))).toEqual({ date: '2026-01-01', time: '00:00' });
    expect(londonParts(new Date('2026-06-30T23:00:00Z'))).toEqual({ date: '2026-07-01', time: '00:00' });
  });

  it('shows 01:30 twice on 25 October 2026, an hour apart', () => {
    expect(londonParts(new Date('2026-10-25T00:30:00Z'))).toEqual({ date: '2026-10-25', time: '01:30' });
    expect(londonParts(new Date('2026-10-25T01:30:00Z'))).toEqual({ date: '2026-10-25', time: '01:30' });
  });

  it('jumps from 00:59 to 02:00 on 29 March 2026', () => {
    expect(londonParts(new Date('2026-03-29T00:59:00Z'))).toEqual({ date: '2026-03-29', time: '00:59' });
    expect(londonParts(new Date('2026-03-29T01:00:00Z'))).toEqual({ date: '2026-03-29', time: '02:00' });
  });

  it('drops seconds rather than rounding them', () => {
    expect(londonParts(new Date('2026-01-15T09:59:59.999Z'))).toEqual({ date: '2026-01-15', time: '09:59' });
  });
});

describe('weekdayOf', () => {
  it('names the days of the 2026 clock changes as Sundays', () => {
    expect(weekdayOf('2026-03-29')).toBe('sunday');
    expect(weekdayOf('2026-10-25')).toBe('sunday');
    expect(weekdayOf('2026-03-28')).toBe('saturday');
    expect(weekdayOf('2026-03-30')).toBe('monday');
  });

  it('handles dates before its 1970 reference Monday and leap days', () => {
    expect(weekdayOf('1970-01-05')).toBe('monday');
    expect(weekdayOf('1970-01-01')).toBe('thursday');
    expect(weekdayOf('1969-12-31')).toBe('wednesday');
    expect(weekdayOf('1900-01-01')).toBe('monday');
    expect(weekdayOf('2024-02-29')).toBe('thursday');
  });

  it('agrees with the UTC calendar for every day of 2026 and 2027', () => {
    const fromSunday = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
    for (let day = 0; day < 730; day++) {
      const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
      expect(weekdayOf(date)).toBe(fromSunday[new Date(`${date}T00:00:00Z`).getUTCDay()]);
    }
  });

  it('lists the week from Monday to Sunday', () => {
    expect(weekdays).toEqual(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
  });
});

describe('addDays', () => {
  it('steps over both clock changes one calendar day at a time', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
  });

  it('crosses month ends, leap days and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('goes backwards with a negative count and stays put with zero', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2027-01-01', -365)).toBe('2026-01-01');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });

  it('adds the 91-day session window exactly', () => {
    expect(addDays('2026-03-24', 91)).toBe('2026-06-23');
  });
});

describe('minutesOf', () => {
  it('counts whole minutes from midnight', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('00:01')).toBe(1);
    expect(minutesOf('10:30')).toBe(630);
    expect(minutesOf('17:00')).toBe(1020);
    expect(minutesOf('23:59')).toBe(1439);
  });
});
