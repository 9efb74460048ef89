import { Router, type Request, type Response } from 'express';
import type { LookupDeps } from '../lookups/page.js';
import type { Reader } from '../forms/words.js';
import { bookFlow, changeFlow, STAGES, type FlowOf, type Stage } from './flow.js';
import { sendCalendar, showPrint } from './keep.js';
import { bookingNotice } from './notice.js';
import { showBooking } from './pages/booking.js';
import { sendCancel, showCancel, showCancelled } from './pages/cancel.js';
import { sendChange } from './pages/change.js';
import { stagePage } from './pages/choose.js';
import { showConfirmation } from './pages/confirmation.js';
import { sendDetails, showDetails } from './pages/details.js';
import { openBooking, showManage } from './pages/manage.js';
import { noBookingsView, type NoBookings } from './pages/no-bookings.js';
import type { VisitDeps } from './pages/visit-page.js';
import { BOOK_PATH, BOOKING_PATH, CALENDAR_PATH, CANCEL_PATH, CANCELLED_PATH, CHANGE_PATH, CONFIRMATION_PATH, DETAILS_PATH, MANAGE_PATH, PRINT_PATH, SERVICE } from './paths.js';
import { routesOf, type Route } from '../http/route-table.js';
import { purposesWithoutOffice } from './repository.js';

type VisitRoute = Route<VisitDeps>;

/** A flow's choice pages: the first at its base, each after it under its own name (where the page before sends it). */
function choicePages(base: string, flowOf: FlowOf, stages: readonly Stage[]): VisitRoute[] {
  return stages.map((stage, index) => ({ method: 'get', path: index ? `${base}/${stage}` : base, access: 'public', handle: stagePage(stage, flowOf) }));
}

/** The queue's pages: the four choices, who comes, the code; then the booking opened with its code, to move or cancel; and what a person keeps of it. */
export const VISIT_ROUTES: readonly VisitRoute[] = [
  ...choicePages(BOOK_PATH, bookFlow, STAGES),
  { method: 'get', path: DETAILS_PATH, access: 'public', handle: showDetails },
  { method: 'post', path: DETAILS_PATH, body: 'form', access: 'public', handle: sendDetails },
  { method: 'get', path: CONFIRMATION_PATH, access: 'public', handle: showConfirmation },
  { method: 'get', path: MANAGE_PATH, access: 'public', handle: showManage },
  { method: 'post', path: MANAGE_PATH, body: 'form', access: 'public', handle: openBooking },
  { method: 'get', path: BOOKING_PATH, access: 'public', handle: showBooking },
  // A booking keeps its purpose: moving it starts at the office.
  ...choicePages(CHANGE_PATH, changeFlow, STAGES.slice(1)),
  { method: 'post', path: CHANGE_PATH, body: 'form', access: 'public', handle: sendChange },
  { method: 'get', path: CANCEL_PATH, access: 'public', handle: showCancel },
  { method: 'post', path: CANCEL_PATH, body: 'form', access: 'public', handle: sendCancel },
  { method: 'get', path: CANCELLED_PATH, access: 'public', handle: showCancelled },
  { method: 'get', path: PRINT_PATH, access: 'public', handle: showPrint },
  { method: 'get', path: CALENDAR_PATH, access: 'public', handle: sendCalendar },
];

/** What the queue's service page shows from the database, before anyone chooses: the purposes no office takes bookings for. */
export function queueServicePage(deps: Pick<LookupDeps, 'db'>): (locals: { t: Reader['t'] }) => Promise<{ noBookings?: NoBookings }> {
  return async ({ t }) => ({ noBookings: noBookingsView(t, await purposesWithoutOffice(deps.db)) });
}

/** The queue's service page, whose notice changes with the offices: rendered for each request, never kept. */
export const QUEUE_SERVICE_ID = SERVICE;

/** Every page the queue shows is about one person's visit: none is kept by a browser or a proxy. */
function noStore(_req: Request, res: Response, next: () => void): void {
  res.set('Cache-Control', 'no-store');
  next();
}

export function visitRoutes(given: VisitDeps): Router {
  const deps: VisitDeps = { ...given, notice: given.notice ?? bookingNotice({ manage: MANAGE_PATH, book: BOOK_PATH }) };
  const router = Router();
  router.use([BOOK_PATH, MANAGE_PATH], noStore);
  router.use(routesOf(VISIT_ROUTES, deps, { csrf: deps.csrf }));
  return router;
}
