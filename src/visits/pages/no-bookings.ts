import type { Reader } from '../../forms/words.js';
import { VISIT_PURPOSES, type VisitPurpose } from '../model.js';

/** What views/visits/no-bookings.njk says: no office takes bookings at all, or not for these purposes. */
export interface NoBookings {
  all: boolean;
  purposes: string[];
}

export function noBookingsView(t: Reader['t'], closed: readonly VisitPurpose[]): NoBookings | undefined {
  return closed.length ? { all: closed.length === VISIT_PURPOSES.length, purposes: closed.map((purpose) => t(`queue:purposes.${purpose}`)) } : undefined;
}
