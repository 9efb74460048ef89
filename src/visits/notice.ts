import { queueVisitNotice } from '../notices/outbox.js';
import { hhmm } from './model.js';
import type { BookingNotice } from './repository.js';

/**
 * The booking's mails, written to the outbox in the booking's own transaction (so a booking and its
 * mail are kept together or not at all), to the address given when booking, if any: the
 * confirmation with the booking code, and a mail for each move and for the cancellation.
 */
export function bookingNotice(paths: { manage: string; book: string }): BookingNotice {
  return async (trx, { kind, booking, code }) => {
    if (!booking.email) return;
    const eventKey = kind === 'changed' ? `visit:${booking.id}:changed:${booking.changed_at?.toISOString() ?? ''}` : `visit:${booking.id}:${kind}`;
    await queueVisitNotice(trx, {
      kind: `visit-${kind}`,
      eventKey,
      to: booking.email,
      language: booking.language,
      data: {
        service: 'online-queue',
        purpose: booking.purpose,
        office: booking.office_id,
        day: booking.day,
        time: hhmm(booking.starts),
        // The code only in the confirmation: the mail is where people find it again.
        ...(kind === 'booked' && code ? { code } : {}),
        managePath: paths.manage,
        bookPath: paths.book,
      },
    });
  };
}
