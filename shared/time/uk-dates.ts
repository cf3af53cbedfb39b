/**
 * Dates as people in the UK read them ("24 November 2026"), in Europe/London whatever the server's
 * zone. A bare YYYY-MM-DD is a calendar date: it is read at midday UTC so no zone can move it.
 */
export function formatUkDate(value: string | Date): string {
  const date =
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T12:00:00Z`)
      : new Date(value);
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });
}

/** Today's calendar date in the UK, YYYY-MM-DD: what expiry dates and "today or in the past" mean. */
export function ukToday(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

/** A moment as the GOV.UK style guide writes it, in UK time: "24 November 2026 at 3:05pm". */
export function formatUkDateTime(value: string | Date): string {
  const date = new Date(value);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      hour: 'numeric',
      minute: '2-digit',
      hourCycle: 'h12',
      timeZone: 'Europe/London',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const period = String(parts.dayPeriod ?? '')
    .toLowerCase()
    .replaceAll('.', '');
  return `${formatUkDate(date)} at ${parts.hour}:${parts.minute}${period}`;
}
