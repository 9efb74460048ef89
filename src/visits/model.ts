import offices from '../content/offices.json' with { type: 'json' };
import { addDays } from '../time/calendar.js';
import type { Language } from '../i18n/languages.js';
import { isOneOf } from '../text/one-of.js';

/** Why a person comes to an office; words in `queue:purposes.<id>`. */
export const VISIT_PURPOSES = ['biometrics', 'permitCard', 'consultation'] as const;
export type VisitPurpose = (typeof VISIT_PURPOSES)[number];

export function isPurpose(value: unknown): value is VisitPurpose {
  return isOneOf(VISIT_PURPOSES, value);
}

/** The offices a supervisor can open to bookings: those the portal lists (src/content/offices.json). */
export const OFFICE_IDS: readonly string[] = offices.offices.map((office) => office.id);

export function officeName(id: string, language: Language): string {
  return offices.offices.find((office) => office.id === id)?.name[language] ?? id;
}

export function officeAddress(id: string, language: Language): string | null {
  return offices.offices.find((office) => office.id === id)?.address?.[language] ?? null;
}

/** How an office takes bookings, as a supervisor set it. Times are 'HH:MM' in Baku. */
export interface OfficeSettings {
  office_id: string;
  accepting: boolean;
  purposes: VisitPurpose[];
  /** ISO days of the week: 1 Monday … 7 Sunday. */
  weekdays: number[];
  opens_at: string;
  closes_at: string;
  slot_minutes: number;
  seats: number;
  days_ahead: number;
  version: number;
  updated_by: string | null;
  updated_at: Date | null;
}

/** What a new office is offered with: the working week, the working day, 20 minutes, one desk, two weeks ahead. */
export const NEW_OFFICE = {
  accepting: false,
  purposes: [] as VisitPurpose[],
  weekdays: [1, 2, 3, 4, 5],
  opens_at: '09:00',
  closes_at: '18:00',
  slot_minutes: 20,
  seats: 1,
  days_ahead: 14,
} satisfies Partial<OfficeSettings>;

export interface BookingRow {
  id: string;
  code_hash: string;
  office_id: string;
  purpose: VisitPurpose;
  day: string;
  starts: string;
  seat: number;
  document_number: string;
  date_of_birth: string;
  status: 'booked' | 'cancelled' | 'ended';
  language: Language;
  /** Where the booking's mails go; null when none was given. */
  email: string | null;
  created_at: Date;
  changed_at: Date | null;
  cancelled_at: Date | null;
}

/** PostgreSQL gives a time as 'HH:MM:SS'; the queue speaks in minutes. */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}

function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The times a slot starts on a day the office is open: from opening, one slot length apart, each ending by closing. */
export function slotTimes(settings: Pick<OfficeSettings, 'opens_at' | 'closes_at' | 'slot_minutes'>): string[] {
  const times: string[] = [];
  const closes = minutesOf(settings.closes_at);
  for (let start = minutesOf(settings.opens_at); start + settings.slot_minutes <= closes; start += settings.slot_minutes) times.push(timeOf(start));
  return times;
}

/** ISO day of the week of a date: 1 Monday … 7 Sunday. */
function isoWeekday(iso: string): number {
  const day = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The days a booking can be made for, from today, on the office's days of the week. */
export function bookableDays(settings: Pick<OfficeSettings, 'weekdays' | 'days_ahead'>, today: string): string[] {
  const days: string[] = [];
  for (let offset = 0; offset < settings.days_ahead; offset += 1) {
    const day = addDays(today, offset);
    if (settings.weekdays.includes(isoWeekday(day))) days.push(day);
  }
  return days;
}

const BAKU_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Baku', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The time of day in Baku, 'HH:MM'. */
export function timeInBaku(now: Date): string {
  return BAKU_TIME.format(now);
}

/** A slot still to come: a later day, or later today. */
export function isAhead(day: string, starts: string, today: string, now: string): boolean {
  return day > today || (day === today && hhmm(starts) > now);
}

/** Whether a day and time is one the office offers now: its days, its hours, its grid, its horizon, and still ahead. */
export function isOffered(settings: OfficeSettings, day: string, starts: string, today: string, now: string): boolean {
  return bookableDays(settings, today).includes(day) && slotTimes(settings).includes(hhmm(starts)) && isAhead(day, starts, today, now);
}
