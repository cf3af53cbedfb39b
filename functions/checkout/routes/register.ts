import { z } from 'zod';
import type { SignedInUser } from '../../../shared/domain/users';
import { fieldErrorsFrom, problems } from '../../../shared/http/problem';
import { sessionIdPattern } from '../../catalogue/domain/sessions';
import { attendanceMarks, type Booking, bookingIdPattern } from '../domain/bookings';
import type { Checkout } from '../services/checkout-on-table';
import { writeTogether } from '../services/transactions';
import { asCheckoutProblem } from './checkout-problems';

/**
 * A session's register, for the provider that runs it: the confirmed bookings on it, by name,
 * with the attendance marked so far. Another provider's session does not exist for them.
 */
export async function registerFor(checkout: Checkout, user: SignedInUser, sessionId: string) {
  const notFound = problems.notFound('There is no session of yours with this id.');
  if (!sessionIdPattern.test(sessionId)) throw notFound;
  const [session, organisation] = await Promise.all([
    checkout.stores.sessions.get(sessionId),
    checkout.stores.providers.findByOwner(user.councilId, user.id),
  ]);
  if (
    !session ||
    !organisation ||
    session.councilId !== user.councilId ||
    session.providerId !== organisation.id
  )
    throw notFound;
  const activity = await checkout.stores.activities.get(session.activityId);
  const booked = await checkout.stores.bookings.listForSession(sessionId);
  const bookings = booked.filter(
    (booking) =>
      booking.status === 'confirmed' &&
      booking.lines.some((line) => line.sessionId === sessionId && !line.cancelled),
  );
  return { session, activityTitle: activity?.title ?? '', bookings };
}

export const attendanceInputSchema = z.strictObject({
  bookingId: z.string({ error: 'Choose the booking' }).regex(bookingIdPattern, 'Choose the booking'),
  attendance: z.enum(attendanceMarks, { error: 'Choose attended or did not attend' }),
});

/** Marks one person's attendance on the register; only after the session has started. */
export async function markAttendance(
  checkout: Checkout,
  user: SignedInUser,
  sessionId: string,
  body: unknown,
): Promise<Booking> {
  const parsed = attendanceInputSchema.safeParse(body);
  if (!parsed.success) throw problems.invalidInput(fieldErrorsFrom(parsed.error));
  const register = await registerFor(checkout, user, sessionId);
  const booking = register.bookings.find((candidate) => candidate.id === parsed.data.bookingId);
  if (!booking) throw problems.notFound('This person is not booked on this session.');
  if (register.session.startsAt > checkout.now().toISOString())
    throw problems.conflict('Attendance can be marked once the session has started.', [
      { field: 'attendance', message: 'Attendance can be marked once the session has started' },
    ]);
  const next = checkout.bookings.changed(
    booking,
    {
      lines: booking.lines.map((line) =>
        line.sessionId === sessionId ? { ...line, attendance: parsed.data.attendance } : line,
      ),
    },
    checkout.now(),
  );
  await asCheckoutProblem(() => writeTogether(checkout.table, [checkout.stores.bookings.updateWrite(next)]));
  return next;
}
