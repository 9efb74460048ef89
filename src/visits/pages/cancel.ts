import { readerOf } from '../../forms/context.js';
import { saveSession } from '../../forms/pages/step-page.js';
import { BOOK_PATH, BOOKING_PATH, CANCEL_PATH, CANCELLED_PATH } from '../paths.js';
import { cancelBooking } from '../repository.js';
import { managedBooking } from '../session.js';
import { managedPage } from './booking.js';
import { serviceNameOf, type VisitHandle } from './visit-page.js';

export const showCancel = managedPage('visits/cancel.njk', () => ({ action: CANCEL_PATH, backHref: BOOKING_PATH }));

export const sendCancel: VisitHandle = async (deps, req, res) => {
  const booking = await managedBooking(deps, req, res);
  if (!booking) return;
  await cancelBooking(deps.db, booking.id, deps.clock(), deps.notice);
  req.session.visit = {};
  await saveSession(req);
  res.redirect(303, CANCELLED_PATH);
};

export const showCancelled: VisitHandle = (_deps, _req, res) => {
  res.render('visits/cancelled.njk', { serviceName: serviceNameOf(readerOf(res)), bookHref: BOOK_PATH });
};
