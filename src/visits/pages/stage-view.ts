import type { Reader } from '../../forms/words.js';
import type { LookupDeps } from '../../lookups/page.js';
import type { Choice, Flow } from '../flow.js';
import { freeDays, type FreeDay } from '../repository.js';
import type { NoBookings } from './no-bookings.js';

export interface RadioItem {
  value: string;
  text: string;
  hint?: { text: string };
}

/** What one choice's page asks, drawn by views/visits/choose.njk (src/visits/pages/choose.ts). */
export interface StageView {
  title: string;
  hint?: string;
  /** The options offered now, one radio each. */
  items: RadioItem[];
  back: string;
  /** What the page says when nothing is offered, and where it leads. */
  empty?: { text: string; href: string; link: string };
  noBookings?: NoBookings;
  /** Sent by a POST, to be kept (moving a booking), rather than on to the next page by a GET. */
  post?: boolean;
}

export interface StageContext {
  deps: LookupDeps;
  flow: Flow;
  choice: Choice;
  reader: Reader;
}

/** The office's free days: those read when the choices were checked, else read now. */
export async function freeDaysOf({ deps, choice }: StageContext): Promise<FreeDay[]> {
  return choice.free ?? (await freeDays(deps.db, choice.office!, deps.clock()));
}
