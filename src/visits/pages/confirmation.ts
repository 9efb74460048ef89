import { formatReference } from '../../applications/reference.js';
import { readerOf } from '../../forms/context.js';
import { BOOK_PATH, CALENDAR_PATH, MANAGE_PATH, PRINT_PATH } from '../paths.js';
import { bookingById } from '../repository.js';
import { aboutBooking, type VisitHandle } from './visit-page.js';

/** The booking just made, with its code: shown to this session only, as nothing else keeps the code. */
export const showConfirmation: VisitHandle = async (deps, req, res) => {
  const booked = req.session.visit?.booked;
  const booking = booked ? await bookingById(deps.db, booked.id, deps.clock()) : undefined;
  if (!booked || !booking) return res.redirect(303, BOOK_PATH);
  res.render('visits/confirmation.njk', {
    ...aboutBooking(readerOf(res), booking),
    code: formatReference(booked.code),
    manageHref: MANAGE_PATH,
    printHref: PRINT_PATH,
    calendarHref: CALENDAR_PATH,
    mailedTo: booking.email,
  });
};
