/**
 * Wall-clock times in Europe/London, whatever zone the server runs in. A session "every Tuesday
 * at 10:00" starts at 10:00 in winter (GMT) and in summer (BST), so its UTC instant moves by an
 * hour across the clock changes; these functions do that arithmetic with Intl, not a library.
 */
const zone = 'Europe/London';

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The London calendar date and wall time of an instant. */
export function londonParts(instant: Date): { date: string; time: string } {
  const parts = Object.fromEntries(partsFormat.formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** Minutes London is ahead of UTC at an instant: 0 in winter, 60 in summer. */
function londonOffsetMinutes(instant: Date): number {
  const { date, time } = londonParts(instant);
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a London wall time happens. A time that does not exist (inside the spring-forward
 * hour) is read as the same number of minutes after the change, as clocks and people do; a time
 * that happens twice (the autumn hour) is the first of the two.
 */
export function londonTimeToUtc(date: string, time: string): Date {
  const naive = Date.parse(`${date}T${time}:00Z`);
  // Try both offsets London can have; keep the one that reads back as the wall time asked for.
  for (const offset of [60, 0]) {
    const candidate = new Date(naive - offset * 60_000);
    const back = londonParts(candidate);
    if (back.date === date && back.time === time) return candidate;
  }
  // In the gap: use the offset from before the change, which lands the same minutes after it.
  return new Date(naive - londonOffsetMinutes(new Date(naive - 6 * 3_600_000)) * 60_000);
}

/** YYYY-MM-DD plus whole days; calendar arithmetic, no zone involved. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  // 1970-01-05 was a Monday.
  const index = Math.floor(
    (Date.parse(`${date}T12:00:00Z`) - Date.parse('1970-01-05T12:00:00Z')) / 86_400_000,
  );
  return weekdays[((index % 7) + 7) % 7] as Weekday;
}

/** Whole minutes from midnight for HH:MM. */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
