import type { Request, Response } from 'express';
import type { Reader } from '../../forms/words.js';
import type { LookupDeps } from '../../lookups/page.js';
import { clientAddress } from '../../security/client-address.js';
import { countOrRefuse } from '../../security/limits.js';
import { hhmm, type BookingRow } from '../model.js';
import { SERVICE } from '../paths.js';
import type { BookingNotice } from '../repository.js';
import { bookingRows } from '../rows.js';

export interface VisitDeps extends LookupDeps {
  /** What a booking made, moved or cancelled writes in its transaction: its mail to the outbox unless given another. */
  notice?: BookingNotice;
}

/** One of the queue's pages, given what it works with; src/visits/routes.ts says where each is. */
export type VisitHandle = (deps: VisitDeps, req: Request, res: Response) => Promise<void> | void;

/** The queue's name: every page's caption and title. */
export function serviceNameOf(reader: Reader): string {
  return reader.t(`services:services.${SERVICE}.name`);
}

/** What every page about one booking shows: the queue's name and the booking's facts. */
export function aboutBooking(reader: Reader, booking: BookingRow) {
  return {
    serviceName: serviceNameOf(reader),
    rows: bookingRows(reader, { purpose: booking.purpose, office: booking.office_id, day: booking.day, time: hhmm(booking.starts) }),
  };
}

/** Counts a booking made or moved from this address. */
export function countBooking(deps: LookupDeps, req: Request): Promise<void> {
  return countOrRefuse(deps.db, [{ key: `visitBooking:ip:${clientAddress(req)}`, limit: deps.limits.visitBookingPerAddress }]);
}
