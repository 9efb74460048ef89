import type { Request, Response } from 'express';
import type { LookupDeps } from '../lookups/page.js';
import { hhmm, isPurpose, OFFICE_IDS, type OfficeSettings, type VisitPurpose } from './model.js';
import { BOOK_PATH, CHANGE_PATH } from './paths.js';
import { freeDays, officeSettings, type FreeDay } from './repository.js';
import { managedBooking } from './session.js';

/** The choices, one page each, in order: why, where, which day, what time. */
export type Stage = 'purpose' | 'office' | 'date' | 'time';
export const STAGES: readonly Stage[] = ['purpose', 'office', 'date', 'time'];

/** The page each choice's form leads to. */
export const NEXT_PAGE: Record<Stage, string> = { purpose: 'office', office: 'date', date: 'time', time: 'details' };

export interface Choice {
  purpose?: VisitPurpose;
  office?: OfficeSettings;
  free?: FreeDay[];
  day?: string;
  time?: string;
}

/** Booking a visit, or moving one already booked (its purpose fixed). */
export interface Flow {
  mode: 'book' | 'change';
  base: string;
  purpose?: VisitPurpose;
  /** The choices of the booking being moved, chosen already on each page. */
  current?: Record<string, string>;
}

/** The flow a request is in; undefined once it has been sent elsewhere (a booking to move that is gone). */
export type FlowOf = (deps: LookupDeps, req: Request, res: Response) => Promise<Flow | undefined>;

/** Why a choice's page is shown again: its words under `queue:choose.<stage>.errors`, and the status. */
export interface StageError {
  code: string;
  status: number;
}

export const BOOK_FLOW: Flow = { mode: 'book', base: BOOK_PATH };
export const bookFlow: FlowOf = async () => BOOK_FLOW;

export const changeFlow: FlowOf = async (deps, req, res) => {
  const booking = await managedBooking(deps, req, res);
  return booking ? { mode: 'change', base: CHANGE_PATH, purpose: booking.purpose, current: { office: booking.office_id, date: booking.day, time: hhmm(booking.starts) } } : undefined;
};

export function param(params: Record<string, unknown>, name: string): string {
  const value = params[name];
  return typeof value === 'string' ? value : '';
}

/** Reads the choices made so far, each checked against what is offered now; the first that fails says which page to show again. */
export async function resolveChoice(deps: LookupDeps, params: Record<string, unknown>, upTo: Stage, flow: Flow): Promise<{ choice: Choice; failed?: Stage }> {
  const choice: Choice = {};
  const purpose = flow.purpose ?? param(params, 'purpose');
  if (!isPurpose(purpose)) return { choice, failed: 'purpose' };
  choice.purpose = purpose;
  if (upTo === 'purpose') return { choice };
  const officeId = param(params, 'office');
  const office = OFFICE_IDS.includes(officeId) ? await officeSettings(deps.db, officeId) : undefined;
  if (!office?.accepting || !office.purposes.includes(purpose)) return { choice, failed: 'office' };
  choice.office = office;
  if (upTo === 'office') return { choice };
  choice.free = await freeDays(deps.db, office, deps.clock());
  const free = choice.free.find((candidate) => candidate.day === param(params, 'date'));
  if (!free) return { choice, failed: 'date' };
  choice.day = free.day;
  if (upTo === 'date') return { choice };
  if (!free.times.includes(param(params, 'time'))) return { choice, failed: 'time' };
  choice.time = param(params, 'time');
  return { choice };
}

export function query(values: Record<string, string | undefined>): string {
  const search = new URLSearchParams(Object.entries(values).filter((entry): entry is [string, string] => !!entry[1])).toString();
  return search ? `?${search}` : '';
}

/** What each page's form carries of the choices before it. */
export function carried(flow: Flow, choice: Choice, upTo: Stage): Record<string, string> {
  const values: Record<string, string> = {};
  if (flow.mode === 'book' && choice.purpose) values.purpose = choice.purpose;
  if (upTo !== 'office' && choice.office) values.office = choice.office.office_id;
  if (upTo === 'time' && choice.day) values.date = choice.day;
  return values;
}

/** Nothing was chosen on the page: asked again (400). */
export const REQUIRED: StageError = { code: 'required', status: 400 };
/** What was chosen is no longer free: someone took it meanwhile (409). */
export const TAKEN: StageError = { code: 'taken', status: 409 };

/** A day or time sent that is no longer free was taken meanwhile; anything else was not chosen. */
export function takenOrMissing(failed: Stage, params: Record<string, unknown>): StageError {
  return (failed === 'date' || failed === 'time') && param(params, failed) ? TAKEN : REQUIRED;
}
